using System.Collections.Concurrent;
using System.Diagnostics;
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
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> of the store's traces, for OpenTelemetry:
    /// <c>.AddSource(PostgresMetricsStore.ActivitySourceName)</c>.
    /// </summary>
    /// <remarks>
    /// <see cref="GetUserTotalsAsync"/> reports a <c>copilot_metrics.get_user_totals</c> activity tagged
    /// <c>copilot_metrics.schema</c> (the store's <see cref="Schema"/>) and, once it ranked the users,
    /// <c>copilot_metrics.user_totals.source</c>: <c>running_totals</c> when the running totals were fresh up to the
    /// range's end, <c>rollups</c> when it ranked from the rollup blocks and days instead (stale running totals, which a
    /// read-only role cannot rebuild, or a sort by login).
    /// </remarks>
    public const string ActivitySourceName = "CopilotMetrics.Storage.Postgres";

    /// <summary>The seven activity counter columns, in <see cref="ActivityCounts"/> order (see <see cref="ReadCounts"/>).</summary>
    private const string Counters =
        "user_initiated_interaction_count, code_generation_activity_count, code_acceptance_activity_count, loc_suggested_to_add_sum, " +
        "loc_suggested_to_delete_sum, loc_added_sum, loc_deleted_sum";

    /// <summary>
    /// The <c>scopes</c> row of kind <c>$1</c> and name <c>$2</c>, whatever the case of the name's ASCII letters (as
    /// <see cref="MetricsScope"/> compares them; the unique index <c>scopes_kind_name_ci</c> of migration 0003).
    /// </summary>
    private const string ScopeMatch = "kind = $1 AND lower(name COLLATE \"C\") = lower($2 COLLATE \"C\")";

    private static readonly ActivitySource Telemetry = new(ActivitySourceName, typeof(PostgresMetricsStore).Assembly.GetName().Version?.ToString());

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
                    await RetypeRepositoryDaysAsync(cancellationToken).ConfigureAwait(false);
                    await BackfillSurfaceBitsAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The scope's id, created when missing (in its own statement, so that a write's transaction stays short). A scope
    /// is one row whatever the case of its name: the first spelling written is the one kept.
    /// </summary>
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
                    WITH added AS (INSERT INTO {_q}.scopes (kind, name) VALUES ($1, $2) ON CONFLICT (kind, (lower(name COLLATE "C"))) DO NOTHING RETURNING scope_id)
                    SELECT scope_id FROM added UNION ALL SELECT scope_id FROM {_q}.scopes WHERE {ScopeMatch} LIMIT 1
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

        var found = await ScalarAsync<int?>(connection, null, $"SELECT scope_id FROM {_q}.scopes WHERE {ScopeMatch}", cancellationToken, P((short)scope.Kind), P(scope.Name)).ConfigureAwait(false);
        if (found is { } value)
        {
            _scopeIds[scope] = value;
        }

        return found;
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
