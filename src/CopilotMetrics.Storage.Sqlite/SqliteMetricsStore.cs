using System.Data;
using System.Globalization;
using CopilotMetrics.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>
/// An <see cref="IMetricsStore"/> in one SQLite file (Microsoft.Data.Sqlite): durable, embedded, shared by several
/// processes. Passes the same conformance suite as the in-memory and PostgreSQL stores.
/// </summary>
/// <remarks>
/// <para>
/// The file is in WAL mode with <c>synchronous=NORMAL</c>: a committed day survives a crash of the process; a power
/// loss may undo the last commits (never corrupt the file, never leave half a day). Every write first reads and
/// encodes the whole incoming stream (compressing the lossless copy as it goes), then replaces the day in one
/// <c>BEGIN IMMEDIATE</c> transaction on its own connection, so SQLite's write lock is held only while the day is
/// written, never while a download streams. Readers use pooled connections and see the file as of their
/// statement or transaction: the old or the new version of a day, never a mix.
/// </para>
/// <para>
/// The schema is created and migrated on first use (or <see cref="InitializeAsync"/>) from embedded migrations in one
/// <c>BEGIN IMMEDIATE</c> transaction, recorded in <c>schema_migrations</c>; processes that start at once take turns.
/// A file locked by another process longer than <see cref="SqliteStoreOptions.BusyTimeout"/> fails the operation with a
/// <see cref="TimeoutException"/> that names the file; nothing is changed by it.
/// </para>
/// </remarks>
public sealed partial class SqliteMetricsStore : IMetricsStore, IDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly Dictionary<MetricsScope, long> _scopeIds = [];
    private volatile bool _initialized;

    /// <summary>Creates a store on the file <see cref="SqliteStoreOptions.Path"/> (nothing is opened until first use).</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock (migration times); <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public SqliteMetricsStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new SqliteStoreOptions { Path = System.IO.Path.GetFullPath(options.Path!), BusyTimeout = options.BusyTimeout, CompressionLevel = options.CompressionLevel };
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path => _options.Path!;

    /// <summary>The schema version this code writes (the highest embedded migration).</summary>
    public static int SchemaVersion => Migrations.Latest;

    /// <summary>Creates the file when missing and applies the embedded migrations now instead of on first use.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task.</returns>
    /// <exception cref="TimeoutException">Another process held the file locked longer than <see cref="SqliteStoreOptions.BusyTimeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The file was migrated by a newer version, or an applied migration differs from this version's.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            try
            {
                using var connection = new SqliteConnection(_connectionString);
                connection.Open();
                Configure(connection);
                Execute(connection, null, "PRAGMA journal_mode=WAL;");
                Migrations.Apply(connection, _time.GetUtcNow().UtcTicks, cancellationToken);
                BackfillSurfaceBits(connection);
            }
            catch (SqliteException e) when (IsBusy(e))
            {
                throw Locked(e);
            }

            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Copies the whole file, online, to <paramref name="destinationPath"/> (SQLite's backup API, as one consistent
    /// snapshot: a sync may keep writing meanwhile). The copy is written beside the destination and moved into place,
    /// so an existing file there is replaced only by a complete backup. To restore, stop the processes that use the
    /// store and copy the backup over the store's file (removing its <c>-wal</c> and <c>-shm</c> files), or point
    /// <see cref="SqliteStoreOptions.Path"/> at it.
    /// </summary>
    /// <param name="destinationPath">The backup file.</param>
    /// <param name="cancellationToken">Cancels before the copy starts.</param>
    /// <returns>A task.</returns>
    public async Task BackupAsync(string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        var destination = System.IO.Path.GetFullPath(destinationPath);
        if (string.Equals(destination, Path, StringComparison.Ordinal))
        {
            throw new ArgumentException("The backup must go to another file than the store's.", nameof(destinationPath));
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var folder = System.IO.Path.GetDirectoryName(destination);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = destination + ".partial";
        File.Delete(temporary);
        try
        {
            var target = new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
            using (var source = Open())
            using (var copy = new SqliteConnection(target))
            {
                copy.Open();
                cancellationToken.ThrowIfCancellationRequested();
                source.BackupDatabase(copy);
                Execute(copy, null, "PRAGMA journal_mode=DELETE;");
            }

            File.Move(temporary, destination, overwrite: true);
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            throw Locked(e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Closes the pooled connections of this file (the file stays; other store instances open new ones as needed).</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _initLock.Dispose();
    }

    // ---- connections ----------------------------------------------------------------------------------------

    /// <summary>Opens a pooled connection, after the migrations.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Open();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Configure(SqliteConnection connection) =>
        Execute(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;"));

    /// <summary>Runs a read on a pooled connection, in one read transaction (one snapshot of the file).</summary>
    private async Task<T> ReadAsync<T>(Func<Db, T> read, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: true);
            using var db = new Db(connection, transaction);
            var result = read(db);
            transaction.Commit();
            return result;
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            throw Locked(e);
        }
    }

    /// <summary>Runs a write in one <c>BEGIN IMMEDIATE</c> transaction on its own connection; anything thrown rolls it back.</summary>
    private async Task<T> WriteAsync<T>(Func<Db, T> write, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            using var db = new Db(connection, transaction);
            var result = write(db);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return result;
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            ForgetOrdinals();
            throw Locked(e);
        }
        catch
        {
            ForgetOrdinals();
            throw;
        }
    }

    private static bool IsBusy(SqliteException e) => e.SqliteErrorCode is 5 or 6;

    private TimeoutException Locked(SqliteException e) => new(
        string.Create(CultureInfo.InvariantCulture, $"The SQLite file '{Path}' is locked by another process (a sync, a backup or a tool holding a write transaction): waited {_options.BusyTimeout.TotalSeconds:0.###} s (SqliteStoreOptions.BusyTimeout). This operation changed nothing; try again when the other process is done."),
        e);

    internal static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var db = new Db(connection, transaction);
        return db.Execute(sql);
    }

    // ---- scopes -----------------------------------------------------------------------------------------------

    /// <summary>The scope's id, or <see langword="null"/> when the file has never stored anything of it.</summary>
    private long? FindScope(Db db, MetricsScope scope)
    {
        lock (_scopeIds)
        {
            if (_scopeIds.TryGetValue(scope, out var cached))
            {
                return cached;
            }
        }

        if (db.Scalar("SELECT scope_id FROM scopes WHERE kind = $kind AND name_key = $key", ("$kind", (int)scope.Kind), ("$key", ScopeKey(scope))) is long id)
        {
            lock (_scopeIds)
            {
                _scopeIds[scope] = id;
            }

            return id;
        }

        return null;
    }

    /// <summary>The scope's id, inserted when new (inside a write transaction).</summary>
    private long EnsureScope(Db db, MetricsScope scope)
    {
        if (FindScope(db, scope) is { } id)
        {
            return id;
        }

        db.Execute("INSERT OR IGNORE INTO scopes (kind, name, name_key) VALUES ($kind, $name, $key)", ("$kind", (int)scope.Kind), ("$name", scope.Name), ("$key", ScopeKey(scope)));
        return (long)db.Scalar("SELECT scope_id FROM scopes WHERE kind = $kind AND name_key = $key", ("$kind", (int)scope.Kind), ("$key", ScopeKey(scope)))!;
    }

    /// <summary>The name with ASCII letters lower-cased, as <see cref="MetricsScope"/> compares names.</summary>
    private static string ScopeKey(MetricsScope scope) => string.Create(scope.Name.Length, scope.Name, static (span, name) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            var c = name[i];
            span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
    });
}
