using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// An <see cref="IMetricsStore"/> on PostgreSQL (Npgsql). Each replace is one transaction — binary COPY of the streamed
/// records straight into the target tables after deleting the day's previous rows, serialized per report-day with
/// <c>pg_advisory_xact_lock</c> — so readers see the old or the new version of a day, never a mix, and a failure or a
/// cancellation leaves the old version. Every record is kept losslessly as the JSON <see cref="ContentHash"/> hashed
/// (deflate-compressed chunks of NDJSON); the columns the queries need are typed.
/// </summary>
/// <remarks>
/// <para>
/// The schema (see <see cref="PostgresSchema"/>) is created or checked on first use according to
/// <see cref="PostgresStoreOptions.SchemaMode"/>; call <see cref="InitializeAsync"/> to do it at start-up instead.
/// </para>
/// <para>
/// Per-user totals over a range use per-user sums over aligned blocks of 8–256 days, rebuilt lazily: a write marks the
/// blocks it changed, and the first query that needs them (or <see cref="RefreshSummariesAsync"/>) rebuilds them.
/// Queries never use a stale block, so results are always those of the stored rows. Team sums, user bitmaps and
/// engagement counts are written with the day.
/// </para>
/// <para>Thread-safe; one instance per database and schema is enough (it pools connections through its data source).</para>
/// </remarks>
public sealed partial class PostgresMetricsStore : IMetricsStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _schema;
    private readonly string _q;
    private readonly SchemaMode _schemaMode;
    private readonly int _timeout;
    private readonly int _compressionLevel;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly ConcurrentDictionary<MetricsScope, int> _scopeIds = new();
    private readonly Partitions _partitions;
    private readonly Ordinals _ordinals;
    private volatile bool _initialized;

    /// <summary>Creates a store from options: a connection string, or a data source (which the store then does not dispose).</summary>
    /// <param name="options">The options; validated here (the store copies what it needs).</param>
    /// <param name="timeProvider">The clock of the <c>stored_at</c> column; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public PostgresMetricsStore(PostgresStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.GetErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid PostgresStoreOptions: " + string.Join(" ", errors), nameof(options));
        }

        if (options.DataSource is { } dataSource)
        {
            _dataSource = dataSource;
        }
        else
        {
            _dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
            _ownsDataSource = true;
        }

        _schema = options.Schema;
        _q = Sql.QuoteSchema(options.Schema);
        _schemaMode = options.SchemaMode;
        _timeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        _compressionLevel = options.RawCompressionLevel;
        _time = timeProvider ?? TimeProvider.System;
        _partitions = new Partitions(_schema, _q);
        _ordinals = new Ordinals(_schema, _q);
    }

    /// <summary>The schema this store uses.</summary>
    public string Schema => _schema;

    /// <summary>
    /// Applies <see cref="PostgresStoreOptions.SchemaMode"/> now (migrates, or validates) instead of on first use. Safe to
    /// call many times and from many instances at once; after it succeeded once it returns at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait and the migration.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">In <see cref="SchemaMode.Validate"/>, the schema is not at <see cref="PostgresSchema.CurrentVersion"/> (the message says what to do).</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            switch (_schemaMode)
            {
                case SchemaMode.Migrate:
                    await SchemaManager.MigrateAsync(_dataSource, _schema, _timeout, cancellationToken).ConfigureAwait(false);
                    break;
                case SchemaMode.Validate:
                    await SchemaManager.ValidateAsync(_dataSource, _schema, _timeout, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break;
            }

            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Disposes the data source when the store created it from a connection string (a data source passed in stays open).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _initGate.Dispose();
    }

    /// <summary>Disposes the data source when the store created it from a connection string (a data source passed in stays open).</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }

        _initGate.Dispose();
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = _timeout };
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>
    /// Runs one query over a range of a scope's days (<c>$1</c> the scope id, <c>$2</c> and <c>$3</c> the range's first
    /// and last day) and reads every row; empty when the store has never seen the scope.
    /// </summary>
    private async Task<List<T>> ReadRangeAsync<T>(MetricsScope scope, DateRange range, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var result = new List<T>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return result;
            }

            using var command = Command(sql, connection, null, P(scopeId), Day(range.From), Day(range.To));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(read(reader));
                }
            }
        }

        return result;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        using var command = Command(sql, connection, transaction, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        using var command = Command(sql, connection, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default : (T)value;
    }

    private static NpgsqlParameter<T> P<T>(T value) => new() { TypedValue = value };

    private static NpgsqlParameter P(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static NpgsqlParameter<DateOnly> Day(DateOnly day) => new() { TypedValue = day, NpgsqlDbType = NpgsqlDbType.Date };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The scope's id, created when missing (in its own statement, so that a write's transaction stays short).</summary>
    private async Task<int> GetOrCreateScopeIdAsync(MetricsScope scope, CancellationToken cancellationToken)
    {
        if (_scopeIds.TryGetValue(scope, out var id))
        {
            return id;
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            for (var attempt = 0; ; attempt++)
            {
                var found = await ScalarAsync<int?>(
                    connection,
                    null,
                    $"""
                    WITH added AS (INSERT INTO {_q}.scopes (kind, name) VALUES ($1, $2) ON CONFLICT (kind, name) DO NOTHING RETURNING scope_id)
                    SELECT scope_id FROM added UNION ALL SELECT scope_id FROM {_q}.scopes WHERE kind = $1 AND name = $2 LIMIT 1
                    """,
                    cancellationToken,
                    P((short)scope.Kind),
                    P(scope.Name)).ConfigureAwait(false);
                if (found is { } value)
                {
                    _scopeIds[scope] = value;
                    return value;
                }

                if (attempt >= 3)
                {
                    throw new InvalidOperationException($"Could not create the scope {scope} in schema \"{_schema}\".");
                }
            }
        }
    }

    /// <summary>The scope's id, or <see langword="null"/> when nothing was ever stored for it.</summary>
    private async Task<int?> FindScopeIdAsync(NpgsqlConnection connection, MetricsScope scope, CancellationToken cancellationToken)
    {
        if (_scopeIds.TryGetValue(scope, out var id))
        {
            return id;
        }

        var found = await ScalarAsync<int?>(connection, null, $"SELECT scope_id FROM {_q}.scopes WHERE kind = $1 AND name = $2", cancellationToken, P((short)scope.Kind), P(scope.Name)).ConfigureAwait(false);
        if (found is { } value)
        {
            _scopeIds[scope] = value;
        }

        return found;
    }

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

    /// <summary>Inserts change markers for the rollup blocks that contain the written day, and for the running totals from the day on.</summary>
    private async Task MarkRollupsChangedAsync(DayWrite write, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.rollup_dirty (scope_id, seq, level, block)
            SELECT $1, nextval('{_q}.change_seq'), l, $2 >> l FROM generate_series({Rollups.MinLevel}, {Rollups.MaxLevel}) AS l
            UNION ALL SELECT $1, nextval('{_q}.change_seq'), {UserPrefix.MarkerLevel}, $2
            """,
            cancellationToken,
            P(write.ScopeId),
            P(write.Day.DayNumber)).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the day's team lock: a per-user write and a user-team write of the same day take turns, so the one that
    /// commits last computes the day's team sums from the other's committed rows.
    /// </summary>
    private Task LockTeamDayAsync(DayWrite write, CancellationToken cancellationToken) =>
        ExecuteAsync(write.Connection, write.Transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "team-day", write.ScopeId, write.Day.DayNumber)));

    /// <summary>Replaces the day's team sums.</summary>
    private async Task ReplaceTeamSumsAsync(DayWrite write, Dictionary<long, ActivityCounts> sums, CancellationToken cancellationToken)
    {
        await ExecuteAsync(write.Connection, write.Transaction, $"DELETE FROM {_q}.team_day_sums WHERE scope_id = $1 AND day = $2", cancellationToken, P(write.ScopeId), Day(write.Day)).ConfigureAwait(false);
        if (sums.Count == 0)
        {
            return;
        }

        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.team_day_sums (scope_id, day, team_id, {Counters})
            SELECT $1, $2, t, c1, c2, c3, c4, c5, c6, c7
            FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[]) AS x(t, c1, c2, c3, c4, c5, c6, c7)
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P(sums.Keys.ToArray()),
            P(sums.Values.Select(v => v.UserInitiatedInteractions).ToArray()),
            P(sums.Values.Select(v => v.CodeGenerations).ToArray()),
            P(sums.Values.Select(v => v.CodeAcceptances).ToArray()),
            P(sums.Values.Select(v => v.LocSuggestedToAdd).ToArray()),
            P(sums.Values.Select(v => v.LocSuggestedToDelete).ToArray()),
            P(sums.Values.Select(v => v.LocAdded).ToArray()),
            P(sums.Values.Select(v => v.LocDeleted).ToArray())).ConfigureAwait(false);
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
