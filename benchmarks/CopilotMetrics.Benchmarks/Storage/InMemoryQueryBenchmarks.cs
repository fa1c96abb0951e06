using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// The dashboard queries (<see cref="DashboardQueryBenchmarks"/>) on the embedded <see cref="InMemoryMetricsStore"/>:
/// the same data set (10,000 users × 365 days by default, <see cref="QueryBenchmarkData.Users"/>), written once per
/// process through <see cref="QueryBenchmarkData.WriteAsync"/>. The first call of each query also builds the store's
/// per-day indexes; BenchmarkDotNet's warm-up absorbs that. No forced collection between iterations: with a heap of
/// several GB each one would take seconds (the collections the queries cause themselves are measured), and a fixed
/// number of iterations keeps a full run within minutes.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
[GcForce(false)]
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(15)]
[BenchmarkCategory("Storage")]
public class InMemoryQueryBenchmarks : DashboardQueryBenchmarks
{
    private static readonly Lazy<Task<InMemoryMetricsStore>> LazyStore = new(LoadAsync);

    protected override async Task<IMetricsStore> LoadStoreAsync() => await LazyStore.Value;

    private static async Task<InMemoryMetricsStore> LoadAsync()
    {
        var store = new InMemoryMetricsStore();
        var watch = Stopwatch.StartNew();
        var load = await QueryBenchmarkData.WriteAsync(store);
        var loaded = watch.Elapsed;
        var heap = GC.GetTotalMemory(forceFullCollection: true);

        // Every query once, so that the heap figure below includes the per-day structures built on first use.
        await store.GetTeamMetricsAsync(QueryBenchmarkData.Scope, Year);
        await store.GetUserTotalsAsync(QueryBenchmarkData.Scope, Year, TopByInteractions);
        foreach (var dimension in Enum.GetValues<BreakdownDimension>())
        {
            await store.GetBreakdownAsync(QueryBenchmarkData.Scope, Year, dimension);
        }

        await store.GetActiveUsersAsync(QueryBenchmarkData.Scope, Year);
        await store.GetDailyEngagementAsync(QueryBenchmarkData.Scope, Year);
        var firstQueries = watch.Elapsed - loaded;
        var heapAfterQueries = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            // in-memory query data: {load}
            //   loaded in {loaded.TotalSeconds:N1} s; managed heap {heap / 1048576.0:N0} MiB after loading, {heapAfterQueries / 1048576.0:N0} MiB after every query ran once over 365 days ({firstQueries.TotalSeconds:N1} s)
            """));
        return store;
    }
}
