using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// The per-user running totals of <c>user_prefix</c>: for every user ordinal, the totals over all stored days up to a
/// day, as little-endian arrays indexed by ordinal. A range's totals are the difference of two rows.
/// </summary>
internal static class UserPrefix
{
    /// <summary>The marker level in <c>rollup_dirty</c> meaning "running totals of this day (block = day number) and later are stale".</summary>
    public const short MarkerLevel = 0;

    /// <summary>The counter columns kept, in the order of <see cref="Totals.Counters"/>.</summary>
    public static readonly string[] CounterColumns =
        ["user_initiated_interaction_count", "code_generation_activity_count", "code_acceptance_activity_count", "loc_added_sum"];

    public static byte[] Encode(ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
            }
        }

        return bytes;
    }

    public static byte[] Encode(ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
            }
        }

        return bytes;
    }

    public static long[] DecodeInt64(byte[] bytes, int count)
    {
        CheckLength(bytes, count, sizeof(long));
        var values = new long[count];
        if (BitConverter.IsLittleEndian)
        {
            bytes.AsSpan(0, count * sizeof(long)).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * sizeof(long)));
            }
        }

        return values;
    }

    public static int[] DecodeInt32(byte[] bytes, int count)
    {
        CheckLength(bytes, count, sizeof(int));
        var values = new int[count];
        if (BitConverter.IsLittleEndian)
        {
            bytes.AsSpan(0, count * sizeof(int)).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * sizeof(int)));
            }
        }

        return values;
    }

    private static void CheckLength(byte[] bytes, int count, int size)
    {
        if (bytes.Length != count * size)
        {
            throw new InvalidOperationException($"A user_prefix array has {bytes.Length} bytes where {count} values of {size} bytes were expected.");
        }
    }

    /// <summary>Running totals being built, growing with the ordinals seen.</summary>
    public sealed class Totals
    {
        public int Users { get; private set; }

        public int[] ActiveDays { get; private set; } = [];

        public long[][] Counters { get; } = [[], [], [], []];

        public void Load(int users, int[] activeDays, long[][] counters)
        {
            Users = users;
            ActiveDays = activeDays;
            for (var c = 0; c < Counters.Length; c++)
            {
                Counters[c] = counters[c];
            }
        }

        public void Add(int ordinal, long interactions, long generations, long acceptances, long locAdded)
        {
            if (ordinal >= Users)
            {
                Grow(ordinal + 1);
            }

            ActiveDays[ordinal]++;
            Counters[0][ordinal] += interactions;
            Counters[1][ordinal] += generations;
            Counters[2][ordinal] += acceptances;
            Counters[3][ordinal] += locAdded;
        }

        private void Grow(int users)
        {
            var capacity = Math.Max(users, ActiveDays.Length);
            if (capacity > ActiveDays.Length)
            {
                capacity = Math.Max(capacity, ActiveDays.Length * 2);
                var ad = ActiveDays;
                Array.Resize(ref ad, capacity);
                ActiveDays = ad;
                for (var c = 0; c < Counters.Length; c++)
                {
                    var values = Counters[c];
                    Array.Resize(ref values, capacity);
                    Counters[c] = values;
                }
            }

            Users = users;
        }
    }
}
