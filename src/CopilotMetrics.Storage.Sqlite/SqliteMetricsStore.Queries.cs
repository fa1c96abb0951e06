using System.Runtime.InteropServices;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Sqlite.Internal;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>
/// The dashboard queries, each in one read transaction (one snapshot of the file): sums in SQL where they are sums,
/// distinct users as unions of the stored per-day bitmaps (exact, never summed over days), per-user totals from the
/// compact per-day facts.
/// </summary>
public sealed partial class SqliteMetricsStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<DailyMetrics>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            using var reader = db.Reader(
                $"SELECT day, daily_active_users, weekly_active_users, monthly_active_users, monthly_active_chat_users, monthly_active_agent_users, {CounterColumns} FROM aggregate_days WHERE scope_id = $s AND day BETWEEN $from AND $to ORDER BY day",
                Range(scopeId, range));
            var result = new List<DailyMetrics>();
            while (reader.Read())
            {
                result.Add(new DailyMetrics(
                    DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                    Counters(reader, 6)));
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The keys are those of the aggregate rows and of the per-user rows in the range: a key seen only in per-user
    /// rows is listed with zero counters, and one seen only in aggregate rows with zero active users.
    /// </remarks>
    public Task<IReadOnlyList<BreakdownRow>> GetBreakdownAsync(MetricsScope scope, DateRange range, BreakdownDimension dimension, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDimension(dimension);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<BreakdownRow>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            var parameters = Range(scopeId, range, ("$dim", (int)BitDimension.Of(dimension)));
            var sums = new Dictionary<string, ActivityCounts>(StringComparer.Ordinal);
            using (var reader = db.Reader(
                $"SELECT key, sum(interactions), sum(generations), sum(acceptances), sum(loc_suggested_to_add), sum(loc_suggested_to_delete), sum(loc_added), sum(loc_deleted) FROM aggregate_breakdowns WHERE scope_id = $s AND dimension = $dim AND day BETWEEN $from AND $to GROUP BY key",
                parameters))
            {
                while (reader.Read())
                {
                    sums[reader.GetString(0)] = Counters(reader, 1);
                }
            }

            var users = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
            using (var reader = db.Reader("SELECT key, bits FROM day_user_bits WHERE scope_id = $s AND dimension = $dim AND day BETWEEN $from AND $to", parameters))
            {
                while (reader.Read())
                {
                    ref var union = ref CollectionsMarshal.GetValueRefOrAddDefault(users, reader.GetString(0), out _);
                    union ??= [];
                    Bitmap.Or(ref union, (byte[])reader[1]);
                }
            }

            return
            [
                .. sums.Keys.Union(users.Keys, StringComparer.Ordinal)
                    .Select(key => new BreakdownRow(dimension, key, sums.GetValueOrDefault(key), users.TryGetValue(key, out var union) ? Bitmap.Count(union) : 0))
                    .OrderByDescending(static r => r.Activity.CodeGenerations)
                    .ThenBy(static r => r.Key, StringComparer.Ordinal),
            ];
        }, cancellationToken);
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
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return new UserTotalsPage([], 0);
            }

            var totals = new UserTotalsBuilder();
            var days = new List<(int Day, int Rows, long RowId)>();
            using (var reader = db.Reader("SELECT day, users, facts, rowid FROM user_day_facts WHERE scope_id = $s AND day BETWEEN $from AND $to ORDER BY day", Range(scopeId, range)))
            {
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    totals.AddDay(days.Count, reader.GetFieldValue<byte[]>(2));
                    days.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(3)));
                }
            }

            // Logins only of the days the answer needs: all of the users' last days when sorting by login, else the page's.
            var logins = new Dictionary<int, string[]>();
            string Login(int user)
            {
                var d = totals.LastDay[user];
                if (!logins.TryGetValue(d, out var names))
                {
                    var blob = (byte[])db.Scalar("SELECT logins FROM user_day_facts WHERE rowid = $r", ("$r", days[d].RowId))!;
                    logins[d] = names = UserFactsBlob.ReadLogins(blob, days[d].Rows);
                }

                return names[totals.LastRow[user]];
            }

            var order = totals.Users();
            Array.Sort(order, totals.Comparer(query.SortBy, query.Descending, Login));
            List<UserTotals> page =
            [
                .. order.Skip(query.Offset).Take(query.Limit).Select(user => new UserTotals(
                    totals.UserIds[user], Login(user), totals.ActiveDays[user], DateOnly.FromDayNumber(days[totals.LastDay[user]].Day), totals.Activity[user],
                    totals.HasCredits[user] ? totals.Credits[user] : null)),
            ];
            return new UserTotalsPage(page, order.Length);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A team's slug is the one of its last membership row in the range (teams are renamed); teams with equal slugs
    /// are ordered by team id. Each day's counters and active members were joined when the day's second dataset was written.
    /// </remarks>
    public Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<TeamMetrics>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            var teams = new Dictionary<long, TeamAccumulator>();
            using (var reader = db.Reader($"SELECT team_id, slug, members, active, {CounterColumns} FROM team_days WHERE scope_id = $s AND day BETWEEN $from AND $to ORDER BY day", Range(scopeId, range)))
            {
                while (reader.Read())
                {
                    var id = reader.GetInt64(0);
                    if (!teams.TryGetValue(id, out var team))
                    {
                        teams[id] = team = new TeamAccumulator();
                    }

                    team.Slug = reader.IsDBNull(1) ? team.Slug : reader.GetString(1);
                    Bitmap.Or(ref team.Members, (byte[])reader[2]);
                    Bitmap.Or(ref team.Active, (byte[])reader[3]);
                    team.Activity += Counters(reader, 4);
                }
            }

            return
            [
                .. teams.Select(static t => new TeamMetrics(t.Key, t.Value.Slug ?? "", Bitmap.Count(t.Value.Members), Bitmap.Count(t.Value.Active), t.Value.Activity))
                    .OrderBy(static t => t.Slug, StringComparer.Ordinal)
                    .ThenBy(static t => t.TeamId),
            ];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<ActiveUsersPoint>>(db =>
        {
            var first = range.From.DayNumber >= MetricsStoreRules.MonthlyWindowDays - 1 ? range.From.AddDays(-(MetricsStoreRules.MonthlyWindowDays - 1)) : DateOnly.MinValue;
            var dayNumbers = new List<int>();
            var active = new List<ulong[]>();
            if (FindScope(db, scope) is { } scopeId)
            {
                using var reader = db.Reader(
                    "SELECT day, bits FROM day_user_bits WHERE scope_id = $s AND dimension = 0 AND day BETWEEN $from AND $to ORDER BY day",
                    ("$s", scopeId), ("$from", first.DayNumber), ("$to", range.To.DayNumber));
                while (reader.Read())
                {
                    dayNumbers.Add(reader.GetInt32(0));
                    active.Add(Bitmap.Decode((byte[])reader[1]));
                }
            }

            var words = active.Count == 0 ? 0 : active.Max(static a => a.Length);
            var union = new ulong[words];
            var points = new List<ActiveUsersPoint>(range.Days);
            int weekStart = 0, monthStart = 0, end = 0;
            for (var n = range.From.DayNumber; n <= range.To.DayNumber; n++)
            {
                while (end < dayNumbers.Count && dayNumbers[end] <= n)
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

                var daily = end > 0 && dayNumbers[end - 1] == n ? Bitmap.Count(active[end - 1]) : 0;
                points.Add(new ActiveUsersPoint(DateOnly.FromDayNumber(n), daily, Union(weekStart, end), Union(monthStart, end)));
            }

            return points;

            int Union(int start, int stop)
            {
                if (stop - start <= 1)
                {
                    return start == stop ? 0 : Bitmap.Count(active[start]);
                }

                Array.Clear(union);
                for (var i = start; i < stop; i++)
                {
                    var bits = active[i];
                    for (var w = 0; w < bits.Length; w++)
                    {
                        union[w] |= bits[w];
                    }
                }

                return Bitmap.Count(union);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Rows are emitted only for counts above zero, counted when each day was written: a key is counted when the user
    /// has a breakdown row for it (see the in-memory store for the kinds).
    /// </remarks>
    public Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<DailyEngagement>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            using var reader = db.Reader("SELECT day, kind, key, users FROM day_engagement WHERE scope_id = $s AND day BETWEEN $from AND $to", Range(scopeId, range));
            var result = new List<DailyEngagement>();
            while (reader.Read())
            {
                result.Add(new DailyEngagement(DateOnly.FromDayNumber(reader.GetInt32(0)), (EngagementKind)reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3)));
            }

            return [.. result.OrderBy(static e => e.Day).ThenBy(static e => e.Kind).ThenBy(static e => e.Key, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Seats are counted by assignee id (an assignee with several seats counts once; seats without an assignee are not
    /// counted). An assignee is active when the latest <c>last_activity_at</c> of their seats falls on or after 00:00 UTC
    /// of the snapshot day minus <paramref name="activeWithinDays"/> days, and never used when none of their seats has one.
    /// </remarks>
    public Task<IReadOnlyList<SeatHistoryPoint>> GetSeatHistoryAsync(MetricsScope scope, DateRange range, int activeWithinDays, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateActiveWithinDays(activeWithinDays);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<SeatHistoryPoint>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            var snapshots = new SortedDictionary<int, Dictionary<long, long?>>();
            using (var reader = db.Reader("SELECT day FROM report_days WHERE scope_id = $s AND dataset = $ds AND day BETWEEN $from AND $to", Range(scopeId, range, ("$ds", (int)SyncDataset.Seats))))
            {
                while (reader.Read())
                {
                    snapshots[reader.GetInt32(0)] = [];
                }
            }

            using (var reader = db.Reader("SELECT day, assignee_id, last_activity_at FROM seat_facts WHERE scope_id = $s AND day BETWEEN $from AND $to AND assignee_id IS NOT NULL ORDER BY day, seq", Range(scopeId, range)))
            {
                while (reader.Read())
                {
                    if (!snapshots.TryGetValue(reader.GetInt32(0), out var last))
                    {
                        continue;
                    }

                    var id = reader.GetInt64(1);
                    long? at = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                    if (!last.TryGetValue(id, out var previous))
                    {
                        last[id] = at;
                    }
                    else if (at is { } a && (previous is null || a > previous))
                    {
                        last[id] = at;
                    }
                }
            }

            var result = new List<SeatHistoryPoint>();
            foreach (var (dayNumber, last) in snapshots)
            {
                var day = DateOnly.FromDayNumber(dayNumber);
                var cutoffDay = day.DayNumber >= activeWithinDays ? day.AddDays(-activeWithinDays) : DateOnly.MinValue;
                var cutoff = new DateTimeOffset(cutoffDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks;
                result.Add(new SeatHistoryPoint(day, last.Count, last.Values.Count(at => at >= cutoff), last.Values.Count(static at => at is null)));
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A day stored empty (zero rows) has stored data and is not missing.</remarks>
    public Task<IReadOnlyList<DateOnly>> GetMissingDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDataset(dataset);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<DateOnly>>(db =>
        {
            var done = new HashSet<int>();
            if (FindScope(db, scope) is { } scopeId)
            {
                using var reader = db.Reader(
                    """
                    SELECT day FROM report_days WHERE scope_id = $s AND dataset = $ds AND day BETWEEN $from AND $to
                    UNION SELECT day FROM sync_status WHERE scope_id = $s AND dataset = $ds AND day BETWEEN $from AND $to AND state IN (2, 3)
                    """,
                    Range(scopeId, range, ("$ds", (int)dataset)));
                while (reader.Read())
                {
                    done.Add(reader.GetInt32(0));
                }
            }

            return [.. range.EachDay().Where(day => !done.Contains(day.DayNumber))];
        }, cancellationToken);
    }

    private static (string, object?)[] Range(long scopeId, DateRange range, params (string, object?)[] more) =>
        [("$s", scopeId), ("$from", range.From.DayNumber), ("$to", range.To.DayNumber), .. more];

    private static ActivityCounts Counters(Microsoft.Data.Sqlite.SqliteDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3),
        reader.GetInt64(first + 4), reader.GetInt64(first + 5), reader.GetInt64(first + 6));

    private sealed class TeamAccumulator
    {
        public ulong[] Members = [];
        public ulong[] Active = [];

        public string? Slug { get; set; }

        public ActivityCounts Activity { get; set; }
    }
}
