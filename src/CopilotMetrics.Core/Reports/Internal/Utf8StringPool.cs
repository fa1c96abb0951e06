using System.Buffers.Binary;
using System.Text;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// Turns the UTF-8 bytes of short, often repeated values (IDE, feature, language, model, ids, versions) into
/// strings without allocating a new string each time. A fixed-size, direct-mapped cache: a collision only costs
/// a fresh string. One pool per reader; not thread-safe.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int MaxPooledLength = 64;
    private readonly Entry[] _entries = new Entry[1024];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var entry = ref _entries[Hash(utf8) & (_entries.Length - 1)];
        if (entry.Key is not null && utf8.SequenceEqual(entry.Key))
        {
            return entry.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        entry = new Entry(utf8.ToArray(), value);
        return value;
    }

    /// <summary>
    /// A cheap hash of the length and the first and last (up to) eight bytes: the values pooled here are short and
    /// differ at their ends (<c>gpt-5.4</c> / <c>gpt-4.1</c>, <c>1.108.2</c> / <c>1.107.1</c>); a collision only costs a miss.
    /// </summary>
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        ulong head, tail;
        switch (utf8.Length)
        {
            case >= 8:
                head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
                tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
                break;
            case >= 4:
                head = BinaryPrimitives.ReadUInt32LittleEndian(utf8);
                tail = BinaryPrimitives.ReadUInt32LittleEndian(utf8[^4..]);
                break;
            case > 0:
                head = utf8[0] | ((ulong)utf8[utf8.Length / 2] << 8) | ((ulong)utf8[^1] << 16);
                tail = 0;
                break;
            default:
                return 0;
        }

        var h = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)utf8.Length;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h ^ (h >> 32));
    }

    private readonly record struct Entry(byte[] Key, string Value);
}
