using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage.InMemory.Internal;

/// <summary>
/// A stored version of one per-user day, held column-wise: the rows' user ids (ascending), logins (interned per scope)
/// and counters in arrays parallel to each other, the dense user indices and key bitsets the queries read, the
/// engagement counts, and the lossless copy (the records' JSON as <see cref="ContentHash"/> hashed it) compressed.
/// Everything is computed when the day is written (<see cref="UserDayBuilder"/>); immutable.
/// </summary>
internal sealed class UserDay(
    DateOnly day,
    long[] userIds,
    string[] logins,
    UserFacts[] facts,
    UserDayIndex index,
    KeyBitsets[] keyBits,
    KeyBitsets surfaces,
    DailyEngagement[] engagement,
    CompressedRows raw,
    string contentHash)
{
    public DateOnly Day { get; } = day;

    /// <summary>The user id of each row, ascending.</summary>
    public long[] UserIds { get; } = userIds;

    /// <summary>The login of each row (parallel to <see cref="UserIds"/>; <c>""</c> when the record has none).</summary>
    public string[] Logins { get; } = logins;

    /// <summary>The counters of each row (parallel to <see cref="UserIds"/>).</summary>
    public UserFacts[] Facts { get; } = facts;

    /// <summary>The number of rows.</summary>
    public int RowCount => UserIds.Length;

    /// <summary>Dense user indices, the active-user bitset and the row of each user.</summary>
    public UserDayIndex Index { get; } = index;

    /// <summary>The day's surfaces (<see cref="SurfaceKeys"/>) with a user bitset each.</summary>
    public KeyBitsets Surfaces { get; } = surfaces;

    /// <summary>The day's engagement rows, ordered by kind and key.</summary>
    public DailyEngagement[] Engagement { get; } = engagement;

    /// <summary>The records' JSON, compressed.</summary>
    public CompressedRows Raw { get; } = raw;

    public string ContentHash { get; } = contentHash;

    /// <summary>The day's keys of <paramref name="dimension"/> with a user bitset each.</summary>
    public KeyBitsets KeyBits(BreakdownDimension dimension) => keyBits[(int)dimension];
}

/// <summary>A stored aggregate record: its JSON and a private parsed copy that no caller can reach.</summary>
internal sealed class AggregateDay(DateOnly day, byte[] json, AggregateDayRecord record, string contentHash)
{
    private readonly KeySums?[] _sums = new KeySums?[4];

    /// <summary>The record's rows of <paramref name="dimension"/> summed by key (built on first use, like <see cref="UserDay.Index"/>).</summary>
    public KeySums Sums(BreakdownDimension dimension) =>
        LazyInitializer.EnsureInitialized(ref _sums[(int)dimension], () => new KeySums(InMemoryMetricsStore.AggregateRows(Record, dimension)));

    public DateOnly Day { get; } = day;

    public byte[] Json { get; } = json;

    public AggregateDayRecord Record { get; } = record;

    public string ContentHash { get; } = contentHash;
}

/// <summary>
/// A stored version of one user-teams day: its teams, slugs and member bitsets (<see cref="TeamDayIndex"/>) and the
/// lossless copy, ordered by team id then user id, compressed. Immutable; the join with the per-user day of the same
/// date is kept for the last per-user version it was computed against (<see cref="ActivityWith"/>).
/// </summary>
internal sealed class UserTeamDay(DateOnly day, int rowCount, TeamDayIndex index, CompressedRows raw, string contentHash)
{
    private TeamJoin? _join;

    public DateOnly Day { get; } = day;

    /// <summary>The number of membership rows.</summary>
    public int RowCount { get; } = rowCount;

    /// <summary>Teams, slugs and member bitsets.</summary>
    public TeamDayIndex Index { get; } = index;

    /// <summary>The records' JSON, compressed.</summary>
    public CompressedRows Raw { get; } = raw;

    public string ContentHash { get; } = contentHash;

    /// <summary>
    /// Each team's counters joined with <paramref name="users"/>, the stored per-user version of the same day
    /// (<see cref="TeamDayIndex.SumActivity"/>). The last join is kept, keyed by that version, so it is computed
    /// again only when the per-user day is replaced.
    /// </summary>
    public ActivityCounts[] ActivityWith(UserDay users)
    {
        var join = Volatile.Read(ref _join);
        if (join is null || !ReferenceEquals(join.Users, users))
        {
            join = new TeamJoin(users, Index.SumActivity(users));
            Volatile.Write(ref _join, join);
        }

        return join.Activity;
    }

    private sealed record TeamJoin(UserDay Users, ActivityCounts[] Activity);
}

