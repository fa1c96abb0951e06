using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>The stored records and the dashboard queries.</summary>
public sealed partial class PostgresMetricsStore
{
    private const int WeekDays = 7;
    private const int MonthDays = 28;

    // ---- stored records -----------------------------------------------------------------------------------------

    /// <inheritdoc />
    public IAsyncEnumerable<AggregateDayRecord> GetAggregateDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadAggregatesAsync(scope, range, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserDayRecord> GetUserDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<UserDayRecord>(scope, SyncDataset.Users, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserTeamRecord> GetUserTeamDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<UserTeamRecord>(scope, SyncDataset.UserTeams, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RepositoryDayRecord> GetRepositoryDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<RepositoryDayRecord>(scope, SyncDataset.Repositories, day, cancellationToken);
    }

    private async IAsyncEnumerable<AggregateDayRecord> ReadAggregatesAsync(MetricsScope scope, DateRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                yield break;
            }

            using var command = Command($"SELECT record FROM {_q}.aggregate_days WHERE scope_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day", connection, null, P(scopeId), Day(range.From), Day(range.To));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return ReportJson.Deserialize<AggregateDayRecord>(Encoding.UTF8.GetBytes(reader.GetString(0)));
                }
            }
        }
    }

    /// <summary>Streams a day's lossless copy, chunk by chunk (one statement, so one consistent version of the day).</summary>
    private async IAsyncEnumerable<T> ReadRawAsync<T>(MetricsScope scope, SyncDataset dataset, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : ReportObject
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                yield break;
            }

            using var command = Command(
                $"SELECT data FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $2 AND day = $3 ORDER BY chunk",
                connection,
                null,
                P(scopeId),
                P((short)dataset),
                Day(day));
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var data = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                    using var lines = LineReader.Open(data);
                    while (lines.TryReadLine(out var line))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return ReportJson.Deserialize<T>(line.Span);
                    }
                }
            }
        }
    }

    // ---- queries ------------------------------------------------------------------------------------------------

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
    /// A user's <see cref="UserTotals.Login"/> is the login of their last day with a row in the range; a missing
    /// <c>ai_credits_used</c> counts as 0. Logins sort by their UTF-8 bytes (<c>COLLATE "C"</c>), which is ordinal order
    /// except between characters above U+FFFF and U+E000–U+FFFF.
    /// </remarks>
    public async Task<UserTotalsPage> GetUserTotalsAsync(MetricsScope scope, DateRange range, UserTotalsQuery query, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateQuery(query);

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return new UserTotalsPage([], 0);
            }

            if (range.Days >= 1 << Rollups.MinLevel)
            {
                await RefreshIfStaleAsync(connection, scopeId, cancellationToken).ConfigureAwait(false);
            }

            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A few tens of thousands of rows hash-aggregated: a parallel plan (partial aggregates, sort, gather) costs more than it saves.
                await ExecuteAsync(connection, transaction, "SET LOCAL max_parallel_workers_per_gather = 0", cancellationToken).ConfigureAwait(false);
                var (dirty, prefixStaleFrom) = await ReadChangeMarkersAsync(connection, transaction, scopeId, cancellationToken).ConfigureAwait(false);
                var (blocks, days) = Rollups.Cover(range.From.DayNumber, range.To.DayNumber, dirty);
                var levels = P(blocks.Select(b => b.Level).ToArray());
                var blockIds = P(blocks.Select(b => b.Block).ToArray());
                var dayList = P(days.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Date);

                // 1. Rank every user of the range by the sort key alone; keep the page. From the running totals when they are
                // fresh up to the range's end (two rows), otherwise from the rollup blocks and days that cover the range.
                var direction = query.Descending ? "DESC" : "ASC";
                var (rollupKey, dayKey) = query.SortBy switch
                {
                    UserTotalsSort.Interactions => ("r.user_initiated_interaction_count", "u.user_initiated_interaction_count"),
                    UserTotalsSort.Generations => ("r.code_generation_activity_count", "u.code_generation_activity_count"),
                    UserTotalsSort.Acceptances => ("r.code_acceptance_activity_count", "u.code_acceptance_activity_count"),
                    UserTotalsSort.LocAdded => ("r.loc_added_sum", "u.loc_added_sum"),
                    _ => ("0::bigint", "0::bigint"),
                };
                var ranked = query.SortBy switch
                {
                    UserTotalsSort.ActiveDays => "SELECT user_id, ad AS k FROM g",
                    UserTotalsSort.Login => $"SELECT g.user_id, u.login COLLATE \"C\" AS k FROM g JOIN {_q}.user_days u ON u.scope_id = $1 AND u.day = g.ld AND u.user_id = g.user_id",
                    _ => "SELECT user_id, k FROM g",
                };
                var page = new List<long>();
                var total = 0;
                var fromPrefix = query.SortBy != UserTotalsSort.Login && prefixStaleFrom > range.To.DayNumber;
                if (fromPrefix)
                {
                    total = await RankFromPrefixAsync(connection, transaction, scopeId, range, query, page, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using (var command = Command(
                        $"""
                        WITH parts AS (
                            SELECT r.user_id, {rollupKey} AS k, r.active_days AS ad, r.last_day AS ld
                            FROM unnest($2::smallint[], $3::integer[]) AS p(l, b)
                            JOIN {_q}.user_rollups r ON r.scope_id = $1 AND r.level = p.l AND r.block = p.b
                            UNION ALL
                            SELECT u.user_id, {dayKey}, 1, u.day FROM {_q}.user_days u WHERE u.scope_id = $1 AND u.day = ANY($4::date[])),
                        g AS (SELECT user_id, sum(k) AS k, sum(ad) AS ad, max(ld) AS ld FROM parts GROUP BY user_id),
                        ranked AS ({ranked})
                        SELECT p.user_id, c.total FROM (SELECT count(*)::integer AS total FROM g) AS c
                        LEFT JOIN LATERAL (SELECT user_id FROM ranked ORDER BY k {direction}, user_id LIMIT $5 OFFSET $6) AS p ON true
                        """,
                        connection,
                        transaction,
                        P(scopeId),
                        levels,
                        blockIds,
                        dayList,
                        P(query.Limit),
                        P(query.Offset)))
                    {
                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                total = reader.GetInt32(1);
                                if (!reader.IsDBNull(0))
                                {
                                    page.Add(reader.GetInt64(0));
                                }
                            }
                        }
                    }
                }

                LastRankedFromPrefix = fromPrefix;
                if (page.Count == 0)
                {
                    return new UserTotalsPage([], total);
                }

                // 2. The page's users in full.
                var totals = new Dictionary<long, UserTotals>(page.Count);
                using (var command = Command(
                    $"""
                    WITH parts AS (
                        SELECT r.user_id, r.active_days AS ad, r.last_day AS ld, {Prefixed("r.")}, r.ai_credits_used AS cr
                        FROM unnest($2::smallint[], $3::integer[]) AS p(l, b)
                        JOIN {_q}.user_rollups r ON r.scope_id = $1 AND r.level = p.l AND r.block = p.b AND r.user_id = ANY($5::bigint[])
                        UNION ALL
                        SELECT u.user_id, 1, u.day, {Prefixed("u.")}, coalesce(u.ai_credits_used, 0)
                        FROM {_q}.user_days u WHERE u.scope_id = $1 AND u.day = ANY($4::date[]) AND u.user_id = ANY($5::bigint[])),
                    g AS (
                        SELECT user_id, sum(ad)::integer AS ad, max(ld) AS ld,
                            sum(user_initiated_interaction_count)::bigint AS c1, sum(code_generation_activity_count)::bigint AS c2,
                            sum(code_acceptance_activity_count)::bigint AS c3, sum(loc_suggested_to_add_sum)::bigint AS c4,
                            sum(loc_suggested_to_delete_sum)::bigint AS c5, sum(loc_added_sum)::bigint AS c6, sum(loc_deleted_sum)::bigint AS c7,
                            sum(cr) AS cr
                        FROM parts GROUP BY user_id)
                    SELECT g.user_id, u.login, g.ad, g.ld, g.c1, g.c2, g.c3, g.c4, g.c5, g.c6, g.c7, g.cr
                    FROM g JOIN {_q}.user_days u ON u.scope_id = $1 AND u.day = g.ld AND u.user_id = g.user_id
                    """,
                    connection,
                    transaction,
                    P(scopeId),
                    levels.Clone(),
                    blockIds.Clone(),
                    dayList.Clone(),
                    P(page.ToArray())))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var userId = reader.GetInt64(0);
                            totals[userId] = new UserTotals(userId, reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3), ReadCounts(reader, 4), reader.GetDouble(11));
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new UserTotalsPage([.. page.Select(id => totals[id])], total);
            }
        }

        static string Prefixed(string prefix) => string.Join(", ", Counters.Split(", ").Select(c => prefix + c));
    }

    /// <summary>Whether the last <see cref="GetUserTotalsAsync"/> ranked the users from the running totals (tests).</summary>
    internal bool LastRankedFromPrefix { get; private set; }

    /// <summary>
    /// The change markers the transaction's snapshot sees: the stale rollup blocks, and the first day number whose
    /// running totals are stale (<see cref="int.MaxValue"/> when none are).
    /// </summary>
    private async Task<(HashSet<(short Level, int Block)> Dirty, int PrefixStaleFrom)> ReadChangeMarkersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int scopeId, CancellationToken cancellationToken)
    {
        var dirty = new HashSet<(short, int)>();
        var prefixStaleFrom = int.MaxValue;
        using var command = Command($"SELECT DISTINCT level, block FROM {_q}.rollup_dirty WHERE scope_id = $1", connection, transaction, P(scopeId));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var level = reader.GetInt16(0);
                var block = reader.GetInt32(1);
                if (level == UserPrefix.MarkerLevel)
                {
                    prefixStaleFrom = Math.Min(prefixStaleFrom, block);
                }
                else
                {
                    dirty.Add((level, block));
                }
            }
        }

        return (dirty, prefixStaleFrom);
    }

    /// <summary>
    /// Ranks every user of the range from two rows of running totals (the last stored day on or before the range's end,
    /// and the last before its start): a user is in the range when their active days differ, and their key is the
    /// difference. Fills <paramref name="page"/> with the requested slice of user ids; returns the number of users.
    /// </summary>
    private async Task<int> RankFromPrefixAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int scopeId, DateRange range, UserTotalsQuery query, List<long> page, CancellationToken cancellationToken)
    {
        var column = query.SortBy switch
        {
            UserTotalsSort.Interactions => UserPrefix.CounterColumns[0],
            UserTotalsSort.Generations => UserPrefix.CounterColumns[1],
            UserTotalsSort.Acceptances => UserPrefix.CounterColumns[2],
            UserTotalsSort.LocAdded => UserPrefix.CounterColumns[3],
            _ => "NULL::bytea",
        };
        int[] endDays = [], startDays = [];
        long[]? endKeys = null, startKeys = null;
        var users = 0;
        var before = range.From.DayNumber > 0 ? range.From.AddDays(-1) : (DateOnly?)null;
        using (var command = Command(
            $"""
            SELECT e.which, p.users, p.active_days, p.k
            FROM (VALUES (0, $2::date), (1, $3::date)) AS e(which, d)
            CROSS JOIN LATERAL (
                SELECT users, active_days, {column} AS k FROM {_q}.user_prefix
                WHERE scope_id = $1 AND day <= e.d ORDER BY day DESC LIMIT 1) AS p
            """,
            connection,
            transaction,
            P(scopeId),
            Day(range.To),
            P(before, NpgsqlDbType.Date)))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var n = reader.GetInt32(1);
                    var activeDays = UserPrefix.DecodeInt32(reader.GetFieldValue<byte[]>(2), n);
                    var keys = reader.IsDBNull(3) ? null : UserPrefix.DecodeInt64(reader.GetFieldValue<byte[]>(3), n);
                    if (reader.GetInt32(0) == 0)
                    {
                        (users, endDays, endKeys) = (n, activeDays, keys);
                    }
                    else
                    {
                        (startDays, startKeys) = (activeDays, keys);
                    }
                }
            }
        }

        if (users == 0)
        {
            return 0;
        }

        var userIds = await _ordinals.UserIdsAsync(connection, transaction, scopeId, users, _timeout, cancellationToken).ConfigureAwait(false);
        var ranked = new (long Key, long UserId)[users];
        var total = 0;
        for (var i = 0; i < users; i++)
        {
            var active = endDays[i] - (i < startDays.Length ? startDays[i] : 0);
            if (active > 0)
            {
                var key = endKeys is null ? active : endKeys[i] - (startKeys is not null && i < startKeys.Length ? startKeys[i] : 0);
                ranked[total++] = (key, userIds[i]);
            }
        }

        // The SQL ranking's order: the key in the requested direction, then the user id ascending.
        var descending = query.Descending;
        Array.Sort(ranked, 0, total, Comparer<(long Key, long UserId)>.Create((a, b) =>
        {
            var c = descending ? b.Key.CompareTo(a.Key) : a.Key.CompareTo(b.Key);
            return c != 0 ? c : a.UserId.CompareTo(b.UserId);
        }));
        for (var i = query.Offset; i < total && i < (long)query.Offset + query.Limit; i++)
        {
            page.Add(ranked[i].UserId);
        }

        return total;
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
        var first = range.From.DayNumber >= MonthDays - 1 ? range.From.AddDays(-(MonthDays - 1)) : DateOnly.MinValue;
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
                        FROM bounds, generate_series(bounds.lo::timestamp, least($3, bounds.hi + {MonthDays - 1})::timestamp, interval '1 day') AS d
                        WHERE bounds.lo IS NOT NULL),
                    grid AS (
                        SELECT days.day, blocks.block, p.bits FROM days CROSS JOIN blocks
                        LEFT JOIN present p ON p.day = days.day AND p.block = blocks.block),
                    w AS (
                        SELECT day, block, bits,
                            bit_or(bits) OVER (PARTITION BY block ORDER BY day ROWS BETWEEN {WeekDays - 1} PRECEDING AND CURRENT ROW) AS w7,
                            bit_or(bits) OVER (PARTITION BY block ORDER BY day ROWS BETWEEN {MonthDays - 1} PRECEDING AND CURRENT ROW) AS w28
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
    /// feature row (for <see cref="EngagementKind.ChatModel"/>, a <c>totals_by_model_feature</c> row of a chat feature).
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
    public async Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return null;
            }

            DateOnly? day = null;
            var seats = new List<CopilotSeat>();
            using var command = Command(
                $"""
                SELECT r.day, c.data
                FROM (SELECT max(day) AS day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $2) AS r
                LEFT JOIN {_q}.raw_chunks c ON c.scope_id = $1 AND c.dataset = $2 AND c.day = r.day
                WHERE r.day IS NOT NULL
                ORDER BY c.chunk
                """,
                connection,
                null,
                P(scopeId),
                P((short)SyncDataset.Seats));
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    day = reader.GetFieldValue<DateOnly>(0);
                    if (!await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false))
                    {
                        using var lines = LineReader.Open(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false));
                        while (lines.TryReadLine(out var line))
                        {
                            seats.Add(ReportJson.Deserialize<CopilotSeat>(line.Span));
                        }
                    }
                }
            }

            return day is { } d ? new SeatSnapshot(d, seats) : null;
        }
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

    private static ActivityCounts ReadCounts(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetInt64(first + 1),
        reader.GetInt64(first + 2),
        reader.GetInt64(first + 3),
        reader.GetInt64(first + 4),
        reader.GetInt64(first + 5),
        reader.GetInt64(first + 6));
}
