using System.IO.Compression;
using System.Text;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Client.Tests;

/// <summary>Report files for the download tests: the fixture's user repeated, compressed, or served by a stream that fails.</summary>
internal static class DownloadFiles
{
    /// <summary><paramref name="users"/> lines of the users-1-day fixture, with user ids 1, 2, ….</summary>
    public static byte[] UsersFile(int users)
    {
        var line = File.ReadAllText(Fixture("users-1-day.example.ndjson")).Trim();
        var builder = new StringBuilder();
        for (var i = 1; i <= users; i++)
        {
            builder.Append(line.Replace("\"user_id\":5820417", $"\"user_id\":{i}", StringComparison.Ordinal)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] Gzip(byte[] data) => Compress(data, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true));

    public static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }
}

/// <summary>
/// Hands out its bytes up to <paramref name="failAt"/>, then throws <paramref name="failure"/> (as a dropped connection
/// or a torn-down handler would), or cancels <paramref name="cancel"/> and throws for it.
/// </summary>
internal sealed class FailingStream(byte[] data, int failAt, Exception? failure, CancellationTokenSource? cancel = null) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAt)
        {
            if (cancel is not null)
            {
                cancel.Cancel();
                cancel.Token.ThrowIfCancellationRequested();
            }

            throw failure!;
        }

        var n = Math.Min(buffer.Length, failAt - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<int>(ex);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
