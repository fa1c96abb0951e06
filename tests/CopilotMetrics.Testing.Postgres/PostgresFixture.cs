using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CopilotMetrics.Testing.Postgres;

/// <summary>
/// A PostgreSQL server for the tests: the one in <c>COPILOT_METRICS_PG</c> (a connection string) when set, otherwise a
/// throwaway cluster started here (initdb + pg_ctl from the newest <c>/usr/lib/postgresql/*/bin</c>, as the
/// <c>postgres</c> user when running as root, on a unix socket in a temp directory, fsync off) and removed on dispose,
/// or at the latest when the process exits. Tests get their own schema each (<see cref="NewSchema"/>), so they do not
/// see each other's data; on a server of the user's those schemas are dropped on dispose.
/// </summary>
/// <remarks>
/// Never skips: when no server can be had, every test that uses the fixture fails with a message that says how to
/// provide one. Use it as a collection fixture; xunit wants the <c>[CollectionDefinition]</c> in the test assembly:
/// <code>
/// [CollectionDefinition(Name)]
/// public sealed class PostgresTests : ICollectionFixture&lt;PostgresFixture&gt;
/// {
///     public const string Name = "Postgres";
/// }
/// </code>
/// </remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The environment variable with the connection string of a server to use instead of a throwaway cluster.</summary>
    public const string EnvironmentVariable = "COPILOT_METRICS_PG";

    private readonly ConcurrentBag<string> _created = [];
    private NpgsqlDataSource? _dataSource;
    private string _connectionString = "";
    private string? _root;
    private string? _pgBin;
    private bool _asPostgresUser;
    private int _schemas;

    /// <summary>A pooled data source on the server (at most 60 connections); fails the calling test when there is no server.</summary>
    public NpgsqlDataSource DataSource
    {
        get
        {
            EnsureAvailable();
            return _dataSource!;
        }
    }

    /// <summary>The server's connection string; fails the calling test when there is no server.</summary>
    public string ConnectionString
    {
        get
        {
            EnsureAvailable();
            return _connectionString;
        }
    }

    /// <summary>Why no server is available, or <see langword="null"/>.</summary>
    public string? Problem { get; private set; }

    /// <summary>How the server was provided, for test output.</summary>
    public string Description { get; private set; } = "";

    /// <summary>Starts the throwaway cluster (unless <c>COPILOT_METRICS_PG</c> is set) and checks the server answers.</summary>
    public async Task InitializeAsync()
    {
        try
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                _connectionString = fromEnvironment;
                Description = EnvironmentVariable;
            }
            else
            {
                _connectionString = await StartClusterAsync();
                Description = $"throwaway cluster in {_root}";
            }

            var builder = new NpgsqlDataSourceBuilder(_connectionString);
            builder.ConnectionStringBuilder.MaxPoolSize = 60;
            _dataSource = builder.Build();
            await using var connection = await _dataSource.OpenConnectionAsync();
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

    /// <summary>A fresh schema name, at most 40 characters (whoever uses it creates the schema); dropped on dispose on a user's server.</summary>
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

    /// <summary>Drops the schemas of <see cref="NewSchema"/> on a user's server, or stops and removes the throwaway cluster.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            if (_dataSource is not null)
            {
                if (_root is null && Problem is null)
                {
                    // A server of the user's (COPILOT_METRICS_PG): leave it as it was.
                    await using var connection = await _dataSource.OpenConnectionAsync();
                    foreach (var schema in _created)
                    {
                        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                        await drop.ExecuteNonQueryAsync();
                    }
                }

                await _dataSource.DisposeAsync();
            }
        }
        finally
        {
            await Task.Run(StopCluster);
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

        // A safety net if the test host exits, or dies of an unhandled exception, without disposing the fixture.
        AppDomain.CurrentDomain.ProcessExit += OnProcessEnd;
        AppDomain.CurrentDomain.UnhandledException += OnProcessEnd;
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
        return $"Host={_root};Port={port};Username=postgres;Database=postgres;Pooling=true";
    }

    private void OnProcessEnd(object? sender, EventArgs e) => StopCluster();

    private void StopCluster()
    {
        var root = Interlocked.Exchange(ref _root, null);
        if (root is null)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessEnd;
        AppDomain.CurrentDomain.UnhandledException -= OnProcessEnd;
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
