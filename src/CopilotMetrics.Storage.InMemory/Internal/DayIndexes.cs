using System.Numerics;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.InMemory.Internal;

/// <summary>
/// Dense indices 0, 1, 2, … for the user ids of one scope, so that the per-day structures can be bitsets and arrays
/// indexed by user, and the scope's logins interned (one string per distinct login, shared by every day that has it).
/// Append-only (an index never changes or goes away, even when the days that used it are replaced or purged), so a
/// structure built once against it stays valid; thread-safe.
/// </summary>
internal sealed class UserIndex
{
    private readonly object _lock = new();
    private readonly Dictionary<long, int> _dense = [];
    private readonly HashSet<string> _logins = new(StringComparer.Ordinal);

    /// <summary>Replaces each login with the scope's instance of it (<see langword="null"/> becomes <c>""</c>).</summary>
    public void InternLogins(string?[] logins)
    {
        lock (_lock)
        {
            for (var i = 0; i < logins.Length; i++)
            {
                var login = logins[i] ?? "";
                if (!_logins.TryGetValue(login, out var interned))
                {
                    _logins.Add(interned = login);
                }

                logins[i] = interned;
            }
        }
    }

    /// <summary>The dense index of each id, assigning new ones to ids not seen before.</summary>
    public int[] Map(ReadOnlySpan<long> userIds)
    {
        var result = new int[userIds.Length];
        lock (_lock)
        {
            for (var i = 0; i < userIds.Length; i++)
            {
                if (!_dense.TryGetValue(userIds[i], out var index))
                {
                    index = _dense.Count;
                    _dense.Add(userIds[i], index);
                }

                result[i] = index;
            }
        }

        return result;
    }
}

/// <summary>
/// The dense-index form of one stored per-user day version that the range queries read:
/// the rows' dense user indices, the day's users as a bitset and each dense index's row. Built when the day is written (<see cref="UserDay.Index"/>); immutable.
/// </summary>
internal sealed class UserDayIndex
{
    public UserDayIndex(UserIndex users, long[] userIds)
    {
        var dense = users.Map(userIds);
        var size = 0;
        foreach (var index in dense)
        {
            size = Math.Max(size, index + 1);
        }

        var rowOf = new int[size];
        Array.Fill(rowOf, -1);
        var active = new ulong[Bitset.Words(size)];
        for (var row = 0; row < dense.Length; row++)
        {
            rowOf[dense[row]] = row;
            Bitset.Set(active, dense[row]);
        }

        Dense = dense;
        RowOf = rowOf;
        Active = active;
    }

    /// <summary>The dense user index of each row (parallel to <see cref="UserDay.UserIds"/>).</summary>
    public int[] Dense { get; }

    /// <summary>For each dense index below <see cref="Size"/>, its row, or -1 when the user has no row that day.</summary>
    public int[] RowOf { get; }

    /// <summary>The users with a row that day.</summary>
    public ulong[] Active { get; }

    /// <summary>One more than the largest dense index of the day (0 for an empty day).</summary>
    public int Size => RowOf.Length;
}

/// <summary>
/// One day's keys of one breakdown dimension with, for each key, the bitset of the users that have a row for it.
/// Built when the day is written (<see cref="UserDay.KeyBits"/>); immutable.
/// </summary>
/// <param name="keys">The day's distinct keys.</param>
/// <param name="bits">The users of each key (parallel to <paramref name="keys"/>; all <see cref="UserDayIndex.Active"/>-long).</param>
internal sealed class KeyBitsets(string[] keys, ulong[][] bits)
{
    /// <summary>The day's distinct keys.</summary>
    public string[] Keys { get; } = keys;

    /// <summary>The users of each key (parallel to <see cref="Keys"/>; all <see cref="UserDayIndex.Active"/>-long).</summary>
    public ulong[][] Bits { get; } = bits;
}

/// <summary>
/// The compact form of one stored user-teams day version: each team of the day, the last slug its rows carry and its
/// members as a bitset of dense user indices. Built when the day is written (<see cref="UserTeamDay.Index"/>); immutable.
/// </summary>
internal sealed class TeamDayIndex
{
    /// <summary>Builds the index of <paramref name="rows"/>, ordered by team id then user id.</summary>
    public TeamDayIndex(UserIndex users, IReadOnlyList<UserTeamRecord> rows)
    {
        var ids = new long[rows.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = rows[i].UserId;
        }

        var dense = users.Map(ids);
        var size = 0;
        foreach (var index in dense)
        {
            size = Math.Max(size, index + 1);
        }

        var words = Bitset.Words(size);
        var teams = new List<long>();
        var slugs = new List<string?>();
        var members = new List<ulong[]>();

        // The rows are ordered by team id then user id: one run per team.
        for (var start = 0; start < rows.Count;)
        {
            var team = rows[start].TeamId;
            string? slug = null;
            var bits = new ulong[words];
            var i = start;
            for (; i < rows.Count && rows[i].TeamId == team; i++)
            {
                slug = rows[i].Slug ?? slug;
                Bitset.Set(bits, dense[i]);
            }

            teams.Add(team);
            slugs.Add(slug);
            members.Add(bits);
            start = i;
        }

        TeamIds = [.. teams];
        Slugs = [.. slugs];
        Members = [.. members];
    }

