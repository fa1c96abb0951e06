using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>
/// A PostgreSQL server for the tests: the one in <c>COPILOT_METRICS_PG</c> (a connection string) when set, otherwise a
/// throwaway cluster started here (initdb + pg_ctl from <c>/usr/lib/postgresql/*/bin</c>, as the <c>postgres</c> user
/// when running as root, on a unix socket in a temp directory, fsync off) and removed on dispose. When neither is
/// possible every test fails with a message that says how to provide one. Tests get their own schema each
/// (<see cref="NewSchema"/>), so they do not see each other's data.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "COPILOT_METRICS_PG";

    private string? _root;
    private string? _pgBin;
    private bool _asPostgresUser;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _created = [];
    private int _schemas;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Why no server is available, or <see langword="null"/>.</summary>
    public string? Problem { get; private set; }

    /// <summary>How the server was provided, for test output.</summary>
    public string Description { get; private set; } = "";

    public async Task InitializeAsync()
    {
        try
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                ConnectionString = fromEnvironment;
                Description = $"{EnvironmentVariable}";
            }
            else
            {
                ConnectionString = await StartClusterAsync();
                Description = $"throwaway cluster in {_root}";
            }

            var builder = new NpgsqlDataSourceBuilder(ConnectionString);
            builder.ConnectionStringBuilder.MaxPoolSize = 60;
            DataSource = builder.Build();
            await using var connection = await DataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
        }
        catch (Exception e)
        {
            Problem = $"""
                No PostgreSQL server for the tests ({e.GetType().Name}: {e.Message}).
                Either set {EnvironmentVariable} to a connection string of a server where the user may create schemas
                (for example Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=copilot_metrics_tests),
                or install the PostgreSQL server binaries (apt-get install postgresql-15) so the tests can start a throwaway
                cluster themselves (as root they run initdb/pg_ctl as the 'postgres' user through runuser).
                """;
        }
    }

    /// <summary>A fresh schema name (the store creates it).</summary>
    public string NewSchema()
    {
        EnsureAvailable();
        // At most 40 characters whatever the process id (PostgreSQL identifiers stop at 63 bytes).
        var name = string.Create(CultureInfo.InvariantCulture, $"t{Environment.ProcessId}_{Interlocked.Increment(ref _schemas)}_{Guid.NewGuid():N}");
        var schema = name.Length <= 40 ? name : name[..40];
        _created.Add(schema);
        return schema;
    }

    /// <summary>Fails the calling test with the reason when there is no server.</summary>
    public void EnsureAvailable()
    {
        if (Problem is not null)
        {
            Assert.Fail(Problem);
        }
    }

    /// <summary>A store on a fresh schema, migrated.</summary>
    public async Task<PostgresMetricsStore> NewStoreAsync(string? schema = null, TimeProvider? time = null, Action<PostgresStoreOptions>? configure = null)
    {
        EnsureAvailable();
        var options = new PostgresStoreOptions { DataSource = DataSource, Schema = schema ?? NewSchema() };
        configure?.Invoke(options);
        var store = new PostgresMetricsStore(options, time);
        await store.InitializeAsync();
        return store;
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            if (_root is null && Problem is null)
            {
                // A server of the user's (COPILOT_METRICS_PG): leave it as it was.
                await using var connection = await DataSource.OpenConnectionAsync();
                foreach (var schema in _created)
                {
                    await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                    await drop.ExecuteNonQueryAsync();
                }
            }

            await DataSource.DisposeAsync();
        }

        await Task.Run(StopCluster);
    }

    private void StopCluster()
    {
        var root = Interlocked.Exchange(ref _root, null);
        if (root is null)
        {
            return;
        }

        try
        {
            RunAsync(Path.Combine(_pgBin!, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser, allowFailure: true).GetAwaiter().GetResult();
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<string> StartClusterAsync()
    {
        _pgBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (_pgBin is null)
        {
            throw new InvalidOperationException("No /usr/lib/postgresql/*/bin/initdb found");
        }

        _asPostgresUser = Environment.UserName == "root";
        _root = Directory.CreateTempSubdirectory("copilot-metrics-pg-").FullName;
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", _root], asPostgres: false);
        }

        var data = Path.Combine(_root, "data");
        await RunAsync(Path.Combine(_pgBin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N"], _asPostgresUser);

        // Unix socket only (no TCP port to collide with); the port number only names the socket file.
        var port = 50000 + (Environment.ProcessId % 10000);
        var settings = string.Join(' ', [
            $"-p {port}", "-c listen_addresses=''", $"-k {_root}", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
            "-c max_connections=200", "-c shared_buffers=256MB", "-c jit=off",
        ]);
        await RunAsync(Path.Combine(_pgBin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], _asPostgresUser);

        // A safety net if the test host exits without disposing the fixture.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopCluster();
        return $"Host={_root};Port={port};Username=postgres;Database=postgres;Pooling=true";
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
