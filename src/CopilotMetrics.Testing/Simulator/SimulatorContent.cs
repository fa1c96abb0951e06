using System.IO.Compression;
using System.Net;

namespace CopilotMetrics.Testing.Simulation;

/// <summary>A generated NDJSON file: its bytes and where each line starts.</summary>
internal sealed class DayFile
{
    public static readonly DayFile Empty = new([]);

    public DayFile(byte[] bytes)
    {
        Bytes = bytes;
        var starts = new List<int> { 0 };
        var span = bytes.AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            var newline = span[offset..].IndexOf((byte)'\n');
            offset = newline < 0 ? span.Length : offset + newline + 1;
            starts.Add(offset);
        }

        LineStarts = [.. starts];
    }

    public byte[] Bytes { get; }

    /// <summary>Line starts, plus the end of the file.</summary>
    public int[] LineStarts { get; }

    public int Lines => LineStarts.Length - 1;

    public long SizeInBytes => Bytes.Length + (4L * LineStarts.Length);

    /// <summary>A line with its line feed.</summary>
    public ReadOnlyMemory<byte> Line(int index) => Bytes.AsMemory(LineStarts[index], LineStarts[index + 1] - LineStarts[index]);

    /// <summary>Lines [first, end) with their line feeds.</summary>
    public ReadOnlyMemory<byte> Range(int first, int end) => Bytes.AsMemory(LineStarts[first], LineStarts[end] - LineStarts[first]);
}

/// <summary>The content of one report file: its length and a way to read it, generated as it is read.</summary>
internal sealed class PartContent(long length, Func<Stream> open)
{
    /// <summary>A gzip member holding no bytes: header, an empty final deflate block, CRC-32 0 and length 0.</summary>
    private static readonly byte[] EmptyGzip = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public long Length { get; } = length;

    public Stream Open() => open();

    public static PartContent FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes.Length, () => new ChunkStream([bytes]));

    public byte[] ToArray()
    {
        using var stream = Open();
        using var buffer = new MemoryStream(Length > int.MaxValue ? int.MaxValue : (int)Length);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public byte[] ToGzip()
    {
        using var source = Open();
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            source.CopyTo(gzip);
        }

        // .NET writes nothing at all for an empty input; a server sends a valid empty gzip member.
        return buffer.Length == 0 ? [.. EmptyGzip] : buffer.ToArray();
    }
}

/// <summary>
/// A forward-only, read-only stream whose reads complete synchronously: subclasses implement
/// <see cref="Read(Span{byte})"/> and report what they read with <see cref="Advance"/>; the rest is here.
/// </summary>
internal abstract class SyncReadOnlyStream : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    /// <summary>Moves <see cref="Position"/> past bytes read.</summary>
    protected int Advance(int count)
    {
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A read-only stream over a lazily produced sequence of chunks.</summary>
internal sealed class ChunkStream(IEnumerable<ReadOnlyMemory<byte>> chunks) : SyncReadOnlyStream
{
    private IEnumerator<ReadOnlyMemory<byte>>? _chunks;
    private ReadOnlyMemory<byte> _current;
    private bool _done;

    public override int Read(Span<byte> buffer)
    {
        while (_current.IsEmpty && !_done)
        {
            _chunks ??= chunks.GetEnumerator();
            if (_chunks.MoveNext())
            {
                _current = _chunks.Current;
            }
            else
            {
                _done = true;
            }
        }

        var n = Math.Min(buffer.Length, _current.Length);
        _current.Span[..n].CopyTo(buffer);
        _current = _current[n..];
        return Advance(n);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunks?.Dispose();
            _done = true;
            _current = default;
        }

        base.Dispose(disposing);
    }
}

/// <summary>Passes <paramref name="cutAt"/> bytes through, then ends early or throws <see cref="IOException"/>.</summary>
internal sealed class TruncatingStream(Stream inner, long cutAt, bool reset) : SyncReadOnlyStream
{

    public override int Read(Span<byte> buffer)
    {
        if (Position >= cutAt)
        {
            if (reset && !buffer.IsEmpty)
            {
                throw new IOException("The simulated connection to the download host was reset in the middle of the body.");
            }

            return 0;
        }

        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, cutAt - Position)]);
        return Advance(n);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// A response body read straight from a generated stream (never buffered whole), with a declared
/// <c>Content-Length</c> that may be a lie (the truncation faults).
/// </summary>
internal sealed class StreamingContent : HttpContent
{
    private readonly Func<Stream> _open;
    private readonly long _declaredLength;

    public StreamingContent(Func<Stream> open, long declaredLength)
    {
        _open = open;
        _declaredLength = declaredLength;
        Headers.ContentLength = declaredLength;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = _open();
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _declaredLength;
        return true;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(_open());

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult(_open());

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => _open();
}
