namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>
/// A write-only view of a buffered <see cref="FileStream"/> whose asynchronous writes and flushes complete
/// synchronously: Parquet.Net awaits a write per page and flushes before each page header, and on a synchronous
/// <see cref="FileStream"/> each of those became a thread-pool hop and a write call. Here the page bytes go into the file
/// stream's buffer, which writes to the file when full; <see cref="Flush"/> is left to the owner (it flushes the file to
/// disk once, when the partition is complete). Not seekable, so Parquet.Net counts the position itself.
/// </summary>
internal sealed class SyncWriteStream(FileStream file) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Does nothing: the owner flushes the file when the partition is complete.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);

    public override void WriteByte(byte value) => file.WriteByte(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        file.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        file.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }
}
