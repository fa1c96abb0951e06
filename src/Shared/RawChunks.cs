using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace CopilotMetrics.Storage.Internal;

/// <summary>The sort key of a stored record: (user id, 0) for users, (team id, user id) for user-teams, (position, 0) otherwise.</summary>
internal readonly record struct RecordKey(long Primary, long Secondary) : IComparable<RecordKey>
{
    public int CompareTo(RecordKey other)
    {
        var c = Primary.CompareTo(other.Primary);
        return c != 0 ? c : Secondary.CompareTo(other.Secondary);
    }

    public static bool operator <(RecordKey a, RecordKey b) => a.CompareTo(b) < 0;

    public static bool operator >(RecordKey a, RecordKey b) => a.CompareTo(b) > 0;

    public static bool operator <=(RecordKey a, RecordKey b) => a.CompareTo(b) <= 0;

    public static bool operator >=(RecordKey a, RecordKey b) => a.CompareTo(b) >= 0;
}

/// <summary>A compressed chunk of NDJSON: each record's JSON followed by a line feed, deflate-compressed.</summary>
internal sealed record CompressedChunk(int Records, byte[] Data);

/// <summary>
/// Builds the lossless copy of a report-day: records' JSON appended in arrival order, cut into chunks of about
/// <see cref="ChunkBytes"/>, each sorted by key and compressed on a background thread while the caller keeps streaming.
/// When the whole input arrived in key order (the usual case) the chunks are in key order too; otherwise
/// <see cref="CompleteAsync"/> merges them into key order (k-way, holding only the compressed chunks and one small
/// decoder per chunk) and computes the content hash over that order.
/// </summary>
/// <remarks>
/// A chunk's bytes gather in <see cref="SegmentBytes"/> segments from the shared pool, never in one chunk-sized array:
/// <see cref="ArrayPool{T}.Shared"/> keeps a returned array per thread and per core for each size, and a 2 MB buffer
/// (rented from its 4 MB bucket) rented on one thread and returned by the compressing one on another left about two
/// dozen 4 MB arrays in the pool for the life of the process (~100 MB of a sync host's working set). The segments come
/// from a pool of their own that keeps at most <see cref="PooledSegments"/> of them (16 MiB, a bound: a writer
/// has one filling and up to two compressing chunks in flight, up to 100 segments): the shared pool keeps only a few arrays per size, so most segments were new arrays
/// that lived as long as a chunk, reached generation 2 and made it collect three times as often.
/// </remarks>
internal sealed class RawChunkWriter : IDisposable
{
    public const int ChunkBytes = 2 * 1024 * 1024;

    /// <summary>The size of the pooled segments a chunk's bytes are kept in.</summary>
    public const int SegmentBytes = 64 * 1024;

    /// <summary>How many free segments <see cref="Segments"/> keeps for reuse (beyond them, returned segments are garbage).</summary>
    public const int PooledSegments = 256;

    private const int MaxPending = 2;

    private static readonly ArrayPool<byte> Segments = ArrayPool<byte>.Create(SegmentBytes, PooledSegments);

    private readonly int _level;
    private readonly List<Task<CompressedChunk>> _chunks = [];
    private readonly List<RecordKey[]> _chunkKeys = [];
    private List<byte[]> _segments = [];
    private int _length;
    private List<(int Offset, int Length, RecordKey Key)> _lines = [];
    private RecordKey _last;
    private bool _any;

    public RawChunkWriter(int level)
    {
        _level = level;
    }

    /// <summary>Whether every record so far came in strictly ascending key order.</summary>
    public bool Sorted { get; private set; } = true;

    public long Count { get; private set; }

    /// <summary>Appends a record's JSON (copied). Returns whether it was strictly above the previous key.</summary>
    public void Append(ReadOnlySpan<byte> json, RecordKey key)
    {
        if (_any && key <= _last)
        {
            Sorted = false;
        }

        _last = key;
        _any = true;
        Count++;
        var needed = json.Length + 1;
        if (_length > 0 && _length + needed > ChunkBytes + SegmentBytes)
        {
            Seal();
        }

        var offset = _length;
        Write(json);
        Write("\n"u8);
        _lines.Add((offset, needed, key));
        if (_length >= ChunkBytes)
        {
            Seal();
        }
    }