    /// <summary>The day's teams, ascending.</summary>
    public long[] TeamIds { get; }

    /// <summary>The last non-null slug of each team's rows that day (parallel to <see cref="TeamIds"/>).</summary>
    public string?[] Slugs { get; }

    /// <summary>The members of each team that day (parallel to <see cref="TeamIds"/>).</summary>
    public ulong[][] Members { get; }

    /// <summary>
    /// The counters of each team's members that have a row on <paramref name="users"/> (the same day), summed
    /// (parallel to <see cref="TeamIds"/>).
    /// </summary>
    public ActivityCounts[] SumActivity(UserDay users)
    {
        var index = users.Index;
        var rowOf = index.RowOf;
        var facts = users.Facts;
        var sums = new ActivityCounts[TeamIds.Length];
        for (var team = 0; team < sums.Length; team++)
        {
            var members = Members[team];
            var sum = default(ActivityCounts);
            var words = Math.Min(members.Length, index.Active.Length);
            for (var w = 0; w < words; w++)
            {
                // Members with a row that day.
                var word = members[w] & index.Active[w];
                while (word != 0)
                {
                    var user = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    sum += facts[rowOf[user]].Activity;
                }
            }

            sums[team] = sum;
        }

        return sums;
    }
}

/// <summary>One aggregate day's breakdown rows of one dimension, summed by key (<see cref="AggregateDay.Sums"/>); immutable.</summary>
internal sealed class KeySums
{
    public KeySums(IEnumerable<(string Key, ActivityCounts Counts)> rows)
    {
        var sums = new Dictionary<string, ActivityCounts>(StringComparer.Ordinal);
        foreach (var (key, counts) in rows)
        {
            sums[key] = sums.GetValueOrDefault(key) + counts;
        }

        Keys = [.. sums.Keys];
        Counts = [.. sums.Values];
    }

    /// <summary>The distinct keys.</summary>
    public string[] Keys { get; }

    /// <summary>The sums (parallel to <see cref="Keys"/>).</summary>
    public ActivityCounts[] Counts { get; }
}

/// <summary>The counters of one per-user row, kept in an array per day so that sums walk memory in order.</summary>
/// <param name="Activity">The row's seven counters.</param>
/// <param name="AiCreditsUsed">The row's <c>ai_credits_used</c> (<see langword="null"/> when the row has none).</param>
internal readonly record struct UserFacts(ActivityCounts Activity, double? AiCreditsUsed);

/// <summary>Bitsets over dense user indices as <see cref="ulong"/> arrays (bit <c>i</c> is bit <c>i % 64</c> of word <c>i / 64</c>).</summary>
internal static class Bitset
{
    /// <summary>The words that hold <paramref name="bits"/> bits.</summary>
    public static int Words(int bits) => (bits + 63) >> 6;

    public static void Set(ulong[] bits, int index) => bits[index >> 6] |= 1UL << (index & 63);

    /// <summary><paramref name="target"/> |= <paramref name="source"/>; <paramref name="target"/> is at least as long.</summary>
    public static void Or(ulong[] target, ulong[] source)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] |= source[i];
        }
    }

    /// <summary><paramref name="target"/> |= <paramref name="a"/> &amp; <paramref name="b"/>; <paramref name="target"/> is at least as long as the shorter.</summary>
    public static void OrAnd(ulong[] target, ulong[] a, ulong[] b)
    {
        var words = Math.Min(a.Length, b.Length);
        for (var i = 0; i < words; i++)
        {
            target[i] |= a[i] & b[i];
        }
    }

    /// <summary>The bits set in both <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int CountAnd(ulong[] a, ulong[] b)
    {
        var count = 0;
        var words = Math.Min(a.Length, b.Length);
        for (var i = 0; i < words; i++)
        {
            count += BitOperations.PopCount(a[i] & b[i]);
        }

        return count;
    }

    /// <summary>The bits set.</summary>
    public static int Count(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }
}
