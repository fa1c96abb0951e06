using System.Diagnostics;
using Npgsql;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// The PostgreSQL server of the storage benchmarks, one per process: <c>COPILOT_METRICS_PG</c> (a connection string)
/// when set, otherwise a throwaway cluster (initdb + pg_ctl from <c>/usr/lib/postgresql/*/bin</c>, as the
/// <c>postgres</c> user when running as root, unix socket in a temp directory, fsync off) stopped and removed when the
/// process exits. The storage benchmarks run in-process (<see cref="StorageBenchmarkConfig"/>), so every benchmark of a
/// run shares it, and the query benchmarks load their data once.
/// </summary>
internal static class BenchmarkPostgres
{
    public const string EnvironmentVariable = "COPILOT_METRICS_PG";

    private static readonly Lazy<Task<NpgsqlDataSource>> LazyDataSource = new(StartAsync);
    private static string? _root;
    private static string? _pgBin;

    public static Task<NpgsqlDataSource> DataSourceAsync() => LazyDataSource.Value;

    public static string Description { get; private set; } = "";

    /// <summary>
    /// The CPU time of the throwaway cluster's processes so far (the postmaster, its live children and the children it
    /// reaped), read from /proc; <see langword="null"/> for a server from <see cref="EnvironmentVariable"/> or off Linux.
    /// </summary>
    public static TimeSpan? CpuTime()
    {
        if (_root is null || !File.Exists(Path.Combine(_root, "data", "postmaster.pid")))
        {
            return null;
        }

        var postmaster = File.ReadLines(Path.Combine(_root, "data", "postmaster.pid")).First().Trim();
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }

            // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17): fields after the command's ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (pid == postmaster)
            {
                ticks += Ticks(fields, 11) + Ticks(fields, 12) + Ticks(fields, 13) + Ticks(fields, 14);
            }
            else if (fields[1] == postmaster)
            {
                ticks += Ticks(fields, 11) + Ticks(fields, 12);
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux

        static long Ticks(string[] fields, int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<NpgsqlDataSource> StartAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = await StartClusterAsync();
            Description = $"throwaway PostgreSQL cluster in {_root} (fsync=off, synchronous_commit=off, shared_buffers=512MB)";
        }
        else
        {
            Description = $"server from {EnvironmentVariable}";
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.CommandTimeout = 0;
        var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        Console.WriteLine($"// PostgreSQL: {await command.ExecuteScalarAsync()} — {Description}");
        return dataSource;
    }

    private static async Task<string> StartClusterAsync()
    {
        _pgBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_pgBin is null)
        {
            throw new InvalidOperationException($"No PostgreSQL for the storage benchmarks: set {EnvironmentVariable} to a connection string, or install postgresql-15 (apt-get install postgresql-15).");
        }

        var asPostgres = Environment.UserName == "root";
        _root = Directory.CreateTempSubdirectory("copilot-metrics-bench-pg-").FullName;
        if (asPostgres)
        {
            await RunAsync("chown", ["postgres:postgres", _root], false);
        }

        var data = Path.Combine(_root, "data");
        await RunAsync(Path.Combine(_pgBin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N"], asPostgres);
        var port = 40000 + (Environment.ProcessId % 10000);
        var settings = string.Join(' ', [
            $"-p {port}", "-c listen_addresses=''", $"-k {_root}", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
            "-c shared_buffers=512MB", "-c max_wal_size=4GB", "-c checkpoint_timeout=30min", "-c jit=off", "-c work_mem=32MB",
        ]);
        await RunAsync(Path.Combine(_pgBin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], asPostgres);
        // Stopped at exit, and also when the process dies of an unhandled exception (ProcessExit is not raised then).
        var stopped = 0;
        var pgCtl = Path.Combine(_pgBin, "pg_ctl");
        var root = _root;
        void Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) != 0)
            {
                return;
            }

            RunAsync(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres, allowFailure: true).GetAwaiter().GetResult();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Stop();
        return $"Host={_root};Port={port};Username=postgres;Database=postgres";
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
