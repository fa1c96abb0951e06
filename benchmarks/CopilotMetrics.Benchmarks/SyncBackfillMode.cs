using System.Diagnostics;
using CopilotMetrics.Benchmarks.Storage;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- sync [days=365] [seats=10000] [latencyMs=50] [concurrency=4] [store=postgres|sqlite|memory]</c>:
/// a one-year backfill of an enterprise (aggregate, users and user-teams reports) into the store (PostgreSQL by default; a
/// SQLite file in the temp folder; memory) through the real <see cref="SyncEngine"/>, from the
/// simulated GitHub served by a separate process over loopback HTTP (<see cref="SimulatorServer"/>), so that this
/// process is exactly a sync host: engine, client (its real SocketsHttpHandler, gzip), reader and store. Then, in the
/// same run, the two stages alone on the same data: fetch + parse (the same server and client, no store) and store
/// (generated records, no HTTP, no parsing). <c>COPILOT_METRICS_SIMULATOR=inprocess</c> serves the simulator from this
/// process instead (its handler as the clients' primary handler), as the benchmark did before;
/// <c>COPILOT_METRICS_SYNC_STAGES=0</c> runs the end-to-end stage only (to size memory against concurrency).
/// One-shot wall-clock figures, not a BenchmarkDotNet microbenchmark: each stage runs minutes, once.
/// </summary>
internal static class SyncBackfillMode
{
    private const double MiB = 1024 * 1024;

    private static readonly MetricsScope Enterprise = MetricsScope.Enterprise("bench-ent");

    /// <summary>The simulator's file cache (64 MiB; <c>COPILOT_METRICS_SIMULATOR_CACHE_MB</c> changes it), which counts in its process's working set.</summary>
    private static readonly long SimulatorCacheBytes =
        (long.TryParse(Environment.GetEnvironmentVariable("COPILOT_METRICS_SIMULATOR_CACHE_MB"), System.Globalization.CultureInfo.InvariantCulture, out var mb) ? mb : 64) * 1024 * 1024;

    private static bool InProcess { get; } = string.Equals(Environment.GetEnvironmentVariable("COPILOT_METRICS_SIMULATOR"), "inprocess", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        var days = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 365;
        var seats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var latency = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50);
        var concurrency = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var storeKind = args.Length > 4 ? args[4].ToLowerInvariant() : "postgres";
        if (storeKind is not ("postgres" or "sqlite" or "memory"))
        {
            Console.Error.WriteLine("store: postgres, sqlite or memory");
            return 2;
        }

        // "Now" is shifted so that the whole window has reports (enterprise reports start 2025-10-10); timers stay real,
        // so the simulated latency is real waiting. The server process gets the same shifted clock.
        var now = new DateTimeOffset(2025, 10, 12, 12, 0, 0, TimeSpan.Zero).AddDays(days);
        var time = new ShiftedTimeProvider(now);
        var dataSource = storeKind == "postgres" ? await BenchmarkPostgres.DataSourceAsync() : null;
        await using var server = InProcess ? null : await SimulatorProcess.StartAsync(seats, latency, now);
        Console.WriteLine($"sync backfill (pid {Environment.ProcessId}): {days} days, {seats:N0} seats, {latency.TotalMilliseconds} ms per request, concurrency {concurrency}, store {storeKind}, " +
                          (server is null ? "simulator in this process" : $"simulator server pid {server.Id} at {server.ApiBaseAddress} (downloads {server.DownloadBaseAddress}, gzip)") +
                          $", {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC with {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / MiB:N0} MiB available");

