namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// The per-user rollups: sums over aligned blocks of 2^level days (levels <see cref="MinLevel"/>–<see cref="MaxLevel"/>,
/// 8–256 days), so that a range's per-user totals add up a handful of blocks per user instead of every day.
/// </summary>
internal static class Rollups
{
    public const int MinLevel = 3;
    public const int MaxLevel = 8;

    /// <summary>
    /// Covers the day numbers <paramref name="from"/>..<paramref name="to"/> with the largest clean aligned blocks
    /// (greedy from the left) and single days where no clean block fits. A dirty block is never used; its clean
    /// sub-blocks or its days are used instead, so the result always equals the sum over the days.
    /// </summary>
    public static (List<(short Level, int Block)> Blocks, List<DateOnly> Days) Cover(int from, int to, HashSet<(short Level, int Block)> dirty)
    {
        var blocks = new List<(short, int)>();
        var days = new List<DateOnly>();
        var p = from;
        while (p <= to)
        {
            var taken = false;
            for (var level = MaxLevel; level >= MinLevel; level--)
            {
                var size = 1 << level;
                if ((p & (size - 1)) == 0 && (long)p + size - 1 <= to && !dirty.Contains(((short)level, p >> level)))
                {
                    blocks.Add(((short)level, p >> level));
                    p += size;
                    taken = true;
                    break;
                }
            }

            if (!taken)
            {
                days.Add(DateOnly.FromDayNumber(p));
                p++;
            }
        }

        return (blocks, days);
    }
}
