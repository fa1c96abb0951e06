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

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var entry = ref _entries[hash.ToHashCode() & (_entries.Length - 1)];
        if (entry.Key is not null && utf8.SequenceEqual(entry.Key))
        {
            return entry.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        entry = new Entry(utf8.ToArray(), value);
        return value;
    }

    private readonly record struct Entry(byte[] Key, string Value);
}