        // 1. End to end: SyncEngine → client → HTTP → simulator; → PostgreSQL.
        var e2eStore = await NewStoreAsync(storeKind, dataSource, "bench_sync_e2e", time);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IMetricsStore>(e2eStore);
        services.AddSingleton<IMetricsReader>(e2eStore);
        services.AddSingleton<IMetricsWriter>(e2eStore);
        services.AddSingleton<ISyncStateStore>(e2eStore);
        AddClient(services, seats, latency, time, server)
            .AddSyncEngine(o =>
            {
                o.Scopes.Add(Enterprise.ToString());
                o.Datasets.Clear();
                o.Datasets.UnionWith([SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.UserTeams]);
                o.BackfillDays = days;
                o.MaxConcurrency = concurrency;
            });
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<SyncEngine>();
        var before = SettledWorkingSet();
        var cpu = CpuSnapshot.Take(server);
        var runtime = RuntimeSnapshot.Take();
        var watch = Stopwatch.StartNew();
        var sampler = new MemorySampler();
        var result = await engine.RunAsync();
        var e2eTime = watch.Elapsed;
        sampler.Dispose();
        var e2eCpu = CpuSnapshot.Take(server) - cpu;
        var e2eRuntime = RuntimeSnapshot.Take() - runtime;
        var after = SettledWorkingSet();
        if (int.TryParse(Environment.GetEnvironmentVariable("COPILOT_METRICS_SYNC_PAUSE_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var pause))
        {
            Console.WriteLine($"    paused {pause} s after the run (for dotnet-gcdump collect -p {Environment.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(pause));
        }

        var userDays = await CountUserDaysAsync(e2eStore, time, days);
        Console.WriteLine($"  end to end      {e2eTime.TotalSeconds,8:N1} s  {userDays / e2eTime.TotalSeconds,10:N0} user-days/s  ({result.Stored} report-days stored, {result.Empty} empty, {result.Failures.Count} failed, {result.Rows:N0} rows, {result.Bytes / 1e6:N0} MB read)");
        Console.WriteLine($"    {sampler}; goal ≤ 300 MiB");
        Console.WriteLine($"    on disk: {await OnDiskAsync(e2eStore, dataSource, "bench_sync_e2e", userDays)}");
        Console.WriteLine($"    working set before {before / MiB:N0} MiB, after the run {after / MiB:N0} MiB (each after a full GC)");
        Console.WriteLine($"    {e2eCpu.Describe(userDays, e2eTime, server is not null)}");
        Console.WriteLine($"    {e2eRuntime.Describe(userDays)}");

        if (Environment.GetEnvironmentVariable("COPILOT_METRICS_SYNC_STAGES") == "0")
        {
            await DisposeAsync(e2eStore);
            return result.Succeeded ? 0 : 1;
        }

        // 2. Fetch + parse alone: the same kind of server (a fresh one: cold cache, same data) and client, nothing stored.
        await using var fetchServer = InProcess ? null : await SimulatorProcess.StartAsync(seats, latency, now);
        var fetchServices = new ServiceCollection();
        fetchServices.AddSingleton<TimeProvider>(time);
        AddClient(fetchServices, seats, latency, time, fetchServer);
        await using var fetchProvider = fetchServices.BuildServiceProvider();
        var client = fetchProvider.GetRequiredService<CopilotMetricsClient>();
        var window = SyncEngine.Window(Enterprise, time.GetUtcNow(), days)!.Value;
        long fetched = 0;
        GC.Collect();
        cpu = CpuSnapshot.Take(fetchServer);
        runtime = RuntimeSnapshot.Take();
        watch.Restart();
        var stageSampler = new MemorySampler();
        await Parallel.ForEachAsync(window.EachDay(), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (day, ct) =>
        {
            long n = 0;
            await foreach (var _ in client.ReadAggregateDaysAsync(Enterprise, day, cancellationToken: ct))
            {
            }

            await foreach (var _ in client.ReadUsersAsync(Enterprise, day, cancellationToken: ct))
            {
                n++;
            }

            await foreach (var _ in client.ReadUserTeamsAsync(Enterprise, day, cancellationToken: ct))
            {
            }

            Interlocked.Add(ref fetched, n);
        });
        var fetchTime = watch.Elapsed;
        stageSampler.Dispose();
        var fetchCpu = CpuSnapshot.Take(fetchServer) - cpu;
        var fetchRuntime = RuntimeSnapshot.Take() - runtime;
        Console.WriteLine($"  fetch + parse   {fetchTime.TotalSeconds,8:N1} s  {fetched / fetchTime.TotalSeconds,10:N0} user-days/s  ({fetched:N0} user-days; includes the simulator generating the files)");
        Console.WriteLine($"    {stageSampler}");
        Console.WriteLine($"    {fetchCpu.Describe(fetched, fetchTime, fetchServer is not null)}");
        Console.WriteLine($"    {fetchRuntime.Describe(fetched)}");

        // 3. Store alone: the generator's records (no HTTP, no JSON parsing) into a fresh schema.
        var storeOnly = await NewStoreAsync(storeKind, dataSource, "bench_sync_store", time);
        var generator = new ReportDataGenerator(DataOptions(seats));
        long stored = 0;
        GC.Collect();
        cpu = CpuSnapshot.Take(null);
        runtime = RuntimeSnapshot.Take();
        watch.Restart();
        stageSampler = new MemorySampler();
        await Parallel.ForEachAsync(window.EachDay(), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (day, ct) =>
        {
            await storeOnly.ReplaceAggregateDayAsync(Enterprise, generator.GenerateAggregate(day), ct);
            var rows = await storeOnly.ReplaceUserDayAsync(Enterprise, day, ToAsync(generator.GenerateUsers(day)), ct);
            await storeOnly.ReplaceUserTeamDayAsync(Enterprise, day, ToAsync(generator.GenerateUserTeams(day)), ct);
            Interlocked.Add(ref stored, rows.Rows);
        });
        var storeTime = watch.Elapsed;
        stageSampler.Dispose();
        var storeCpu = CpuSnapshot.Take(null) - cpu;
        var storeRuntime = RuntimeSnapshot.Take() - runtime;
        Console.WriteLine($"  store           {storeTime.TotalSeconds,8:N1} s  {stored / storeTime.TotalSeconds,10:N0} user-days/s  ({stored:N0} user-days; includes generating the records)");
        Console.WriteLine($"    {stageSampler}");
        Console.WriteLine($"    {storeCpu.Describe(stored, storeTime, withServer: false)}");
        Console.WriteLine($"    {storeRuntime.Describe(stored)}");

        var slower = Math.Min(fetched / fetchTime.TotalSeconds, stored / storeTime.TotalSeconds);
        var ratio = userDays / e2eTime.TotalSeconds / slower;
        var e2eCores = (e2eCpu.Self + e2eCpu.Server + e2eCpu.Postgres) / e2eTime.TotalSeconds;
        Console.WriteLine($"  end to end / slower stage = {ratio:N2} (goal ≥ 0.7); wall {e2eTime.TotalSeconds:N0} s (goal ≤ 120 s); peak working set {sampler.PeakWorkingSet / MiB:N0} MiB (goal ≤ 300 MiB), after the run {after / MiB:N0} MiB (before {before / MiB:N0} MiB)");
        Console.WriteLine($"  end to end kept {e2eCores:N2} cores busy with its three processes ({e2eCpu.Machine / e2eTime.TotalSeconds:N2} with everything else on the machine)");
        await DisposeAsync(e2eStore);
        await DisposeAsync(storeOnly);
        return result.Succeeded ? 0 : 1;
    }

    /// <summary>The client, pointed at the server process as it would be at GitHub, or at an in-process simulator.</summary>
    private static ICopilotMetricsBuilder AddClient(IServiceCollection services, int seats, TimeSpan latency, TimeProvider time, SimulatorProcess? server)
    {
        if (server is null)
        {
            return services.AddCopilotMetrics(o => o.MaxRetries = 2).UseGitHubSimulator(NewSimulator(seats, latency, time, null, null, gzip: true));
        }

        return services.AddCopilotMetrics(o =>
        {
            o.MaxRetries = 2;
            o.BaseAddress = server.ApiBaseAddress;
            o.Token = GitHubSimulator.DefaultToken;
        });
    }

    /// <summary>The working set after a full blocking collection (what a pod holds between runs).</summary>
    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Console.WriteLine($"    (settled: working set {process.WorkingSet64 / MiB:N0} MiB; managed heap {info.HeapSizeBytes / MiB:N0} MiB of which fragmentation {info.FragmentedBytes / MiB:N0} MiB; GC committed {info.TotalCommittedBytes / MiB:N0} MiB; private {process.PrivateMemorySize64 / MiB:N0} MiB)");
        return process.WorkingSet64;
    }

    /// <summary>The benchmark's simulator: one enterprise, its data, the latency per request; on the given addresses when served over HTTP.</summary>
    internal static GitHubSimulator NewSimulator(int seats, TimeSpan latency, TimeProvider time, Uri? api, Uri? downloads, bool gzip)
    {
        var options = new GitHubSimulatorOptions { Latency = latency, CacheSizeLimit = SimulatorCacheBytes, GzipDownloads = gzip, RequestLogLimit = 0 };
        if (api is not null && downloads is not null)
        {
            options.ApiBaseAddress = api;
            options.DownloadBaseAddress = downloads;
        }

        options.Scopes.Add(new SimulatedScope { Scope = Enterprise, Data = DataOptions(seats) });
        return new GitHubSimulator(options, time);
    }

    private static ReportDataGeneratorOptions DataOptions(int seats) => new() { Seed = 42, Users = seats, Teams = 40, OrganizationId = null };

    private static async Task<IMetricsStore> NewStoreAsync(string kind, Npgsql.NpgsqlDataSource? dataSource, string schema, TimeProvider time)
    {
        if (kind == "memory")
        {
            return new CopilotMetrics.Storage.InMemory.InMemoryMetricsStore(time);
        }

        if (kind == "sqlite")
        {
            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "copilot-metrics-bench-" + schema + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            var sqlite = new CopilotMetrics.Storage.Sqlite.SqliteMetricsStore(new CopilotMetrics.Storage.Sqlite.SqliteStoreOptions { Path = Path.Combine(folder, "metrics.db") }, time);
            await sqlite.InitializeAsync();
            return sqlite;
        }

        ArgumentNullException.ThrowIfNull(dataSource);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = dataSource, Schema = schema }, time);
        await store.InitializeAsync();
        return store;
    }

