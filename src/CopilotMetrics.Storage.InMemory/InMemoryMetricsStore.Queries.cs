using System.Runtime.InteropServices;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.InMemory.Internal;

namespace CopilotMetrics.Storage.InMemory;

/// <summary>The dashboard queries, computed over immutable day versions copied under the lock.</summary>
public sealed partial class InMemoryMetricsStore
{
    private const int WeekDays = 7;
    private const int MonthDays = 28;

    /// <inheritdoc />
    public Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<DailyMetrics>>(cancellationToken);
        }

        IReadOnlyList<DailyMetrics> result =
        [
            .. Days(scope, static s => s.Aggregates, range).Select(static d => new DailyMetrics(
                d.Day,
                d.Record.DailyActiveUsers,
                d.Record.WeeklyActiveUsers,
                d.Record.MonthlyActiveUsers,
                d.Record.MonthlyActiveChatUsers,
                d.Record.MonthlyActiveAgentUsers,
                ActivityCounts.From(d.Record))),
        ];
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The keys are those of the aggregate rows and of the per-user rows in the range: a key seen only in per-user
    /// rows (for example one the aggregate folded into <c>others</c>) is listed with zero counters, and one seen only
    /// in aggregate rows with zero active users.
    /// </remarks>
    public Task<IReadOnlyList<BreakdownRow>> GetBreakdownAsync(MetricsScope scope, DateRange range, BreakdownDimension dimension, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (!Enum.IsDefined(dimension))
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown breakdown dimension.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<BreakdownRow>>(cancellationToken);
        }

        var sums = new Dictionary<string, ActivityCounts>(StringComparer.Ordinal);
        foreach (var day in Days(scope, static s => s.Aggregates, range))
        {
            foreach (var (key, counts) in AggregateRows(day.Record, dimension))
            {
                sums[key] = sums.GetValueOrDefault(key) + counts;
            }
        }

        var users = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        foreach (var day in Days(scope, static s => s.Users, range))
        {
            foreach (var row in day.Rows)
            {
                foreach (var key in row.Keys(dimension))
                {
                    if (!users.TryGetValue(key, out var set))
                    {
                        users[key] = set = [];
                    }

                    set.Add(row.UserId);
                }
            }
        }

        IReadOnlyList<BreakdownRow> result =
        [
            .. sums.Keys.Union(users.Keys, StringComparer.Ordinal)
                .Select(key => new BreakdownRow(dimension, key, sums.GetValueOrDefault(key), users.TryGetValue(key, out var set) ? set.Count : 0))
                .OrderByDescending(static r => r.Activity.CodeGenerations)
                .ThenBy(static r => r.Key, StringComparer.Ordinal),
        ];
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>A user's <see cref="UserTotals.Login"/> is the login of their last day with a row in the range; a missing <c>ai_credits_used</c> counts as 0.</remarks>
    public Task<UserTotalsPage> GetUserTotalsAsync(MetricsScope scope, DateRange range, UserTotalsQuery query, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, 1000);
        if (!Enum.IsDefined(query.SortBy))
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.SortBy, "Unknown sort key.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<UserTotalsPage>(cancellationToken);
        }

        var totals = new Dictionary<long, UserAccumulator>();
        foreach (var day in Days(scope, static s => s.Users, range))
        {
            foreach (var row in day.Rows)
            {
                if (!totals.TryGetValue(row.UserId, out var acc))
                {
                    totals[row.UserId] = acc = new UserAccumulator();
                }

                acc.Add(day.Day, row);
            }
        }

        var all = totals.Select(static t => t.Value.ToTotals(t.Key)).ToList();
        all.Sort(Comparer(query.SortBy, query.Descending));
        IReadOnlyList<UserTotals> page = [.. all.Skip(query.Offset).Take(query.Limit)];
        return Task.FromResult(new UserTotalsPage(page, all.Count));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A team's slug is the one of its last membership row in the range (teams are renamed); teams with equal slugs
    /// are ordered by team id.
    /// </remarks>
    public Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<TeamMetrics>>(cancellationToken);
        }

        List<UserTeamDay> memberships;
        Dictionary<DateOnly, UserDay> usersByDay;
        lock (_gate)
        {
            memberships = Days(scope, static s => s.UserTeams, range);
            usersByDay = Days(scope, static s => s.Users, range).ToDictionary(static d => d.Day);
        }

        var teams = new Dictionary<long, TeamAccumulator>();
        foreach (var day in memberships)
        {
            usersByDay.TryGetValue(day.Day, out var users);
            foreach (var membership in day.Rows)
            {
                if (!teams.TryGetValue(membership.TeamId, out var team))
                {
                    teams[membership.TeamId] = team = new TeamAccumulator();
                }

                team.Slug = membership.Slug ?? team.Slug;
                team.Members.Add(membership.UserId);
                if (users is not null && users.ByUser.TryGetValue(membership.UserId, out var row))
                {
                    team.Active.Add(membership.UserId);
                    team.Activity += row.Activity;
                }
            }
        }

        IReadOnlyList<TeamMetrics> result =
        [
            .. teams.Select(static t => new TeamMetrics(t.Key, t.Value.Slug ?? "", t.Value.Members.Count, t.Value.Active.Count, t.Value.Activity))
                .OrderBy(static t => t.Slug, StringComparer.Ordinal)
                .ThenBy(static t => t.TeamId),
        ];
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<ActiveUsersPoint>>(cancellationToken);
        }

        var first = range.From.DayNumber >= MonthDays - 1 ? range.From.AddDays(-(MonthDays - 1)) : DateOnly.MinValue;
        var byDay = Days(scope, static s => s.Users, new DateRange(first, range.To)).ToDictionary(static d => d.Day.DayNumber);

        var week = new Dictionary<long, int>();
        var month = new Dictionary<long, int>();
        var points = new List<ActiveUsersPoint>(range.Days);
        for (var n = first.DayNumber; n <= range.To.DayNumber; n++)
        {
            Slide(week, byDay, n, WeekDays);
            Slide(month, byDay, n, MonthDays);
            if (n >= range.From.DayNumber)
            {
                var daily = byDay.TryGetValue(n, out var today) ? today.Rows.Length : 0;
                points.Add(new ActiveUsersPoint(DateOnly.FromDayNumber(n), daily, week.Count, month.Count));
            }
        }

        return Task.FromResult<IReadOnlyList<ActiveUsersPoint>>(points);

        // Adds day n's users to the window and drops those of day n - size, keeping a count per user.
        static void Slide(Dictionary<long, int> window, Dictionary<int, UserDay> byDay, int n, int size)
        {
            if (byDay.TryGetValue(n, out var entering))
            {
                foreach (var user in entering.UserIds)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(window, user, out _)++;
                }
            }

            if (byDay.TryGetValue(n - size, out var leaving))
            {
                foreach (var user in leaving.UserIds)
                {
                    ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(window, user);
                    if (--count == 0)
                    {
                        window.Remove(user);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Rows are emitted only for counts above zero (a day without per-user data, or on which nobody engaged, has no
    /// <see cref="EngagementKind.Engaged"/> row). A key is counted when the user has a breakdown row for it (any
    /// counters); "completion activity" is a <c>code_completion</c> feature row and "chat activity" a <c>chat_*</c>
    /// feature row (for <see cref="EngagementKind.ChatModel"/>, a <c>totals_by_model_feature</c> row of a chat feature).
    /// </remarks>
    public Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<DailyEngagement>>(cancellationToken);
        }

        var result = new List<DailyEngagement>();
        foreach (var day in Days(scope, static s => s.Users, range))
        {
            result.AddRange(day.Engagement);
        }

        return Task.FromResult<IReadOnlyList<DailyEngagement>>(result);
    }

    /// <summary>One day's engagement rows, ordered by kind and key (computed once per stored day version: see <see cref="UserDay.Engagement"/>).</summary>
    internal static DailyEngagement[] CountEngagement(UserDay day)
    {
        var counts = new Dictionary<(EngagementKind Kind, string Key), int>();
        foreach (var row in day.Rows)
        {
            Count(counts, EngagementKind.Active, "");
            if (row.Engaged)
            {
                Count(counts, EngagementKind.Engaged, "");
            }

            CountAll(counts, EngagementKind.Ide, row.Ides);
            CountAll(counts, EngagementKind.Feature, row.Features);
            CountAll(counts, EngagementKind.CompletionLanguage, row.CompletionLanguages);
            CountAll(counts, EngagementKind.ChatModel, row.ChatModels);
            if (row.UsedCompletion)
            {
                CountAll(counts, EngagementKind.CompletionIde, row.Ides);
            }

            if (row.UsedChat)
            {
                CountAll(counts, EngagementKind.ChatIde, row.Ides);
            }
        }

        return [.. counts.OrderBy(static c => c.Key, EngagementKeyComparer.Instance).Select(c => new DailyEngagement(day.Day, c.Key.Kind, c.Key.Key, c.Value))];

        static void CountAll(Dictionary<(EngagementKind, string), int> counts, EngagementKind kind, string[] keys)
        {
            foreach (var key in keys)
            {
                Count(counts, kind, key);
            }
        }

        static void Count(Dictionary<(EngagementKind, string), int> counts, EngagementKind kind, string key) =>
            CollectionsMarshal.GetValueRefOrAddDefault(counts, (kind, key), out _)++;
    }

    /// <inheritdoc />
    public Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SeatSnapshot?>(cancellationToken);
        }

        SeatDay? latest;
        lock (_gate)
        {
            latest = _scopes.TryGetValue(scope, out var state) && state.Seats.Count > 0 ? state.Seats.Values.Last() : null;
        }

        return Task.FromResult(latest is null
            ? null
            : new SeatSnapshot(latest.Day, [.. latest.Rows.Select(static r => ReportJson.Deserialize<CopilotSeat>(r.Json))]));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Seats are counted by assignee id (an assignee granted a seat by several organizations or teams counts once;
    /// seats without an assignee are not counted). An assignee is active when the latest <c>last_activity_at</c> of
    /// their seats falls on or after 00:00 UTC of the snapshot day minus <paramref name="activeWithinDays"/> days, and
    /// never used when none of their seats has a <c>last_activity_at</c>.
    /// </remarks>
    public Task<IReadOnlyList<SeatHistoryPoint>> GetSeatHistoryAsync(MetricsScope scope, DateRange range, int activeWithinDays, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(activeWithinDays);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<SeatHistoryPoint>>(cancellationToken);
        }

        var result = new List<SeatHistoryPoint>();
        foreach (var snapshot in Days(scope, static s => s.Seats, range))
        {
            var cutoffDay = snapshot.Day.DayNumber >= activeWithinDays ? snapshot.Day.AddDays(-activeWithinDays) : DateOnly.MinValue;
            var cutoff = new DateTimeOffset(cutoffDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var lastActivity = new Dictionary<long, DateTimeOffset?>();
            foreach (var seat in snapshot.Rows)
            {
                if (seat.AssigneeId is not { } id)
                {
                    continue;
                }

                if (!lastActivity.TryGetValue(id, out var previous))
                {
                    lastActivity[id] = seat.LastActivityAt;
                }
                else if (seat.LastActivityAt is { } at && (previous is null || at > previous))
                {
                    lastActivity[id] = at;
                }
            }

            result.Add(new SeatHistoryPoint(
                snapshot.Day,
                lastActivity.Count,
                lastActivity.Values.Count(at => at >= cutoff),
                lastActivity.Values.Count(static at => at is null)));
        }

        return Task.FromResult<IReadOnlyList<SeatHistoryPoint>>(result);
    }

    /// <inheritdoc />
    /// <remarks>A day stored empty (zero rows) has stored data and is not missing.</remarks>
    public Task<IReadOnlyList<DateOnly>> GetMissingDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken = default)
    {
        CheckScope(scope);
        if (!Enum.IsDefined(dataset))
        {
            throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "Unknown dataset.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<DateOnly>>(cancellationToken);
        }

        lock (_gate)
        {
            _scopes.TryGetValue(scope, out var state);
            IReadOnlyList<DateOnly> missing =
            [
                .. range.EachDay().Where(day => state is null || !(state.HasData(dataset, day)
                    || (state.Statuses.TryGetValue((dataset, day), out var status) && status.State is SyncDayState.Completed or SyncDayState.Empty))),
            ];
            return Task.FromResult(missing);
        }
    }

    private static IEnumerable<(string Key, ActivityCounts Counts)> AggregateRows(AggregateDayRecord record, BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Ide => (record.TotalsByIde ?? []).Where(static r => r is not null).Select(static r => (r.Ide ?? "", ActivityCounts.From(r))),
        BreakdownDimension.Feature => (record.TotalsByFeature ?? []).Where(static r => r is not null).Select(static r => (r.Feature ?? "", ActivityCounts.From(r))),
        BreakdownDimension.Language => (record.TotalsByLanguageFeature ?? []).Where(static r => r is not null).Select(static r => (r.Language ?? "", ActivityCounts.From(r))),
        _ => (record.TotalsByModelFeature ?? []).Where(static r => r is not null).Select(static r => (r.Model ?? "", ActivityCounts.From(r))),
    };

    private static Comparison<UserTotals> Comparer(UserTotalsSort sort, bool descending)
    {
        Comparison<UserTotals> primary = sort switch
        {
            UserTotalsSort.Interactions => static (a, b) => a.Activity.UserInitiatedInteractions.CompareTo(b.Activity.UserInitiatedInteractions),
            UserTotalsSort.Generations => static (a, b) => a.Activity.CodeGenerations.CompareTo(b.Activity.CodeGenerations),
            UserTotalsSort.Acceptances => static (a, b) => a.Activity.CodeAcceptances.CompareTo(b.Activity.CodeAcceptances),
            UserTotalsSort.LocAdded => static (a, b) => a.Activity.LocAdded.CompareTo(b.Activity.LocAdded),
            UserTotalsSort.ActiveDays => static (a, b) => a.ActiveDays.CompareTo(b.ActiveDays),
            _ => static (a, b) => string.CompareOrdinal(a.Login, b.Login),
        };

        return (a, b) =>
        {
            var c = primary(a, b);
            if (descending)
            {
                c = -c;
            }

            return c != 0 ? c : a.UserId.CompareTo(b.UserId);
        };
    }

    private sealed class UserAccumulator
    {
        private int _days;
        private DateOnly _last;
        private string _login = "";
        private ActivityCounts _activity;
        private double _credits;

        public void Add(DateOnly day, UserRow row)
        {
            _days++;
            if (day >= _last)
            {
                _last = day;
                _login = row.Login;
            }

            _activity += row.Activity;
            _credits += row.AiCreditsUsed;
        }

        public UserTotals ToTotals(long userId) => new(userId, _login, _days, _last, _activity, _credits);
    }

    private sealed class TeamAccumulator
    {
        public string? Slug { get; set; }

        public HashSet<long> Members { get; } = [];

        public HashSet<long> Active { get; } = [];

        public ActivityCounts Activity { get; set; }
    }

    private sealed class EngagementKeyComparer : IComparer<(EngagementKind Kind, string Key)>
    {
        public static readonly EngagementKeyComparer Instance = new();

        public int Compare((EngagementKind Kind, string Key) x, (EngagementKind Kind, string Key) y) =>
            x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind) : string.CompareOrdinal(x.Key, y.Key);
    }
}