/// <summary>A stored version of one repositories day, in the order written: each record's JSON and its typed row.</summary>
internal sealed class RepositoryDay(DateOnly day, byte[][] rows, RepositoryDayRow[] typed, string contentHash)
{
    public DateOnly Day { get; } = day;

    public byte[][] Rows { get; } = rows;

    public RepositoryDayRow[] Typed { get; } = typed;

    public string ContentHash { get; } = contentHash;
}

/// <summary>A stored version of one day's AI-credit usage: each item's JSON, in the order written.</summary>
internal sealed class AiCreditDayVersion(DateOnly day, byte[][] items, string contentHash)
{
    public DateOnly Day { get; } = day;

    public byte[][] Items { get; } = items;

    public string ContentHash { get; } = contentHash;
}

/// <summary>One stored seat: its JSON and the two facts the seat history needs.</summary>
internal sealed class SeatRow(long? assigneeId, DateTimeOffset? lastActivityAt, byte[] json)
{
    public long? AssigneeId { get; } = assigneeId;

    public DateTimeOffset? LastActivityAt { get; } = lastActivityAt;

    public byte[] Json { get; } = json;

    public static SeatRow Create(CopilotSeat seat, byte[] json) => new(seat.Assignee?.Id, seat.LastActivityAt, json);
}

/// <summary>A stored seat snapshot, in the order GitHub listed the seats.</summary>
internal sealed class SeatDay(DateOnly day, SeatRow[] rows, string contentHash)
{
    public DateOnly Day { get; } = day;

    public SeatRow[] Rows { get; } = rows;

    public string ContentHash { get; } = contentHash;
}

/// <summary>
/// Everything stored for one scope. The dictionaries are only touched under the store's lock; the day versions they
/// hold are immutable, so a reader copies the references it needs under the lock and works on them outside it.
/// </summary>
internal sealed class ScopeState
{
    public SortedDictionary<DateOnly, AggregateDay> Aggregates { get; } = [];

    public SortedDictionary<DateOnly, UserDay> Users { get; } = [];

    public SortedDictionary<DateOnly, UserTeamDay> UserTeams { get; } = [];

    public SortedDictionary<DateOnly, RepositoryDay> Repositories { get; } = [];

    public SortedDictionary<DateOnly, SeatDay> Seats { get; } = [];

    public SortedDictionary<DateOnly, AiCreditDayVersion> AiCredits { get; } = [];

    public SortedDictionary<(SyncDataset Dataset, DateOnly Day), SyncDayStatus> Statuses { get; } = [];

    public bool IsEmpty =>
        Aggregates.Count == 0 && Users.Count == 0 && UserTeams.Count == 0 && Repositories.Count == 0 && Seats.Count == 0 && AiCredits.Count == 0
        && Statuses.Count == 0;

    public bool HasData(SyncDataset dataset, DateOnly day) => dataset switch
    {
        SyncDataset.Aggregate => Aggregates.ContainsKey(day),
        SyncDataset.Users => Users.ContainsKey(day),
        SyncDataset.UserTeams => UserTeams.ContainsKey(day),
        SyncDataset.Repositories => Repositories.ContainsKey(day),
        SyncDataset.Seats => Seats.ContainsKey(day),
        SyncDataset.AiCredits => AiCredits.ContainsKey(day),
        _ => false,
    };

    /// <summary>Removes every day before <paramref name="before"/> and returns the (dataset, day) pairs that had data or a status.</summary>
    public HashSet<(SyncDataset, DateOnly)> PurgeBefore(DateOnly before)
    {
        var removed = new HashSet<(SyncDataset, DateOnly)>();
        Purge(Aggregates, SyncDataset.Aggregate, before, removed);
        Purge(Users, SyncDataset.Users, before, removed);
        Purge(UserTeams, SyncDataset.UserTeams, before, removed);
        Purge(Repositories, SyncDataset.Repositories, before, removed);
        Purge(Seats, SyncDataset.Seats, before, removed);
        Purge(AiCredits, SyncDataset.AiCredits, before, removed);
        foreach (var key in Statuses.Keys.Where(k => k.Day < before).ToList())
        {
            Statuses.Remove(key);
            removed.Add(key);
        }

        return removed;
    }

    private static void Purge<T>(SortedDictionary<DateOnly, T> days, SyncDataset dataset, DateOnly before, HashSet<(SyncDataset, DateOnly)> removed)
    {
        foreach (var day in days.Keys.TakeWhile(d => d < before).ToList())
        {
            days.Remove(day);
            removed.Add((dataset, day));
        }
    }
}
