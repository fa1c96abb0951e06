using System.Diagnostics;
using CopilotMetrics.Benchmarks.Storage;
using CopilotMetrics.Storage.InMemory;

namespace CopilotMetrics.Benchmarks.Http;

/// <summary>
/// Serves the web sample's dashboard over the query benchmarks' data set in memory (COPILOT_METRICS_BENCH_USERS users,
/// default 10,000, × 365 days), so that tests/browser/measure.mjs can time the page on a large store. Prints
/// <c>DASHBOARD_URL=…</c> once it listens, then serves until stdin closes or the given seconds pass.
/// </summary>
internal static class DashboardServeMode
{
    public const string Mode = "dashboard-serve";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 600;
        var memory = new InMemoryMetricsStore();
        var watch = Stopwatch.StartNew();
        var load = await QueryBenchmarkData.WriteAsync(memory);
        GC.Collect();
        Console.WriteLine($"// in-memory store loaded in {watch.Elapsed.TotalSeconds:N1} s: {load}; managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB");
        await using var host = new BenchWebHost(new Dictionary<string, string?> { ["ENABLE_HISTORICAL_MODE"] = "true" }, memory);
        var address = await host.StartAsync();
        Console.WriteLine($"DASHBOARD_URL={address}");
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromSeconds(seconds)));
        return 0;
    }
}
