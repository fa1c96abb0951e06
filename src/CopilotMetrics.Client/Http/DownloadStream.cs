using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;

namespace CopilotMetrics.Http;

/// <summary>
/// The body of a downloaded report file. Turns a body cut short — fewer bytes than <c>Content-Length</c>, a dropped
/// connection, a gzip stream without its whole trailer — into <see cref="ReportDownloadException"/> instead of a
/// silently short report. Owns and disposes the response.
/// </summary>
internal sealed class DownloadStream : Stream
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _inner;
    private readonly long? _expectedLength;
    private readonly string _location;
    private readonly Action<long>? _onBytes;
    private readonly byte[] _tail = new byte[8];
    private long _read;
    private bool _eof;

    public DownloadStream(HttpResponseMessage response, Stream inner, string location, Action<long>? onBytes)
    {
        _response = response;
        _inner = inner;
        _expectedLength = response.Content.Headers.ContentLength;
        _location = location;
        _onBytes = onBytes;
    }

    public long BytesRead => _read;

    public string Location => _location;

    /// <summary>The last (up to) eight bytes read: a gzip trailer at the end of the body.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, (int)Math.Min(_read, 8));

    public bool ReachedEnd => _eof;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_eof || buffer.IsEmpty)
        {
            return 0;
        }

        int n;
        try
        {
            n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ReportDownloadException(
                $"The download of {_location} broke off after {_read} bytes ({ex.Message}); the file was not read whole. Request the report again.",
                _location, _response.StatusCode, isTruncated: true, ex);
        }

        if (n == 0)
        {
            _eof = true;
            if (_expectedLength is { } expected && _read != expected)
            {
                throw new ReportDownloadException(
                    $"The download of {_location} ended after {_read} of {expected} bytes: the file is truncated. Request the report again.",
                    _location, _response.StatusCode, isTruncated: true);
            }

            return 0;
        }

        Remember(buffer.Span[..n]);
        _read += n;
        _onBytes?.Invoke(n);
        return n;
    }

    private void Remember(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= 8)
        {
            chunk[^8..].CopyTo(_tail);
            return;
        }

        // Shift the window left by chunk.Length and append.
        _tail.AsSpan(chunk.Length).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(8 - chunk.Length));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The body to parse: decompressed when the file host sent <c>Content-Encoding: gzip/deflate</c> or a <c>.gz</c>
    /// file. .NET's <see cref="GZipStream"/> accepts a truncated stream silently, so for gzip the trailer's length is
    /// checked against what was decompressed.
    /// </summary>
    public static Stream Decode(DownloadStream body, HttpResponseMessage response, Uri link)
    {
        var encodings = response.Content.Headers.ContentEncoding;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var gzip = encodings.Contains("gzip", StringComparer.OrdinalIgnoreCase)
                   || (encodings.Count == 0 && (link.AbsolutePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                                                || mediaType is "application/gzip" or "application/x-gzip"));
        if (gzip)
        {
            return new VerifiedGZipStream(body);
        }

        if (encodings.Contains("deflate", StringComparer.OrdinalIgnoreCase))
        {
            return new ZLibStream(body, CompressionMode.Decompress);
        }

        if (encodings.Contains("br", StringComparer.OrdinalIgnoreCase))
        {
            return new BrotliStream(body, CompressionMode.Decompress);
        }

        return body;
    }

    private sealed class VerifiedGZipStream(DownloadStream body) : Stream
    {
        private readonly GZipStream _gzip = new(body, CompressionMode.Decompress);
        private long _decompressed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _decompressed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n;
            try
            {
                n = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw new ReportDownloadException($"The gzip body of {body.Location} is corrupt ({ex.Message}). Request the report again.", body.Location, null, isTruncated: true, ex);
            }

            if (n > 0)
            {
                _decompressed += n;
                return n;
            }

            // Drain what the decompressor left unread so that the tail is the body's real end.
            var scratch = new byte[512];
            while (await body.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            var tail = body.Tail;
            if (tail.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) != (uint)_decompressed)
            {
                throw new ReportDownloadException(
                    $"The gzip body of {body.Location} ended after {body.BytesRead} bytes without a matching trailer: the file is truncated. Request the report again.",
                    body.Location, HttpStatusCode.OK, isTruncated: true);
            }

            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
                body.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
