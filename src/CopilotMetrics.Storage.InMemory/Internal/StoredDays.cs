using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage.InMemory.Internal;

/// <summary>
/// One stored per-user row: the record's JSON exactly as <see cref="ContentHash"/> hashed it (the lossless copy that
/// reads deserialize) and the facts the queries need, computed once when the day was written. Immutable.
/// </summary>
internal sealed class UserRow
{
    private UserRow(UserDayRecord record, byte[] json)
    {
        UserId = record.UserId;
        Login = record.UserLogin ?? "";
        Json = json;
        Engaged = record.UserInitiatedInteractionCount > 0 || record.CodeAcceptanceActivityCount > 0;
        Ides = Distinct(record.TotalsByIde, static r => r.Ide);
        Features = Distinct(record.TotalsByFeature, static r => r.Feature);
        Languages = Distinct(record.TotalsByLanguageFeature, static r => r.Language);
        CompletionLanguages = Distinct(record.TotalsByLanguageFeature?.Where(static r => r?.Feature == FeatureNames.CodeCompletion), static r => r.Language);
        Models = Distinct(record.TotalsByModelFeature, static r => r.Model);
        ChatModels = Distinct(record.TotalsByModelFeature?.Where(static r => FeatureNames.IsChat(r?.Feature)), static r => r.Model);
        CompletionModels = Distinct(record.TotalsByModelFeature?.Where(static r => r?.Feature == FeatureNames.CodeCompletion), static r => r.Model);
        UsedCompletion = Features.Contains(FeatureNames.CodeCompletion, StringComparer.Ordinal);
        UsedChat = Features.Any(FeatureNames.IsChat);
    }

    public long UserId { get; }

    public string Login { get; }

    public byte[] Json { get; }

    /// <summary>Interactions or acceptances above zero (<see cref="EngagementKind.Engaged"/>).</summary>
    public bool Engaged { get; }

    /// <summary>Has a <c>code_completion</c> feature row.</summary>
    public bool UsedCompletion { get; }

    /// <summary>Has a <c>chat_*</c> feature row.</summary>
    public bool UsedChat { get; }

    /// <summary>Keys of the <c>totals_by_ide</c> rows.</summary>
    public string[] Ides { get; }

    /// <summary>Keys of the <c>totals_by_feature</c> rows.</summary>
    public string[] Features { get; }

    /// <summary>Languages of the <c>totals_by_language_feature</c> rows (any feature).</summary>
    public string[] Languages { get; }

    /// <summary>Languages of the <c>totals_by_language_feature</c> rows of <c>code_completion</c>.</summary>
    public string[] CompletionLanguages { get; }

    /// <summary>Models of the <c>totals_by_model_feature</c> rows (any feature).</summary>
    public string[] Models { get; }

    /// <summary>Models of the <c>totals_by_model_feature</c> rows of chat features.</summary>
    public string[] ChatModels { get; }

    /// <summary>Models of the <c>totals_by_model_feature</c> rows of <c>code_completion</c>.</summary>
    public string[] CompletionModels { get; }

    public static UserRow Create(UserDayRecord record, byte[] json) => new(record, json);

    public string[] Keys(BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Ide => Ides,
        BreakdownDimension.Feature => Features,
        BreakdownDimension.Language => Languages,
        BreakdownDimension.Model => Models,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown breakdown dimension."),
    };

    private static string[] Distinct<T>(IEnumerable<T>? rows, Func<T, string?> key)
    {
        if (rows is null)
        {
            return [];
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row is not null)
            {
                set.Add(key(row) ?? "");
            }
        }

        return [.. set];
    }
}

/// <summary>
/// A stored version of one per-user day, ordered by user id, with each row's counters in <see cref="Facts"/>.
/// Immutable once built; the compact forms the range queries read are built on first use and published with
/// <see cref="LazyInitializer"/> (a race builds one twice at worst, and both copies are equal).
/// </summary>
internal sealed class UserDay(DateOnly day, UserRow[] rows, UserFacts[] facts, string contentHash, UserIndex users)
{
    private readonly KeyBitsets?[] _keyBits = new KeyBitsets?[4];
    private long[]? _userIds;
    private UserDayIndex? _index;
    private DailyEngagement[]? _engagement;

    public DateOnly Day { get; } = day;

    public UserRow[] Rows { get; } = rows;

    /// <summary>The counters of each row (parallel to <see cref="Rows"/>).</summary>
    public UserFacts[] Facts { get; } = facts;

    public string ContentHash { get; } = contentHash;

    /// <summary>The dense user indices of the scope (<see cref="UserDayIndex"/> and <see cref="KeyBitsets"/> use them).</summary>
    public UserIndex Users { get; } = users;

    /// <summary>The users of the day in one array, in row order (built on first use).</summary>
    public long[] UserIds => LazyInitializer.EnsureInitialized(ref _userIds, () => [.. Rows.Select(static r => r.UserId)]);

    /// <summary>Dense user indices, the active-user bitset and the row of each user (built on first use).</summary>
    public UserDayIndex Index => LazyInitializer.EnsureInitialized(ref _index, () => new UserDayIndex(this));

    /// <summary>The day's engagement rows (counted on first use; the rows never change).</summary>
    public DailyEngagement[] Engagement => LazyInitializer.EnsureInitialized(ref _engagement, () => InMemoryMetricsStore.CountEngagement(this));

    /// <summary>The day's keys of <paramref name="dimension"/> with a user bitset each (built on first use).</summary>
    public KeyBitsets KeyBits(BreakdownDimension dimension) =>
        LazyInitializer.EnsureInitialized(ref _keyBits[(int)dimension], () => new KeyBitsets(this, dimension));
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

/// <summary>One stored user-team membership row.</summary>
internal sealed class TeamRow(long teamId, long userId, string? slug, byte[] json)
{
    public long TeamId { get; } = teamId;

    public long UserId { get; } = userId;

    public string? Slug { get; } = slug;

    public byte[] Json { get; } = json;
}

/// <summary>
/// A stored version of one user-teams day, ordered by team id then user id. Immutable once built; its compact form
/// (<see cref="Index"/>) is built on first use, like <see cref="UserDay.Index"/>.
/// </summary>
internal sealed class UserTeamDay(DateOnly day, TeamRow[] rows, string contentHash, UserIndex users)
{
    private TeamDayIndex? _index;
    private TeamJoin? _join;

    public DateOnly Day { get; } = day;

    public TeamRow[] Rows { get; } = rows;

    public string ContentHash { get; } = contentHash;

    /// <summary>The dense user indices of the scope (the same as the scope's <see cref="UserDay.Users"/>).</summary>
    public UserIndex Users { get; } = users;

    /// <summary>Teams, slugs and member bitsets (built on first use).</summary>
    public TeamDayIndex Index => LazyInitializer.EnsureInitialized(ref _index, () => new TeamDayIndex(this));

    /// <summary>
    /// Each team's counters joined with <paramref name="users"/>, the stored per-user version of the same day
    /// (<see cref="TeamDayIndex.SumActivity"/>). The last join is kept, keyed by that version's index, so it is
    /// computed again only when the per-user day is replaced.
    /// </summary>
    public ActivityCounts[] ActivityWith(UserDay users)
    {
        var key = users.Index;
        var join = Volatile.Read(ref _join);
        if (join is null || !ReferenceEquals(join.Users, key))
        {
            join = new TeamJoin(key, Index.SumActivity(users));
            Volatile.Write(ref _join, join);
        }

        return join.Activity;
    }

    private sealed record TeamJoin(UserDayIndex Users, ActivityCounts[] Activity);
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