    private static async Task DisposeAsync(IMetricsStore store)
    {
        switch (store)
        {
            case CopilotMetrics.Storage.Sqlite.SqliteMetricsStore sqlite:
                sqlite.Dispose();
                Directory.Delete(Path.GetDirectoryName(sqlite.Path)!, recursive: true);
                break;
            case IAsyncDisposable disposable:
                await disposable.DisposeAsync();
                break;
        }
    }

    /// <summary>The store's size on disk: the SQLite file with its WAL, or the PostgreSQL schema's tables with indexes and TOAST.</summary>
    private static async Task<string> OnDiskAsync(IMetricsStore store, Npgsql.NpgsqlDataSource? dataSource, string schema, long userDays)
    {
        long bytes;
        if (store is CopilotMetrics.Storage.Sqlite.SqliteMetricsStore sqlite)
        {
            bytes = SqliteFileSize.Bytes(sqlite.Path);
        }
        else if (dataSource is not null)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')",
                connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = schema });
            bytes = (long)(await command.ExecuteScalarAsync())!;
        }
        else
        {
            return "in memory";
        }

        return $"{bytes / 1048576.0:N1} MiB, {(userDays == 0 ? 0 : bytes / (double)userDays):N0} B per stored user-day (lossless copy and every index included)";
    }

    private static async Task<long> CountUserDaysAsync(IMetricsStore store, TimeProvider time, int days)
    {
        var window = SyncEngine.Window(Enterprise, time.GetUtcNow(), days)!.Value;
        var statuses = await store.GetSyncStatusesAsync(Enterprise, window);
        return statuses.Where(s => s.Key.Dataset == SyncDataset.Users).Sum(s => s.RowCount);
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }

    /// <summary>Real timers and a clock moved to another date.</summary>
    internal sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan _offset = start - System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
    }
}
