using System.Buffers;
using System.IO.Compression;

namespace CopilotMetrics.Storage.InMemory.Internal;

/// <summary>
/// The lossless copy of one stored day: its records' JSON, each followed by a line feed (the JSON that
/// <see cref="ContentHash"/> writes has no raw line feed), in stored order, cut into blocks of about
/// <see cref="BlockBytes"/> and Brotli-compressed. Only the raw reads decompress it, a block at a time. Immutable.
/// </summary>
internal sealed class CompressedRows
{
    /// <summary>The uncompressed size a block is cut at: large enough for Brotli to find the records' common parts.</summary>
    public const int BlockBytes = 1024 * 1024;

    /// <summary>An empty copy (a day stored with no records).</summary>
    public static readonly CompressedRows Empty = new([], []);

    private readonly byte[][] _blocks;
    private readonly int[] _sizes;

    private CompressedRows(byte[][] blocks, int[] sizes)
    {
        _blocks = blocks;
        _sizes = sizes;
    }

    /// <summary>The number of blocks (<see cref="ReadBlock"/>).</summary>
    public int Blocks => _blocks.Length;

    /// <summary>Decompresses block <paramref name="block"/> and returns its records' JSON, in order.</summary>
    public List<byte[]> ReadBlock(int block)
    {
        var size = _sizes[block];
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            if (!BrotliDecoder.TryDecompress(_blocks[block], buffer, out var written) || written != size)
            {
                throw new InvalidOperationException("A stored block of records could not be decompressed.");
            }

            var lines = new List<byte[]>();
            var rest = buffer.AsSpan(0, size);
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf((byte)'\n');
                lines.Add(rest[..end].ToArray());
                rest = rest[(end + 1)..];
            }

            return lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Collects records' JSON and compresses each full block. Not thread-safe; dispose it to return its buffer.</summary>
    internal sealed class Builder : IDisposable
    {
        private const int Quality = 4;
        private const int Window = 22;

        private readonly List<byte[]> _blocks = [];
        private readonly List<int> _sizes = [];
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BlockBytes + (64 * 1024));
        private int _length;

        /// <summary>Appends one record's JSON (copied).</summary>
        public void Add(ReadOnlySpan<byte> json)
        {
            var needed = _length + json.Length + 1;
            if (needed > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(needed);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            json.CopyTo(_buffer.AsSpan(_length));
            _buffer[_length + json.Length] = (byte)'\n';
            _length = needed;
            if (_length >= BlockBytes)
            {
                Seal();
            }
        }

        /// <summary>The compressed copy of everything added.</summary>
        public CompressedRows Build()
        {
            Seal();
            return _blocks.Count == 0 ? Empty : new CompressedRows([.. _blocks], [.. _sizes]);
        }

        public void Dispose()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }

        private void Seal()
        {
            if (_length == 0)
            {
                return;
            }

            var output = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(_length));
            try
            {
                if (!BrotliEncoder.TryCompress(_buffer.AsSpan(0, _length), output, out var written, Quality, Window))
                {
                    throw new InvalidOperationException("A block of records could not be compressed.");
                }

                _blocks.Add(output.AsSpan(0, written).ToArray());
                _sizes.Add(_length);
                _length = 0;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(output);
            }
        }
    }
}
