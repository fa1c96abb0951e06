using System.Buffers.Binary;
using System.Numerics;

namespace CopilotMetrics.Storage.Sqlite.Internal;

/// <summary>Appends variable-length integers (LEB128; signed values zig-zag encoded) and doubles to a growing buffer.</summary>
internal sealed class BlobWriter(int capacity = 256)
{
    private byte[] _buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public void WriteUnsigned(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    public void WriteSigned(long value) => WriteUnsigned((ulong)((value << 1) ^ (value >> 63)));

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
        }
    }
}

/// <summary>Reads what <see cref="BlobWriter"/> wrote.</summary>
internal ref struct BlobReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public ulong ReadUnsigned()
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length || shift > 63)
            {
                throw new InvalidDataException("A stored blob of the SQLite store is truncated or corrupt.");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }

    public long ReadSigned()
    {
        var raw = ReadUnsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw new InvalidDataException("A stored blob of the SQLite store is truncated or corrupt.");
        }

        return _data[_position++];
    }

    public double ReadDouble()
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(Slice(8));
        return value;
    }

    public ReadOnlySpan<byte> Slice(int length)
    {
        if (length < 0 || _position + length > _data.Length)
        {
            throw new InvalidDataException("A stored blob of the SQLite store is truncated or corrupt.");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}

/// <summary>Bitmaps of user ordinals, stored as little-endian 64-bit words (bit <c>i</c> of word <c>i / 64</c> is ordinal <c>64 * word + i</c>).</summary>
internal static class Bitmap
{
    public static ulong[] Of(IEnumerable<int> ordinals)
    {
        var max = -1;
        foreach (var o in ordinals)
        {
            max = Math.Max(max, o);
        }

        var words = new ulong[(max + 64) >> 6];
        foreach (var o in ordinals)
        {
            words[o >> 6] |= 1UL << (o & 63);
        }

        return words;
    }

    public static byte[] Encode(ReadOnlySpan<ulong> words)
    {
        var length = words.Length;
        while (length > 0 && words[length - 1] == 0)
        {
            length--;
        }

        var bytes = new byte[length * 8];
        for (var i = 0; i < length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), words[i]);
        }

        return bytes;
    }

    public static ulong[] Decode(ReadOnlySpan<byte> bytes)
    {
        var words = new ulong[bytes.Length / 8];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(i * 8));
        }

        return words;
    }

    /// <summary><paramref name="target"/> |= the stored bitmap <paramref name="bytes"/>, growing the target when needed.</summary>
    public static void Or(ref ulong[] target, ReadOnlySpan<byte> bytes)
    {
        var words = bytes.Length / 8;
        if (words > target.Length)
        {
            Array.Resize(ref target, words);
        }

        for (var i = 0; i < words; i++)
        {
            target[i] |= BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(i * 8));
        }
    }

    public static int Count(ReadOnlySpan<ulong> words)
    {
        var count = 0;
        foreach (var w in words)
        {
            count += BitOperations.PopCount(w);
        }

        return count;
    }

    public static bool Has(ReadOnlySpan<ulong> words, int ordinal) => (ordinal >> 6) < words.Length && (words[ordinal >> 6] & (1UL << (ordinal & 63))) != 0;

    public static ulong[] And(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var result = new ulong[Math.Min(a.Length, b.Length)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = a[i] & b[i];
        }

        return result;
    }
}
