using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// The dashboard queries of <see cref="StorageQueryBenchmarks"/> on the embedded <see cref="InMemoryMetricsStore"/>:
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
public class InMemoryQueryBenchmarks
{
    private static readonly DateRange Year = DateRange.Ending(QueryBenchmarkData.Last, 365);
    private static readonly DateRange Quarter = DateRange.Ending(QueryBenchmarkData.Last, 90);
    private static readonly UserTotalsQuery TopByInteractions = new();
    private static readonly UserTotalsQuery ByLogin = new() { SortBy = UserTotalsSort.Login, Descending = false, Offset = 500 };
    private static readonly Lazy<Task<InMemoryMetricsStore>> LazyStore = new(LoadAsync);

    private InMemoryMetricsStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync() => _store = await LazyStore.Value;

    /// <summary>One point per day of a year, from the aggregate records.</summary>
    [Benchmark]
    public async Task<int> DailySeries365() => (await _store.GetDailySeriesAsync(QueryBenchmarkData.Scope, Year)).Count;

    /// <summary>Every team over 90 days (members, active members, counters).</summary>
    [Benchmark]
    public async Task<int> TeamMetrics90() => (await _store.GetTeamMetricsAsync(QueryBenchmarkData.Scope, Quarter)).Count;

    /// <summary>The top 50 users by interactions over 90 days, with the total number of users.</summary>
    [Benchmark]
    public async Task<int> UserTotalsPage90() => (await _store.GetUserTotalsAsync(QueryBenchmarkData.Scope, Quarter, TopByInteractions)).TotalUsers;

    /// <summary>A page of per-user totals over 90 days sorted by login.</summary>
    [Benchmark]
    public async Task<int> UserTotalsPage90ByLogin() => (await _store.GetUserTotalsAsync(QueryBenchmarkData.Scope, Quarter, ByLogin)).Items.Count;

    /// <summary>Features over 90 days (aggregate sums, distinct users).</summary>
    [Benchmark]
    public async Task<int> FeatureBreakdown90() => (await _store.GetBreakdownAsync(QueryBenchmarkData.Scope, Quarter, BreakdownDimension.Feature)).Count;

    /// <summary>Languages over 90 days (the dimension with the most keys per user).</summary>
    [Benchmark]
    public async Task<int> LanguageBreakdown90() => (await _store.GetBreakdownAsync(QueryBenchmarkData.Scope, Quarter, BreakdownDimension.Language)).Count;

    /// <summary>Daily, 7-day and 28-day active users for each day of 90 days.</summary>
    [Benchmark]
    public async Task<int> ActiveUsers90() => (await _store.GetActiveUsersAsync(QueryBenchmarkData.Scope, Quarter)).Count;

    /// <summary>A year of daily engagement rows (the legacy projection's input).</summary>
    [Benchmark]
    public async Task<int> DailyEngagement365() => (await _store.GetDailyEngagementAsync(QueryBenchmarkData.Scope, Year)).Count;

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