    /// <summary>Waits for the compressions; merges into key order when the input was not sorted.</summary>
    /// <returns>The chunks in key order, and the content hash when it had to be computed over the merged order (else <see langword="null"/>).</returns>
    public async Task<(List<CompressedChunk> Chunks, string? MergedHash)> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            Seal();
        }

        var chunks = new List<CompressedChunk>(_chunks.Count);
        foreach (var task in _chunks)
        {
            chunks.Add(await task.ConfigureAwait(false));
        }

        if (Sorted)
        {
            return (chunks, null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await Task.Run(() => Merge(chunks, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        ReturnSegments(_segments);
        _segments = [];
        _length = 0;
    }

    public static byte[] Compress(ReadOnlySpan<byte> data, int level)
    {
        using var output = new MemoryStream(Math.Max(1024, data.Length / 8));
        using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Compresses a chunk held in segments: whole, or line by line in the given (sorted) order.</summary>
    private static byte[] Compress(List<byte[]> segments, int length, List<(int Offset, int Length, RecordKey Key)>? order, int level)
    {
        using var output = new MemoryStream(Math.Max(1024, length / 8));
        using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            if (order is null)
            {
                WriteRange(deflate, segments, 0, length);
            }
            else
            {
                foreach (var (offset, count, _) in order)
                {
                    WriteRange(deflate, segments, offset, count);
                }
            }
        }

        return output.ToArray();
    }

    private static void WriteRange(Stream destination, List<byte[]> segments, int offset, int count)
    {
        while (count > 0)
        {
            var at = offset % SegmentBytes;
            var n = Math.Min(count, SegmentBytes - at);
            destination.Write(segments[offset / SegmentBytes], at, n);
            offset += n;
            count -= n;
        }
    }

    private static void ReturnSegments(List<byte[]> segments)
    {
        foreach (var segment in segments)
        {
            Segments.Return(segment);
        }

        segments.Clear();
    }

    /// <summary>Copies bytes to the end of the current chunk, taking new segments as needed.</summary>
    private void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var at = _length % SegmentBytes;
            if (at == 0 && _length / SegmentBytes == _segments.Count)
            {
                _segments.Add(Segments.Rent(SegmentBytes));
            }

            var n = Math.Min(data.Length, SegmentBytes - at);
            data[..n].CopyTo(_segments[_length / SegmentBytes].AsSpan(at));
            _length += n;
            data = data[n..];
        }
    }

    /// <summary>Cuts the current chunk: sorts its lines by key when needed and compresses it in the background.</summary>
    private void Seal()
    {
        var lines = _lines;
        var segments = _segments;
        var length = _length;
        _lines = new List<(int, int, RecordKey)>(lines.Count);
        _segments = new List<byte[]>(segments.Count);
        _length = 0;

        var keys = new RecordKey[lines.Count];
        var inOrder = true;
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Key < lines[i - 1].Key)
            {
                inOrder = false;
                break;
            }
        }

        if (!inOrder)
        {
            lines.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = lines[i].Key;
        }

        _chunkKeys.Add(keys);

        // Bound the memory held by chunks waiting for compression.
        // (A chunk may finish between the count and the look-up: then there is nothing to wait for.)
        if (_chunks.Count(t => !t.IsCompleted) >= MaxPending && _chunks.FirstOrDefault(t => !t.IsCompleted) is { } oldest)
        {
            oldest.Wait();
        }

        var level = _level;
        _chunks.Add(Task.Run(() =>
        {
            try
            {
                return new CompressedChunk(lines.Count, Compress(segments, length, inOrder ? null : lines, level));
            }
            finally
            {
                ReturnSegments(segments);
            }
        }));
    }

    private (List<CompressedChunk>, string?) Merge(List<CompressedChunk> chunks, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var readers = new List<LineReader>(chunks.Count);
        var queue = new PriorityQueue<int, (RecordKey Key, int Chunk)>(chunks.Count, Comparer<(RecordKey Key, int Chunk)>.Create(static (a, b) =>
        {
            var c = a.Key.CompareTo(b.Key);
            return c != 0 ? c : a.Chunk.CompareTo(b.Chunk);
        }));
        var positions = new int[chunks.Count];
        try
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                readers.Add(LineReader.Open(chunks[i].Data));
                if (_chunkKeys[i].Length > 0)
                {
                    queue.Enqueue(i, (_chunkKeys[i][0], i));
                }
            }

            var merged = new List<CompressedChunk>(chunks.Count);
            var output = new ArrayBufferWriter<byte>(ChunkBytes + (64 * 1024));
            var records = 0;
            var checkedCount = 0;
            while (queue.TryDequeue(out var chunk, out _))
            {
                if ((++checkedCount & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!readers[chunk].TryReadLine(out var line))
                {
                    throw new InvalidOperationException("A compressed chunk ended before its last record.");
                }

                hash.AppendData(line.Span);
                hash.AppendData("\n"u8);
                output.Write(line.Span);
                output.Write("\n"u8);
                records++;
                if (output.WrittenCount >= ChunkBytes)
                {
                    merged.Add(new CompressedChunk(records, Compress(output.WrittenSpan, _level)));
                    output.Clear();
                    records = 0;
                }

                var next = ++positions[chunk];
                if (next < _chunkKeys[chunk].Length)
                {
                    queue.Enqueue(chunk, (_chunkKeys[chunk][next], chunk));
                }
            }

            if (records > 0)
            {
                merged.Add(new CompressedChunk(records, Compress(output.WrittenSpan, _level)));
            }

            return (merged, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }
}

/// <summary>Reads the lines (records' JSON, without the line feed) of a compressed chunk, decompressing as it goes.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    private LineReader(Stream stream)
    {
        _stream = stream;
    }

    public static LineReader Open(byte[] compressed) => new(new DeflateStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress));

    /// <summary>The next line; valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    line = _buffer.AsMemory(_start, _end - _start);
                    _start = _end;
                    return true;
                }

                line = default;
                return false;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    public void Dispose() => _stream.Dispose();
}
