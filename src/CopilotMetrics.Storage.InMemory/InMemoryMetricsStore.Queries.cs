using System.Runtime.InteropServices;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.InMemory.Internal;
using CopilotMetrics.Storage.Internal;

namespace CopilotMetrics.Storage.InMemory;

/// <summary>The dashboard queries, computed over immutable day versions copied under the lock.</summary>
public sealed partial class InMemoryMetricsStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
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
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDimension(dimension);

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<BreakdownRow>>(cancellationToken);
        }

        var sums = new Dictionary<string, ActivityCounts>(StringComparer.Ordinal);
        foreach (var day in Days(scope, static s => s.Aggregates, range))
        {
            var daySums = day.Sums(dimension);
            for (var i = 0; i < daySums.Keys.Length; i++)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sums, daySums.Keys[i], out _) += daySums.Counts[i];
            }
        }

        // Distinct users per key: the union of the days' per-key bitsets.
        var days = Days(scope, static s => s.Users, range).ConvertAll(d => d.KeyBits(dimension));
        var words = 0;
        foreach (var day in days)
        {
            foreach (var bits in day.Bits)
            {
                words = Math.Max(words, bits.Length);
            }
        }

        var users = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            for (var i = 0; i < day.Keys.Length; i++)
            {
                if (!users.TryGetValue(day.Keys[i], out var union))
                {
                    users[day.Keys[i]] = union = new ulong[words];
                }

                Bitset.Or(union, day.Bits[i]);
            }
        }

        IReadOnlyList<BreakdownRow> result =
        [
            .. sums.Keys.Union(users.Keys, StringComparer.Ordinal)
                .Select(key => new BreakdownRow(dimension, key, sums.GetValueOrDefault(key), users.TryGetValue(key, out var union) ? Bitset.Count(union) : 0))
                .OrderByDescending(static r => r.Activity.CodeGenerations)
                .ThenBy(static r => r.Key, StringComparer.Ordinal),
        ];
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A user's <see cref="UserTotals.Login"/> is the login of their last day with a row in the range;
    /// <see cref="UserTotals.AiCreditsUsed"/> sums the rows that have <c>ai_credits_used</c> and is <see langword="null"/> when none has.
    /// </remarks>
    public Task<UserTotalsPage> GetUserTotalsAsync(MetricsScope scope, DateRange range, UserTotalsQuery query, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateQuery(query);

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<UserTotalsPage>(cancellationToken);
        }

        var days = Days(scope, static s => s.Users, range);
        var indexes = days.ConvertAll(static d => d.Index);
        var size = 0;
        foreach (var index in indexes)
        {
            size = Math.Max(size, index.Size);
        }

        // Sums by dense user index, days ascending (so a user's last day is the one seen last, and the credits are
        // added in day order).
        var activity = new ActivityCounts[size];
        var credits = new double[size];
        var hasCredits = new bool[size];
        var activeDays = new int[size];
        var lastDay = new int[size];
        var lastRow = new int[size];
        for (var d = 0; d < days.Count; d++)
        {
            var dense = indexes[d].Dense;
            var facts = days[d].Facts;
            for (var row = 0; row < dense.Length; row++)
            {
                var user = dense[row];
                activity[user] += facts[row].Activity;
                if (facts[row].AiCreditsUsed is { } used)
                {
                    credits[user] += used;
                    hasCredits[user] = true;
                }

                activeDays[user]++;
                lastDay[user] = d;
                lastRow[user] = row;
            }
        }

        var users = new List<int>();
        for (var user = 0; user < size; user++)
        {
            if (activeDays[user] > 0)
            {
                users.Add(user);
            }
        }

        var userIds = new long[size];
        foreach (var user in users)
        {
            userIds[user] = days[lastDay[user]].UserIds[lastRow[user]];
        }

        Func<int, string> login = Login;
        if (query.SortBy == UserTotalsSort.Login)
        {
            var logins = new string[size];
            foreach (var user in users)
            {
                logins[user] = Login(user);
            }

            login = user => logins[user];
        }

        var order = users.ToArray();
        Array.Sort(order, UserTotalsOrder.Comparer(query.SortBy, query.Descending, userIds, activity, activeDays, login));
        IReadOnlyList<UserTotals> page =
        [
            .. order.Skip(query.Offset).Take(query.Limit)
                .Select(user => new UserTotals(userIds[user], Login(user), activeDays[user], days[lastDay[user]].Day, activity[user], hasCredits[user] ? credits[user] : null)),
        ];
        return Task.FromResult(new UserTotalsPage(page, order.Length));

        // The login of the user's last day with a row in the range.
        string Login(int user) => days[lastDay[user]].Logins[lastRow[user]];
    }

    /// <inheritdoc />
    /// <remarks>
    /// A team's slug is the one of its last membership row in the range (teams are renamed); teams with equal slugs
    /// are ordered by team id.
    /// </remarks>
    public Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
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

        // Per day: each team's members (a bitset), its members with a per-user row that day (members AND the day's
        // users) and their counters (the join, kept per pair of stored versions); over the range, unions and sums.
        var days = memberships.ConvertAll(static d => d.Index);
        var words = 0;
        foreach (var day in days)
        {
            foreach (var members in day.Members)
            {
                words = Math.Max(words, members.Length);
            }
        }

        var teams = new Dictionary<long, TeamAccumulator>();
        for (var d = 0; d < days.Count; d++)
        {
            var day = days[d];
            usersByDay.TryGetValue(memberships[d].Day, out var users);
            var activity = users is null ? null : memberships[d].ActivityWith(users);
            for (var t = 0; t < day.TeamIds.Length; t++)
            {
                if (!teams.TryGetValue(day.TeamIds[t], out var team))
                {
                    teams[day.TeamIds[t]] = team = new TeamAccumulator(words);
                }

                team.Slug = day.Slugs[t] ?? team.Slug;
                Bitset.Or(team.Members, day.Members[t]);
                if (users is not null)
                {
                    Bitset.OrAnd(team.Active, day.Members[t], users.Index.Active);
                    team.Activity += activity![t];
                }
            }
        }

        IReadOnlyList<TeamMetrics> result =
        [
            .. teams.Select(static t => new TeamMetrics(t.Key, t.Value.Slug ?? "", Bitset.Count(t.Value.Members), Bitset.Count(t.Value.Active), t.Value.Activity))
                .OrderBy(static t => t.Slug, StringComparer.Ordinal)
                .ThenBy(static t => t.TeamId),
        ];
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<ActiveUsersPoint>>(cancellationToken);
        }

        var first = range.From.DayNumber >= MetricsStoreRules.MonthlyWindowDays - 1 ? range.From.AddDays(-(MetricsStoreRules.MonthlyWindowDays - 1)) : DateOnly.MinValue;

        // The stored days, ascending, with their users as bitsets: a window's distinct users are the union of the
        // bitsets of its stored days.
        var stored = Days(scope, static s => s.Users, new DateRange(first, range.To)).ToArray();
        var dayNumbers = Array.ConvertAll(stored, static d => d.Day.DayNumber);
        var active = Array.ConvertAll(stored, static d => d.Index.Active);
        var words = active.Length == 0 ? 0 : active.Max(static a => a.Length);
        var union = new ulong[words];

        var points = new List<ActiveUsersPoint>(range.Days);
        int weekStart = 0, monthStart = 0, end = 0;
        for (var n = range.From.DayNumber; n <= range.To.DayNumber; n++)
        {
            // stored[start..end) are the stored days of the window ending on day n.
            while (end < stored.Length && dayNumbers[end] <= n)
            {
                end++;
            }

            while (weekStart < end && dayNumbers[weekStart] <= n - MetricsStoreRules.WeeklyWindowDays)
            {
                weekStart++;
            }

            while (monthStart < end && dayNumbers[monthStart] <= n - MetricsStoreRules.MonthlyWindowDays)
            {
                monthStart++;
            }

            var daily = end > 0 && dayNumbers[end - 1] == n ? stored[end - 1].RowCount : 0;
            points.Add(new ActiveUsersPoint(DateOnly.FromDayNumber(n), daily, Union(weekStart, end), Union(monthStart, end)));
        }

        return Task.FromResult<IReadOnlyList<ActiveUsersPoint>>(points);

        int Union(int start, int stop)
        {
            if (start == stop)
            {
                return 0;
            }

            if (stop - start == 1)
            {
                return Bitset.Count(active[start]);
            }

            Array.Clear(union);
            for (var i = start; i < stop; i++)
            {
                Bitset.Or(union, active[i]);
            }

            return Bitset.Count(union);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Rows are emitted only for counts above zero (a day without per-user data, or on which nobody engaged, has no
    /// <see cref="EngagementKind.Engaged"/> row). A key is counted when the user has a breakdown row for it (any
    /// counters); "completion activity" is a <c>code_completion</c> feature row and "chat activity" a <c>chat_*</c>
    /// feature row (for <see cref="EngagementKind.ChatModel"/>, a <c>totals_by_model_feature</c> row of a chat feature;
    /// for <see cref="EngagementKind.CompletionModel"/>, one of <c>code_completion</c>).
    /// </remarks>
    public Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
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

    /// <inheritdoc />
    public Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
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
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateActiveWithinDays(activeWithinDays);
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
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDataset(dataset);

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

    /// <inheritdoc />
    public Task<IReadOnlyList<UnknownPropertySighting>> GetUnknownPropertiesAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<UnknownPropertySighting>>(cancellationToken);
        }

        lock (_gate)
        {
            IReadOnlyList<UnknownPropertySighting> sightings = !_scopes.TryGetValue(scope, out var state)
                ? []
                :
                [
                    .. state.Statuses.Values
                        .SelectMany(status => status.UnknownProperties.Select(path => (status.Key.Dataset, Path: path, status.Key.Day)))
                        .GroupBy(s => (s.Dataset, s.Path))
                        .Select(g => new UnknownPropertySighting { Scope = scope, Dataset = g.Key.Dataset, Path = g.Key.Path, FirstSeen = g.Min(s => s.Day), LastSeen = g.Max(s => s.Day) })
                        .OrderBy(s => s.Path, StringComparer.Ordinal)
                        .ThenBy(s => s.Dataset),
                ];
            return Task.FromResult(sightings);
        }
    }

    internal static IEnumerable<(string Key, ActivityCounts Counts)> AggregateRows(AggregateDayRecord record, BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Ide => (record.TotalsByIde ?? []).Where(static r => r is not null).Select(static r => (r.Ide ?? "", ActivityCounts.From(r))),
        BreakdownDimension.Feature => (record.TotalsByFeature ?? []).Where(static r => r is not null).Select(static r => (r.Feature ?? "", ActivityCounts.From(r))),
        BreakdownDimension.Language => (record.TotalsByLanguageFeature ?? []).Where(static r => r is not null).Select(static r => (r.Language ?? "", ActivityCounts.From(r))),
        _ => (record.TotalsByModelFeature ?? []).Where(static r => r is not null).Select(static r => (r.Model ?? "", ActivityCounts.From(r))),
    };

    private sealed class TeamAccumulator(int words)
    {
        public string? Slug { get; set; }

        public ulong[] Members { get; } = new ulong[words];

        public ulong[] Active { get; } = new ulong[words];

        public ActivityCounts Activity { get; set; }
    }
}
