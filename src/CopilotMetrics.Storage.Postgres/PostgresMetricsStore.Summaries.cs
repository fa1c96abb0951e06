using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>The lazily rebuilt summaries: per-user rollups over aligned day blocks.</summary>
public sealed partial class PostgresMetricsStore
{
    /// <summary>
    /// Rebuilds the per-user rollups that writes marked stale, for every scope. Queries do this on demand for their
    /// scope; call it after a batch of writes (for example at the end of a sync) so that the next dashboard query does not
    /// pay for it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the rebuild (what was rebuilt in a committed step stays).</param>
    /// <returns>A task.</returns>
    public async Task RefreshSummariesAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var scopes = new List<int>();
            using (var command = Command($"SELECT DISTINCT scope_id FROM {_q}.rollup_dirty", connection, null))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        scopes.Add(reader.GetInt32(0));
                    }
                }
            }

            foreach (var scopeId in scopes)
            {
                await RefreshScopeAsync(connection, scopeId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Rebuilds the scope's stale summaries when there are any; a role without write rights just skips it (queries stay correct, only slower).</summary>
    private async Task RefreshIfStaleAsync(NpgsqlConnection connection, int scopeId, CancellationToken cancellationToken)
    {
        var stale = await ScalarAsync<bool>(
            connection,
            null,
            $"SELECT EXISTS (SELECT 1 FROM {_q}.rollup_dirty WHERE scope_id = $1)",
            cancellationToken,
            P(scopeId)).ConfigureAwait(false);
        if (!stale)
        {
            return;
        }

        try
        {
            await RefreshScopeAsync(connection, scopeId, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            // A read-only role: queries fall back to the per-day rows for stale blocks.
        }
    }

    /// <summary>
    /// Rebuilds the scope's stale rollup blocks (level by level, each from the level below or from the days) and deletes
    /// exactly the change markers it read: a marker a writer adds meanwhile survives, so nothing
    /// is ever marked clean without having been rebuilt from data that includes the change.
    /// </summary>
    private async Task RefreshScopeAsync(NpgsqlConnection connection, int scopeId, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "refresh", scopeId))).ConfigureAwait(false);

            var seqs = new List<long>();
            var blocks = new Dictionary<short, SortedSet<int>>();
            using (var command = Command($"SELECT seq, level, block FROM {_q}.rollup_dirty WHERE scope_id = $1", connection, transaction, P(scopeId)))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        seqs.Add(reader.GetInt64(0));
                        var level = reader.GetInt16(1);
                        if (!blocks.TryGetValue(level, out var set))
                        {
                            blocks[level] = set = [];
                        }

                        set.Add(reader.GetInt32(2));
                    }
                }
            }

            for (var level = (short)Rollups.MinLevel; level <= Rollups.MaxLevel; level++)
            {
                if (!blocks.TryGetValue(level, out var set) || set.Count == 0)
                {
                    continue;
                }

                var source = level == Rollups.MinLevel
                    ? $"""
                      SELECT b.block, u.user_id, count(*)::integer AS active_days, max(u.day) AS last_day,
                          sum(u.user_initiated_interaction_count) AS c1, sum(u.code_generation_activity_count) AS c2,
                          sum(u.code_acceptance_activity_count) AS c3, sum(u.loc_suggested_to_add_sum) AS c4,
                          sum(u.loc_suggested_to_delete_sum) AS c5, sum(u.loc_added_sum) AS c6, sum(u.loc_deleted_sum) AS c7,
                          sum(u.ai_credits_used) AS cr
                      FROM unnest($3::integer[]) AS b(block)
                      JOIN {_q}.user_days u ON u.scope_id = $1
                          AND u.day >= date '0001-01-01' + (b.block << $2::integer) AND u.day < date '0001-01-01' + ((b.block + 1) << $2::integer)
                      GROUP BY b.block, u.user_id
                      """
                    : $"""
                      SELECT r.block >> 1 AS block, r.user_id, sum(r.active_days)::integer, max(r.last_day),
                          sum(r.user_initiated_interaction_count), sum(r.code_generation_activity_count), sum(r.code_acceptance_activity_count),
                          sum(r.loc_suggested_to_add_sum), sum(r.loc_suggested_to_delete_sum), sum(r.loc_added_sum), sum(r.loc_deleted_sum),
                          sum(r.ai_credits_used)
                      FROM {_q}.user_rollups r
                      WHERE r.scope_id = $1 AND r.level = $2 - 1 AND (r.block >> 1) = ANY($3::integer[])
                      GROUP BY r.block >> 1, r.user_id
                      """;
                // Two statements: an INSERT does not see a DELETE of the same statement (the keys would collide).
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"DELETE FROM {_q}.user_rollups WHERE scope_id = $1 AND level = $2 AND block = ANY($3::integer[])",
                    cancellationToken,
                    P(scopeId),
                    P(level),
                    P(set.ToArray())).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO {_q}.user_rollups (scope_id, level, block, user_id, active_days, last_day, {Counters}, ai_credits_used)
                    SELECT $1, $2, s.* FROM ({source}) AS s
                    """,
                    cancellationToken,
                    P(scopeId),
                    P(level),
                    P(set.ToArray())).ConfigureAwait(false);
            }

            if (blocks.TryGetValue(UserPrefix.MarkerLevel, out var prefixDays) && prefixDays.Count > 0)
            {
                await RebuildUserPrefixAsync(connection, transaction, scopeId, DateOnly.FromDayNumber(prefixDays.Min), cancellationToken).ConfigureAwait(false);
            }

            if (seqs.Count > 0)
            {
                await ExecuteAsync(connection, transaction, $"DELETE FROM {_q}.rollup_dirty WHERE scope_id = $1 AND seq = ANY($2::bigint[])", cancellationToken, P(scopeId), P(seqs.ToArray())).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rebuilds the scope's running totals (<c>user_prefix</c>) of <paramref name="from"/> and later: from the last row
    /// before it (or zero), adding each stored day's per-user rows in day order and writing one row per day.
    /// </summary>
    private async Task RebuildUserPrefixAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int scopeId, DateOnly from, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, $"DELETE FROM {_q}.user_prefix WHERE scope_id = $1 AND day >= $2", cancellationToken, P(scopeId), Day(from)).ConfigureAwait(false);

        var totals = new UserPrefix.Totals();
        using (var command = Command(
            $"""
            SELECT users, active_days, {string.Join(", ", UserPrefix.CounterColumns)}
            FROM {_q}.user_prefix WHERE scope_id = $1 AND day < $2 ORDER BY day DESC LIMIT 1
            """,
            connection,
            transaction,
            P(scopeId),
            Day(from)))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var users = reader.GetInt32(0);
                    var counters = new long[UserPrefix.CounterColumns.Length][];
                    for (var c = 0; c < counters.Length; c++)
                    {
                        counters[c] = UserPrefix.DecodeInt64(reader.GetFieldValue<byte[]>(2 + c), users);
                    }

                    totals.Load(users, UserPrefix.DecodeInt32(reader.GetFieldValue<byte[]>(1), users), counters);
                }
            }
        }

        var days = new List<DateOnly>();
        using (var command = Command(
            $"SELECT DISTINCT day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $2 AND day >= $3 ORDER BY day",
            connection,
            transaction,
            P(scopeId),
            P((short)SyncDataset.Users),
            Day(from)))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    days.Add(reader.GetFieldValue<DateOnly>(0));
                }
            }
        }

        foreach (var day in days)
        {
            using (var command = Command(
                $"""
                SELECT o.ordinal, u.user_initiated_interaction_count, u.code_generation_activity_count, u.code_acceptance_activity_count, u.loc_added_sum
                FROM {_q}.user_days u LEFT JOIN {_q}.user_ordinals o ON o.scope_id = u.scope_id AND o.user_id = u.user_id
                WHERE u.scope_id = $1 AND u.day = $2
                """,
                connection,
                transaction,
                P(scopeId),
                Day(day)))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (reader.IsDBNull(0))
                        {
                            throw new InvalidOperationException($"A per-user row of scope {scopeId} on {day:yyyy-MM-dd} has no user number.");
                        }

                        totals.Add(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                    }
                }
            }

            var n = totals.Users;
            await ExecuteAsync(
                connection,
                transaction,
                $"""
                INSERT INTO {_q}.user_prefix (scope_id, day, users, active_days, {string.Join(", ", UserPrefix.CounterColumns)})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                cancellationToken,
                P(scopeId),
                Day(day),
                P(n),
                P(UserPrefix.Encode(totals.ActiveDays.AsSpan(0, n))),
                P(UserPrefix.Encode(totals.Counters[0].AsSpan(0, n))),
                P(UserPrefix.Encode(totals.Counters[1].AsSpan(0, n))),
                P(UserPrefix.Encode(totals.Counters[2].AsSpan(0, n))),
                P(UserPrefix.Encode(totals.Counters[3].AsSpan(0, n)))).ConfigureAwait(false);
        }
    }
}
