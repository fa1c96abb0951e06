using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;

namespace CopilotMetrics.Http;

/// <summary>
/// The body of a downloaded report file. Turns a body cut short — fewer bytes than <c>Content-Length</c>, a dropped
/// connection, any exception of the transport — into <see cref="ReportDownloadException"/> instead of a silently short
/// report or a framework exception. Owns and disposes the response.
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
    private bool _disposed;

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

    public HttpStatusCode StatusCode => _response.StatusCode;

    /// <summary>The last (up to) eight bytes read: a gzip or zlib trailer at the end of the body.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, (int)Math.Min(_read, 8));

    public bool ReachedEnd => _eof;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown while downloading, is a failure of the download (to be reported as
    /// <see cref="ReportDownloadException"/>): anything but the caller's own cancellation and our own exceptions.
    /// </summary>
    public static bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not CopilotMetricsException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this); // the caller's own mistake, not a failed download
        if (_eof || buffer.IsEmpty)
        {
            return 0;
        }

        int n;
        try
        {
            n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            // IOException and HttpRequestException as a rule; a torn-down connection can also surface as
            // ObjectDisposedException, a timeout elsewhere as OperationCanceledException.
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
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The body to parse: decompressed when the file host sent <c>Content-Encoding: gzip</c> (or <c>x-gzip</c>) or
    /// <c>deflate</c> — the two the client asks for — or a <c>.gz</c> file without an encoding. .NET's decompressors
    /// accept a truncated stream silently, so the trailer is checked against what was decompressed: the length for
    /// gzip, the Adler-32 checksum for deflate (zlib). Any other encoding (<c>br</c>, <c>zstd</c>, <c>compress</c>, two
    /// encodings at once) is a <see cref="ReportDownloadException"/>: the body cannot be read as NDJSON.
    /// </summary>
    public static Stream Decode(DownloadStream body, HttpResponseMessage response, Uri link)
    {
        var declared = response.Content.Headers.ContentEncoding;
        var encodings = declared.Where(static e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToList();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var encoding = encodings.Count switch
        {
            0 when link.AbsolutePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || mediaType is "application/gzip" or "application/x-gzip" => "gzip",
            0 => null,
            1 => encodings[0].ToLowerInvariant(),
            _ => string.Join(", ", declared),
        };

        return encoding switch
        {
            null => body,
            "gzip" or "x-gzip" => new VerifiedStream(body, new GZipStream(body, CompressionMode.Decompress), "gzip", VerifiedStream.GzipTrailer),
            "deflate" => new VerifiedStream(body, new ZLibStream(body, CompressionMode.Decompress), "deflate (zlib)", VerifiedStream.ZlibTrailer),
            _ => throw new ReportDownloadException(
                $"{body.Location} came with Content-Encoding {string.Join(", ", declared)}, which the client cannot decode (it asks for gzip or deflate). Request the report again.",
                body.Location, response.StatusCode, isTruncated: false),
        };
    }

    /// <summary>
    /// A decompressed body whose end is checked: when the decompressor ends, the rest of the body is drained and its last
    /// bytes (the format's trailer) must match what was decompressed. A decompressor's error is a <see cref="ReportDownloadException"/>.
    /// </summary>
    private sealed class VerifiedStream(DownloadStream body, Stream decoder, string format, VerifiedStream.TrailerCheck trailerMatches) : Stream
    {
        private const uint AdlerModulus = 65521;
        private const int AdlerBlock = 5552; // the most bytes whose sums cannot overflow 32 bits before the modulus

        private long _decompressed;
        private uint _adlerA = 1;
        private uint _adlerB;

        /// <summary>Whether the trailer at the end of the body (its last bytes, at most eight) matches what was decompressed.</summary>
        public delegate bool TrailerCheck(ReadOnlySpan<byte> tail, VerifiedStream stream);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _decompressed; set => throw new NotSupportedException(); }

        /// <summary>gzip (RFC 1952): the trailer ends with ISIZE, the decompressed length modulo 2^32, little-endian.</summary>
        public static bool GzipTrailer(ReadOnlySpan<byte> tail, VerifiedStream stream) =>
            tail.Length >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(tail[^4..]) == (uint)stream._decompressed;

        /// <summary>zlib (RFC 1950): the stream ends with the Adler-32 checksum of the decompressed bytes, big-endian.</summary>
        public static bool ZlibTrailer(ReadOnlySpan<byte> tail, VerifiedStream stream) =>
            tail.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(tail[^4..]) == ((stream._adlerB << 16) | stream._adlerA);

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n;
            try
            {
                n = await decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                throw new ReportDownloadException($"The {format} body of {body.Location} is corrupt ({ex.Message}). Request the report again.", body.Location, body.StatusCode, isTruncated: false, ex);
            }

            if (n > 0)
            {
                _decompressed += n;
                Adler(buffer.Span[..n]);
                return n;
            }

            if (buffer.IsEmpty)
            {
                return 0;
            }

            // Drain what the decompressor left unread so that the tail is the body's real end.
            var scratch = new byte[512];
            while (await body.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            if (!trailerMatches(body.Tail, this))
            {
                throw new ReportDownloadException(
                    $"The {format} body of {body.Location} ended after {body.BytesRead} bytes without a matching trailer: the file is truncated. Request the report again.",
                    body.Location, body.StatusCode, isTruncated: true);
            }

            return 0;
        }

        private void Adler(ReadOnlySpan<byte> data)
        {
            uint a = _adlerA, b = _adlerB;
            while (!data.IsEmpty)
            {
                var block = data[..Math.Min(data.Length, AdlerBlock)];
                foreach (var value in block)
                {
                    a += value;
                    b += a;
                }

                a %= AdlerModulus;
                b %= AdlerModulus;
                data = data[block.Length..];
            }

            (_adlerA, _adlerB) = (a, b);
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
                decoder.Dispose();
                body.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
