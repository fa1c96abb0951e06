using System.Data;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The dashboard queries: daily series, breakdowns, teams, active users, engagement, seat history, missing days and
/// scopes.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return await ReadRangeAsync(
            scope,
            range,
            $"""
            SELECT day, daily_active_users, weekly_active_users, monthly_active_users, monthly_active_chat_users, monthly_active_agent_users, {Counters}
            FROM {_q}.aggregate_days WHERE scope_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day
            """,
            static reader => new DailyMetrics(
                reader.GetFieldValue<DateOnly>(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                ReadCounts(reader, 6)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The keys are those of the aggregate rows and of the per-user rows in the range: a key seen only in per-user rows is
    /// listed with zero counters, and one seen only in aggregate rows with zero active users.
    /// </remarks>
    public async Task<IReadOnlyList<BreakdownRow>> GetBreakdownAsync(MetricsScope scope, DateRange range, BreakdownDimension dimension, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDimension(dimension);
        var bitDimension = BitDimension.Of(dimension);
        var rows = new List<BreakdownRow>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return rows;
            }

            using var command = Command(
                $"""
                WITH sums AS (
                    SELECT key, sum(user_initiated_interaction_count)::bigint AS c1, sum(code_generation_activity_count)::bigint AS c2,
                        sum(code_acceptance_activity_count)::bigint AS c3, sum(loc_suggested_to_add_sum)::bigint AS c4,
                        sum(loc_suggested_to_delete_sum)::bigint AS c5, sum(loc_added_sum)::bigint AS c6, sum(loc_deleted_sum)::bigint AS c7
                    FROM {_q}.aggregate_breakdowns WHERE scope_id = $1 AND dimension = $2 AND day BETWEEN $3 AND $4 GROUP BY key),
                users AS (
                    SELECT key, sum(bit_count(bits))::integer AS n
                    FROM (SELECT key, block, bit_or(bits) AS bits FROM {_q}.day_user_bits
                          WHERE scope_id = $1 AND dimension = $5 AND day BETWEEN $3 AND $4 GROUP BY key, block) AS b
                    GROUP BY key)
                SELECT coalesce(s.key, u.key), coalesce(s.c1, 0), coalesce(s.c2, 0), coalesce(s.c3, 0), coalesce(s.c4, 0), coalesce(s.c5, 0),
                    coalesce(s.c6, 0), coalesce(s.c7, 0), coalesce(u.n, 0)
                FROM sums s FULL JOIN users u ON u.key = s.key
                """,
                connection,
                null,
                P(scopeId),
                P((short)dimension),
                Day(range.From),
                Day(range.To),
                P(bitDimension));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new BreakdownRow(dimension, reader.GetString(0), ReadCounts(reader, 1), reader.GetInt32(8)));
                }
            }
        }

        rows.Sort(static (a, b) =>
        {
            var c = b.Activity.CodeGenerations.CompareTo(a.Activity.CodeGenerations);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return rows;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A team's slug is the last non-null one of its membership rows in the range; teams with equal slugs are ordered by
    /// team id. Members and active users are unions of user bitmaps (never sums), counters are daily team sums.
    /// </remarks>
    public async Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var result = new List<TeamMetrics>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return result;
            }

            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var command = Command(
                    $"""
                    WITH td AS (
                        SELECT day, team_id, version_id, slug FROM {_q}.team_days WHERE scope_id = $1 AND day BETWEEN $2 AND $3),
                    tv AS (SELECT team_id, version_id, min(day) AS lo, max(day) AS hi, count(*) = max(day) - min(day) + 1 AS whole FROM td GROUP BY team_id, version_id),
                    spans AS (SELECT DISTINCT lo, hi FROM tv WHERE whole),
                    span_act AS (
                        SELECT s.lo, s.hi, b.block, bit_or(b.bits) AS bits
                        FROM spans s JOIN {_q}.day_user_bits b ON b.scope_id = $1 AND b.dimension = 0 AND b.key = '' AND b.day BETWEEN s.lo AND s.hi
                        GROUP BY s.lo, s.hi, b.block),
                    act AS (
                        SELECT tv.team_id, tv.version_id, a.block, a.bits FROM tv JOIN span_act a ON a.lo = tv.lo AND a.hi = tv.hi WHERE tv.whole
                        UNION ALL
                        SELECT td.team_id, td.version_id, b.block, bit_or(b.bits)
                        FROM tv JOIN td ON td.team_id = tv.team_id AND td.version_id = tv.version_id
                        JOIN {_q}.day_user_bits b ON b.scope_id = $1 AND b.dimension = 0 AND b.key = '' AND b.day = td.day
                        WHERE NOT tv.whole
                        GROUP BY td.team_id, td.version_id, b.block),
                    members AS (
                        SELECT m.team_id, sum(bit_count(m.bits))::integer AS n
                        FROM (SELECT tv.team_id, vb.block, bit_or(vb.bits) AS bits
                              FROM tv JOIN {_q}.team_version_bits vb ON vb.version_id = tv.version_id GROUP BY tv.team_id, vb.block) AS m
                        GROUP BY m.team_id),
                    active AS (
                        SELECT a.team_id, sum(bit_count(a.bits))::integer AS n
                        FROM (SELECT act.team_id, vb.block, bit_or(vb.bits & act.bits) AS bits
                              FROM act JOIN {_q}.team_version_bits vb ON vb.version_id = act.version_id AND vb.block = act.block
                              GROUP BY act.team_id, vb.block) AS a
                        GROUP BY a.team_id),
                    totals AS (
                        SELECT team_id, sum(user_initiated_interaction_count)::bigint AS c1, sum(code_generation_activity_count)::bigint AS c2,
                            sum(code_acceptance_activity_count)::bigint AS c3, sum(loc_suggested_to_add_sum)::bigint AS c4,
                            sum(loc_suggested_to_delete_sum)::bigint AS c5, sum(loc_added_sum)::bigint AS c6, sum(loc_deleted_sum)::bigint AS c7
                        FROM {_q}.team_day_sums WHERE scope_id = $1 AND day BETWEEN $2 AND $3 GROUP BY team_id),
                    slugs AS (SELECT DISTINCT ON (team_id) team_id, slug FROM td WHERE slug IS NOT NULL ORDER BY team_id, day DESC)
                    SELECT t.team_id, coalesce(s.slug, ''), coalesce(m.n, 0), coalesce(a.n, 0),
                        coalesce(x.c1, 0), coalesce(x.c2, 0), coalesce(x.c3, 0), coalesce(x.c4, 0), coalesce(x.c5, 0), coalesce(x.c6, 0), coalesce(x.c7, 0)
                    FROM (SELECT DISTINCT team_id FROM td) AS t
                    LEFT JOIN slugs s ON s.team_id = t.team_id
                    LEFT JOIN members m ON m.team_id = t.team_id
                    LEFT JOIN active a ON a.team_id = t.team_id
                    LEFT JOIN totals x ON x.team_id = t.team_id
                    """,
                    connection,
                    transaction,
                    P(scopeId),
                    Day(range.From),
                    Day(range.To)))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            result.Add(new TeamMetrics(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), ReadCounts(reader, 4)));
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        result.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Slug, b.Slug);
            return c != 0 ? c : a.TeamId.CompareTo(b.TeamId);
        });
        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var first = range.From.DayNumber >= MetricsStoreRules.MonthlyWindowDays - 1 ? range.From.AddDays(-(MetricsStoreRules.MonthlyWindowDays - 1)) : DateOnly.MinValue;
        var byDay = new Dictionary<DateOnly, (int Daily, int Weekly, int Monthly)>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is { } scopeId)
            {
                using var command = Command(
                    $"""
                    WITH present AS (
                        SELECT day, block, bits FROM {_q}.day_user_bits WHERE scope_id = $1 AND dimension = 0 AND key = '' AND day BETWEEN $2 AND $3),
                    bounds AS (SELECT min(day) AS lo, max(day) AS hi FROM present),
                    blocks AS (SELECT DISTINCT block FROM present),
                    days AS (
                        SELECT d::date AS day
                        FROM bounds, generate_series(bounds.lo::timestamp, least($3, bounds.hi + {MetricsStoreRules.MonthlyWindowDays - 1})::timestamp, interval '1 day') AS d
                        WHERE bounds.lo IS NOT NULL),
                    grid AS (
                        SELECT days.day, blocks.block, p.bits FROM days CROSS JOIN blocks
                        LEFT JOIN present p ON p.day = days.day AND p.block = blocks.block),
                    w AS (
                        SELECT day, block, bits,
                            bit_or(bits) OVER (PARTITION BY block ORDER BY day ROWS BETWEEN {MetricsStoreRules.WeeklyWindowDays - 1} PRECEDING AND CURRENT ROW) AS w7,
                            bit_or(bits) OVER (PARTITION BY block ORDER BY day ROWS BETWEEN {MetricsStoreRules.MonthlyWindowDays - 1} PRECEDING AND CURRENT ROW) AS w28
                        FROM grid)
                    SELECT day, sum(coalesce(bit_count(bits), 0))::integer, sum(coalesce(bit_count(w7), 0))::integer, sum(coalesce(bit_count(w28), 0))::integer
                    FROM w WHERE day >= $4 GROUP BY day
                    """,
                    connection,
                    null,
                    P(scopeId),
                    Day(first),
                    Day(range.To),
                    Day(range.From));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        byDay[reader.GetFieldValue<DateOnly>(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
                    }
                }
            }
        }

        var points = new List<ActiveUsersPoint>(range.Days);
        foreach (var day in range.EachDay())
        {
            var (daily, weekly, monthly) = byDay.GetValueOrDefault(day);
            points.Add(new ActiveUsersPoint(day, daily, weekly, monthly));
        }

        return points;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Rows are emitted only for counts above zero. A key is counted when the user has a breakdown row for it (any
    /// counters); "completion activity" is a <c>code_completion</c> feature row and "chat activity" a <c>chat_*</c>
    /// feature row (for <see cref="EngagementKind.ChatModel"/>, a <c>totals_by_model_feature</c> row of a chat feature;
    /// for <see cref="EngagementKind.CompletionModel"/>, one of <c>code_completion</c>). The counts are taken when a day
    /// is written, so a day written by a version before <see cref="EngagementKind.CompletionModel"/> existed has none
    /// of that kind until it is written again.
    /// </remarks>
    public async Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var result = await ReadRangeAsync(
            scope,
            range,
            $"SELECT day, kind, key, users FROM {_q}.day_engagement WHERE scope_id = $1 AND day BETWEEN $2 AND $3 AND users > 0",
            static reader => new DailyEngagement(reader.GetFieldValue<DateOnly>(0), (EngagementKind)reader.GetInt16(1), reader.GetString(2), reader.GetInt32(3)),
            cancellationToken).ConfigureAwait(false);
        result.Sort(static (a, b) =>
        {
            var c = a.Day.CompareTo(b.Day);
            if (c == 0)
            {
                c = a.Kind.CompareTo(b.Kind);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Seats are counted by assignee id (an assignee granted a seat by several organizations or teams counts once; seats
    /// without an assignee are not counted). An assignee is active when the latest <c>last_activity_at</c> of their
    /// seats falls on or after 00:00 UTC of the snapshot day minus <paramref name="activeWithinDays"/> days, and never
    /// used when none of their seats has a <c>last_activity_at</c>.
    /// </remarks>
    public async Task<IReadOnlyList<SeatHistoryPoint>> GetSeatHistoryAsync(MetricsScope scope, DateRange range, int activeWithinDays, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateActiveWithinDays(activeWithinDays);
        var result = new List<SeatHistoryPoint>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return result;
            }

            using var command = Command(
                $"""
                WITH snapshots AS (SELECT day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $4 AND day BETWEEN $2 AND $3),
                per AS (
                    SELECT day, assignee_id, max(last_activity_at) AS last, bool_and(last_activity_at IS NULL) AS never
                    FROM {_q}.seat_snapshots WHERE scope_id = $1 AND day BETWEEN $2 AND $3 AND assignee_id IS NOT NULL
                    GROUP BY day, assignee_id)
                SELECT s.day, count(per.assignee_id)::integer,
                    (count(*) FILTER (WHERE per.last >= (greatest(s.day - $5, date '0001-01-01')::timestamp AT TIME ZONE 'UTC')))::integer,
                    (count(*) FILTER (WHERE per.never))::integer
                FROM snapshots s LEFT JOIN per ON per.day = s.day
                GROUP BY s.day ORDER BY s.day
                """,
                connection,
                null,
                P(scopeId),
                Day(range.From),
                Day(range.To),
                P((short)SyncDataset.Seats),
                P(activeWithinDays));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new SeatHistoryPoint(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>A day stored empty (zero rows) has stored data and is not missing.</remarks>
    public async Task<IReadOnlyList<DateOnly>> GetMissingDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDataset(dataset);

        var present = new HashSet<DateOnly>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is { } scopeId)
            {
                using var command = Command(
                    $"""
                    SELECT day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $2 AND day BETWEEN $3 AND $4
                    UNION
                    SELECT day FROM {_q}.sync_status WHERE scope_id = $1 AND dataset = $2 AND day BETWEEN $3 AND $4 AND state IN ($5, $6)
                    """,
                    connection,
                    null,
                    P(scopeId),
                    P((short)dataset),
                    Day(range.From),
                    Day(range.To),
                    P((short)SyncDayState.Completed),
                    P((short)SyncDayState.Empty));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        present.Add(reader.GetFieldValue<DateOnly>(0));
                    }
                }
            }
        }

        return [.. range.EachDay().Where(d => !present.Contains(d))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricsScope>> GetScopesAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<MetricsScope>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(
                $"""
                SELECT s.kind, s.name FROM {_q}.scopes s
                WHERE EXISTS (SELECT 1 FROM {_q}.report_days r WHERE r.scope_id = s.scope_id)
                   OR EXISTS (SELECT 1 FROM {_q}.sync_status t WHERE t.scope_id = s.scope_id AND t.state IS NOT NULL)
                """,
                connection,
                null);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new MetricsScope((ScopeKind)reader.GetInt16(0), reader.GetString(1)));
                }
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return result;
    }
}
