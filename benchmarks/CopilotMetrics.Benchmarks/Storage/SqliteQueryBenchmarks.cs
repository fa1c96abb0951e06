using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Sqlite;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// The dashboard queries (<see cref="DashboardQueryBenchmarks"/>) on <see cref="SqliteMetricsStore"/>: the same data set
/// (10,000 users × 365 days), written once per process through <see cref="QueryBenchmarkData.WriteAsync"/> into a new
/// file in the temp folder (removed at exit). Goals: the 365-day daily series p50 ≤ 5 ms, 90-day team metrics ≤ 50 ms,
/// a page of 90-day user totals ≤ 50 ms. Prints the file's size per stored user-day.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(15)]
[BenchmarkCategory("Storage")]
public class SqliteQueryBenchmarks : DashboardQueryBenchmarks
{
    private static readonly Lazy<Task<SqliteMetricsStore>> LazyStore = new(LoadAsync);

    protected override async Task<IMetricsStore> LoadStoreAsync() => await LazyStore.Value;

    private static async Task<SqliteMetricsStore> LoadAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "copilot-metrics-bench-sqlite-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };

        var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = Path.Combine(folder, "metrics.db") });
        await store.InitializeAsync();
        var watch = Stopwatch.StartNew();
        var load = await QueryBenchmarkData.WriteAsync(store);
        var loaded = watch.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            // sqlite query data: {load}
            //   loaded in {loaded.TotalSeconds:N1} s; {SqliteFileSize.Describe(store.Path, load.UserRows)}
            """));
        return store;
    }
}

/// <summary>The on-disk size of a SQLite store's file (with its WAL), and per stored user-day.</summary>
internal static class SqliteFileSize
{
    public static long Bytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(static f => new FileInfo(f).Length);

    public static string Describe(string path, long userDays)
    {
        var bytes = Bytes(path);
        return string.Create(CultureInfo.InvariantCulture, $"file {bytes / 1048576.0:N1} MiB (with -wal), {(userDays == 0 ? 0 : bytes / (double)userDays):N0} B per stored user-day (lossless copy included)");
    }
}
