using System.Data;
using System.Globalization;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The report-day write transaction every <c>Replace*</c> runs its writer in, the lossless chunks they share, and
/// retention.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <summary>
    /// Runs one report-day write: a transaction holding the report-day's advisory lock (concurrent writers of the same
    /// day take turns; the last to commit wins), the body, the <c>report_days</c> row, then commit. Any exception —
    /// including cancellation — rolls everything back.
    /// </summary>
    private async Task<StoredDay> WriteDayAsync(MetricsScope scope, SyncDataset dataset, DateOnly day, Func<DayWrite, Task<(long Rows, string Hash)>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scopeId = await GetOrCreateScopeIdAsync(scope, cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (dataset != SyncDataset.Aggregate)
            {
                await _partitions.EnsureAsync(connection, day, _timeout, cancellationToken).ConfigureAwait(false);
            }

            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // The lock first, in its own statement: the next statement's snapshot then includes a writer we waited for.
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "day", scopeId, (int)dataset, day.DayNumber))).ConfigureAwait(false);
                if (dataset != SyncDataset.Aggregate)
                {
                    // Both partitioned parents, always in this order, before any other statement touches them: creating or
                    // dropping a month takes them in the same order, so the two never deadlock (one waits for the other).
                    await ExecuteAsync(connection, transaction, $"LOCK TABLE {_q}.user_days, {_q}.raw_chunks IN ROW EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
                }

                var replaced = await ScalarAsync<bool>(
                    connection,
                    transaction,
                    $"SELECT EXISTS (SELECT 1 FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $2 AND day = $3)",
                    cancellationToken,
                    P(scopeId),
                    P((short)dataset),
                    Day(day)).ConfigureAwait(false);

                var write = new DayWrite(connection, transaction, scopeId, day);
                var (rows, hash) = await body(write).ConfigureAwait(false);

                await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO {_q}.report_days (scope_id, dataset, day, row_count, content_hash, raw_format, stored_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (scope_id, dataset, day) DO UPDATE
                    SET row_count = excluded.row_count, content_hash = excluded.content_hash, raw_format = excluded.raw_format, stored_at = excluded.stored_at
                    """,
                    cancellationToken,
                    P(scopeId),
                    P((short)dataset),
                    Day(day),
                    P(rows),
                    P(hash),
                    P((short)(dataset == SyncDataset.Aggregate ? RawFormat.InlineJson : RawFormat.DeflateNdjson)),
                    P(_time.GetUtcNow())).ConfigureAwait(false);

                // Past this point the write either commits or, if the connection fails, is rolled back by the server.
                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                write.Committed();
                return new StoredDay(rows, hash, replaced);
            }
        }
    }

    /// <summary>Writes compressed chunks into <c>raw_chunks</c> with binary COPY.</summary>
    private async Task WriteChunksAsync(DayWrite write, SyncDataset dataset, List<CompressedChunk> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        var importer = await write.Connection.BeginBinaryImportAsync($"COPY {_q}.raw_chunks (scope_id, dataset, day, chunk, record_count, data) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = TimeSpan.FromSeconds(_timeout);
            for (var i = 0; i < chunks.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.ScopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((short)dataset, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(chunks[i].Records, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(chunks[i].Data, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- retention ----------------------------------------------------------------------------------------------

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
                         o AS (DELETE FROM {_q}.user_prefix WHERE day < $1),
                         p AS (DELETE FROM {_q}.repository_review_times WHERE day < $1),
                         q AS (DELETE FROM {_q}.ai_credit_items WHERE day < $1),
                         r AS (DELETE FROM {_q}.surface_backfill WHERE day < $1),
                         k AS (DELETE FROM {_q}.team_day_packs WHERE day < $1)
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

    /// <summary>The state of one report-day write.</summary>
    private sealed class DayWrite(NpgsqlConnection connection, NpgsqlTransaction transaction, int scopeId, DateOnly day)
    {
        private readonly List<Action> _onCommit = [];

        public NpgsqlConnection Connection { get; } = connection;

        public NpgsqlTransaction Transaction { get; } = transaction;

        public int ScopeId { get; } = scopeId;

        public DateOnly Day { get; } = day;

        public void OnCommit(Action action) => _onCommit.Add(action);

        public void Committed()
        {
            foreach (var action in _onCommit)
            {
                action();
            }
        }
    }

    private enum RawFormat : short
    {
        InlineJson = 0,
        DeflateNdjson = 1,
    }
}
