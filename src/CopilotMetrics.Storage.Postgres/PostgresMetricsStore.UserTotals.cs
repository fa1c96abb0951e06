using System.Data;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The per-user totals over a range, ranked from the running totals (<c>user_prefix</c>) when they are fresh, otherwise
/// from the rollup blocks and the days between them.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    /// <remarks>
    /// A user's <see cref="UserTotals.Login"/> is the login of their last day with a row in the range;
    /// <see cref="UserTotals.AiCreditsUsed"/> is SQL's <c>sum</c> of the rows' <c>ai_credits_used</c>, so it is
    /// <see langword="null"/> when none of them has one (the rollups keep that null, see migration 0003). Logins sort by their UTF-8 bytes (<c>COLLATE "C"</c>), which is ordinal order
    /// except between characters above U+FFFF and U+E000–U+FFFF. Which summaries answered is traced (see
    /// <see cref="ActivitySourceName"/>).
    /// </remarks>
    public async Task<UserTotalsPage> GetUserTotalsAsync(MetricsScope scope, DateRange range, UserTotalsQuery query, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateQuery(query);
        using var activity = Telemetry.StartActivity("copilot_metrics.get_user_totals");
        activity?.SetTag("copilot_metrics.schema", _schema);

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

                activity?.SetTag("copilot_metrics.user_totals.source", fromPrefix ? "running_totals" : "rollups");
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
                        SELECT u.user_id, 1, u.day, {Prefixed("u.")}, u.ai_credits_used
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
                            totals[userId] = new UserTotals(userId, reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3), ReadCounts(reader, 4), reader.IsDBNull(11) ? null : reader.GetDouble(11));
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new UserTotalsPage([.. page.Select(id => totals[id])], total);
            }
        }

        static string Prefixed(string prefix) => string.Join(", ", Counters.Split(", ").Select(c => prefix + c));
    }

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
}
