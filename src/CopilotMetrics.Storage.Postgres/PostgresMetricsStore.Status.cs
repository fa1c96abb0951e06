using System.Globalization;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>Sync status, claims, scopes and retention.</summary>
public sealed partial class PostgresMetricsStore
{
    private const string StatusColumns = "dataset, day, state, attempts, last_error, row_count, skipped_lines, content_hash, updated_at, completed_at, next_attempt_at";

    /// <inheritdoc />
    public async Task<SyncDayStatus?> GetSyncStatusAsync(SyncDayKey key, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, key.Scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return null;
            }

            using var command = Command(
                $"SELECT {StatusColumns} FROM {_q}.sync_status WHERE scope_id = $1 AND dataset = $2 AND day = $3 AND state IS NOT NULL",
                connection,
                null,
                P(scopeId),
                P((short)key.Dataset),
                Day(key.Day));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadStatus(reader, key.Scope) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SyncDayStatus>> GetSyncStatusesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return await ReadRangeAsync(
            scope,
            range,
            $"SELECT {StatusColumns} FROM {_q}.sync_status WHERE scope_id = $1 AND day BETWEEN $2 AND $3 AND state IS NOT NULL ORDER BY dataset, day",
            reader => ReadStatus(reader, scope),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Times are stored as <c>timestamptz</c>, to the microsecond.</remarks>
    public async Task SetSyncStatusAsync(SyncDayStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        MetricsStoreRules.ValidateScope(status.Key.Scope);
        var scopeId = await GetOrCreateScopeIdAsync(status.Key.Scope, cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(
                connection,
                null,
                $"""
                INSERT INTO {_q}.sync_status (scope_id, {StatusColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (scope_id, dataset, day) DO UPDATE SET
                    state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error, row_count = excluded.row_count,
                    skipped_lines = excluded.skipped_lines, content_hash = excluded.content_hash, updated_at = excluded.updated_at,
                    completed_at = excluded.completed_at, next_attempt_at = excluded.next_attempt_at
                """,
                cancellationToken,
                P(scopeId),
                P((short)status.Key.Dataset),
                Day(status.Key.Day),
                P((short)status.State),
                P(status.Attempts),
                P(status.LastError, NpgsqlDbType.Text),
                P(status.RowCount),
                P(status.SkippedLines),
                P(status.ContentHash, NpgsqlDbType.Text),
                P(status.UpdatedAt.ToUniversalTime()),
                P(status.CompletedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
                P(status.NextAttemptAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One atomic upsert: it takes the claim when there is none, when <paramref name="owner"/> holds it (a renewal), or when
    /// the holder's claim ended at or before <paramref name="now"/>. Claims are kept in <c>sync_status</c>
    /// (<c>claim_owner</c>, <c>claim_expires_at</c>), to the microsecond.
    /// </remarks>
    public async Task<bool> TryClaimAsync(SyncDayKey key, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateClaim(key, owner, duration);
        var until = now + duration;
        var scopeId = await GetOrCreateScopeIdAsync(key.Scope, cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var claimed = await ScalarAsync<int?>(
                connection,
                null,
                $"""
                INSERT INTO {_q}.sync_status (scope_id, dataset, day, claim_owner, claim_expires_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (scope_id, dataset, day) DO UPDATE SET claim_owner = excluded.claim_owner, claim_expires_at = excluded.claim_expires_at
                WHERE {_q}.sync_status.claim_owner IS NULL OR {_q}.sync_status.claim_owner = excluded.claim_owner OR {_q}.sync_status.claim_expires_at <= $6
                RETURNING 1
                """,
                cancellationToken,
                P(scopeId),
                P((short)key.Dataset),
                Day(key.Day),
                P(owner),
                P(until.ToUniversalTime()),
                P(now.ToUniversalTime())).ConfigureAwait(false);
            return claimed == 1;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseClaimAsync(SyncDayKey key, string owner, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        ArgumentNullException.ThrowIfNull(owner);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, key.Scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return;
            }

            // A row that only held the claim goes; a row with a status keeps its status.
            var parameters = new Func<NpgsqlParameter[]>(() => [P(scopeId), P((short)key.Dataset), Day(key.Day), P(owner)]);
            await ExecuteAsync(
                connection,
                null,
                $"DELETE FROM {_q}.sync_status WHERE scope_id = $1 AND dataset = $2 AND day = $3 AND claim_owner = $4 AND state IS NULL",
                cancellationToken,
                parameters()).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                null,
                $"UPDATE {_q}.sync_status SET claim_owner = NULL, claim_expires_at = NULL WHERE scope_id = $1 AND dataset = $2 AND day = $3 AND claim_owner = $4",
                cancellationToken,
                parameters()).ConfigureAwait(false);
        }
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

    /// <inheritdoc />
    /// <remarks>
    /// One transaction. A report-day (scope, dataset, day) counts once when its data, its status or both were removed;
    /// claims of the removed days go too. Monthly partitions wholly before <paramref name="before"/> are dropped
    /// (instead of deleting their rows); rollup blocks that straddle the boundary are marked for rebuilding.
    /// </remarks>
    public async Task<long> PurgeBeforeAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "purge"))).ConfigureAwait(false);
                var removed = await ScalarAsync<long>(
                    connection,
                    transaction,
                    $"""
                    SELECT count(*) FROM (
                        SELECT scope_id, dataset, day FROM {_q}.report_days WHERE day < $1
                        UNION
                        SELECT scope_id, dataset, day FROM {_q}.sync_status WHERE day < $1 AND state IS NOT NULL) AS x
                    """,
                    cancellationToken,
                    Day(before)).ConfigureAwait(false);

                // Whole months go with their partitions; the rest row by row.
                var drop = new List<string>();
                foreach (var table in Partitions.Tables)
                {
                    using var list = Command(
                        """
                        SELECT c.relname FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
                        WHERE n.nspname = $1 AND p.relname = $2
                        """,
                        connection,
                        transaction,
                        P(_schema),
                        P(table));
                    var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var name = reader.GetString(0);
                            if (TryParseMonth(name, table) is { } month && Partitions.FirstDay(month + 1) <= before)
                            {
                                drop.Add(name);
                            }
                        }
                    }
                }

                if (drop.Count > 0)
                {
                    // Dropping partitions locks their parents: both at once, in the writers' order (no deadlock).
                    await ExecuteAsync(connection, transaction, $"LOCK TABLE {_q}.user_days, {_q}.raw_chunks IN ACCESS EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
                }

                foreach (var name in drop)
                {
                    // name comes from pg_class and matched the generated pattern (letters, digits, underscores).
                    await ExecuteAsync(connection, transaction, $"DROP TABLE {_q}.\"{name}\"", cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    WITH a AS (DELETE FROM {_q}.report_days WHERE day < $1),
                         b AS (DELETE FROM {_q}.sync_status WHERE day < $1),
                         c AS (DELETE FROM {_q}.aggregate_days WHERE day < $1),
                         d AS (DELETE FROM {_q}.aggregate_breakdowns WHERE day < $1),
                         e AS (DELETE FROM {_q}.user_days WHERE day < $1),
                         f AS (DELETE FROM {_q}.raw_chunks WHERE day < $1),
                         g AS (DELETE FROM {_q}.day_user_bits WHERE day < $1),
                         h AS (DELETE FROM {_q}.day_engagement WHERE day < $1),
                         i AS (DELETE FROM {_q}.team_days WHERE day < $1),
                         j AS (DELETE FROM {_q}.team_day_sums WHERE day < $1),
                         l AS (DELETE FROM {_q}.repository_days WHERE day < $1),
                         m AS (DELETE FROM {_q}.seat_snapshots WHERE day < $1),
                         n AS (DELETE FROM {_q}.user_rollups WHERE ((block::bigint + 1) << level) <= $2),
                         o AS (DELETE FROM {_q}.user_prefix WHERE day < $1)
                    INSERT INTO {_q}.rollup_dirty (scope_id, seq, level, block)
                    SELECT s.scope_id, nextval('{_q}.change_seq'), l, $2 >> l
                    FROM {_q}.scopes s CROSS JOIN generate_series({Rollups.MinLevel}, {Rollups.MaxLevel}) AS l
                    WHERE EXISTS (SELECT 1 FROM {_q}.user_rollups r WHERE r.scope_id = s.scope_id)
                    UNION ALL
                    -- Running totals include the purged days: rebuilt from the boundary on (from zero, as no row before it is left).
                    SELECT s.scope_id, nextval('{_q}.change_seq'), {UserPrefix.MarkerLevel}, $2
                    FROM {_q}.scopes s
                    WHERE EXISTS (SELECT 1 FROM {_q}.user_prefix p WHERE p.scope_id = s.scope_id)
                    """,
                    cancellationToken,
                    Day(before),
                    P(before.DayNumber)).ConfigureAwait(false);

                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return removed;
            }
        }
    }

    private static int? TryParseMonth(string partition, string table)
    {
        // <table>_pYYYY_MM
        var prefix = table + "_p";
        if (!partition.StartsWith(prefix, StringComparison.Ordinal) || partition.Length != prefix.Length + 7 || partition[prefix.Length + 4] != '_')
        {
            return null;
        }

        return int.TryParse(partition.AsSpan(prefix.Length, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
               && int.TryParse(partition.AsSpan(prefix.Length + 5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
               && month is >= 1 and <= 12
            ? (year * 12) + month - 1
            : null;
    }

    private static SyncDayStatus ReadStatus(NpgsqlDataReader reader, MetricsScope scope) => new()
    {
        Key = new SyncDayKey(scope, (SyncDataset)reader.GetInt16(0), reader.GetFieldValue<DateOnly>(1)),
        State = (SyncDayState)reader.GetInt16(2),
        Attempts = reader.GetInt32(3),
        LastError = reader.IsDBNull(4) ? null : reader.GetString(4),
        RowCount = reader.GetInt64(5),
        SkippedLines = reader.GetInt64(6),
        ContentHash = reader.IsDBNull(7) ? null : reader.GetString(7),
        UpdatedAt = reader.IsDBNull(8) ? default : reader.GetFieldValue<DateTimeOffset>(8),
        CompletedAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        NextAttemptAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
    };
}
