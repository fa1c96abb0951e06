using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using CopilotMetrics.Benchmarks.Storage;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;

namespace CopilotMetrics.Benchmarks.Http;

/// <summary>
/// <c>dotnet run -c Release -- http [seconds=15] [connections=16]</c>: the web sample served by Kestrel on loopback,
/// loaded by <c>wrk</c> (a separate process) with a fixed number of connections, first on PostgreSQL, then on the
/// in-memory store, both holding the query benchmarks' data set (10,000 users × 365 days; <c>COPILOT_METRICS_BENCH_USERS</c>
/// changes the users). Each request of a run asks another day or window, so no answer repeats back to back.
/// Goals (issue 6): a single-day query p50 &lt; 20 ms; a 90-day range p50 &lt; 100 ms and p99 &lt; 250 ms.
/// </summary>
internal static class HttpLoadMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var stores = args.Length > 2 ? args[2].Split(',') : ["postgres", "memory"];
        if (!GCSettings.IsServerGC)
        {
            // The web sample runs with server GC (the Web SDK's default); this benchmark process does not (the memory
            // mode measures the working set with workstation GC), so the http mode runs itself again with it.
            return await RunWithServerGcAsync("http", args);
        }

        if (!Wrk.IsInstalled())
        {
            await Console.Error.WriteLineAsync("The http mode needs wrk on PATH (apt-get install wrk).");
            return 2;
        }

        var endpoints = Endpoints();
        var results = new List<LoadResult>();
        var answers = new Dictionary<string, string>();
        var failed = false;

        // 1. PostgreSQL: the web host opens the store itself from DATABASE_URL, as it would in production.
        if (stores.Contains("postgres"))
        {
        var postgres = await QueryBenchmarkData.StoreAsync();
        var dataSource = await BenchmarkPostgres.DataSourceAsync();
        await using (var host = new BenchWebHost(new Dictionary<string, string?>
        {
            ["ENABLE_HISTORICAL_MODE"] = "true",
            ["DATABASE_URL"] = dataSource.ConnectionString,
            ["DATABASE_SCHEMA"] = QueryBenchmarkData.Schema,
            ["DATABASE_POOL_MAX"] = "32",
        }))
        {
            failed |= !await RunStoreAsync("postgres", host, endpoints, seconds, connections, results, answers);
        }

        GC.KeepAlive(postgres);
        }

        // 2. In memory: the same data written through the store's API, then handed to the web host.
        if (stores.Contains("memory"))
        {
        var memory = new InMemoryMetricsStore();
        var watch = Stopwatch.StartNew();
        var load = await QueryBenchmarkData.WriteAsync(memory);
        GC.Collect();
        Console.WriteLine($"// in-memory store loaded in {watch.Elapsed.TotalSeconds:N1} s: {load}; managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB");
        await using (var host = new BenchWebHost(new Dictionary<string, string?> { ["ENABLE_HISTORICAL_MODE"] = "true" }, memory))
        {
            failed |= !await RunStoreAsync("in-memory", host, endpoints, seconds, connections, results, answers);
        }
        }

        Console.WriteLine();
        Console.WriteLine(Table(results, seconds, connections));
        return failed ? 1 : 0;
    }

    /// <summary>Runs this benchmark's <paramref name="mode"/> again in a child process with server GC, as the web sample runs.</summary>
    internal static async Task<int> RunWithServerGcAsync(string mode, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in (string[])[typeof(HttpLoadMode).Assembly.Location, mode, .. args])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>
    /// The measured requests. Days rotate over the last 170 days of the data set (so every 90-day window lies inside it);
    /// the first is a baseline: the same stack (Kestrel, routing, OpenTelemetry) with no store work.
    /// </summary>
    private static List<Endpoint> Endpoints()
    {
        var scope = Uri.EscapeDataString(QueryBenchmarkData.Scope.ToString());
        var last = QueryBenchmarkData.Last;
        // A fixed permutation of the last 170 days: every 90-day window then starts on or after 2025-10-15, inside the
        // days GitHub can have (from 2025-10-10), which the web host holds every date to.
        var ends = Enumerable.Range(0, 170).Select(i => last.AddDays(-((i * 37) % 170))).ToList();
        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        List<string> Paths(string path, int days) =>
            [.. ends.Select(end => $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}scope={scope}&since={D(end.AddDays(1 - days))}&until={D(end)}")];

        return
        [
            new("baseline: GET /health (no store)", null, ["/health"]),
            new("1 day  /api/metrics (legacy shape)", Goal.SingleDay, Paths("/api/metrics", 1)),
            new("1 day  /api/metrics/historical", Goal.SingleDay, Paths("/api/metrics/historical", 1)),
            new("90 days /api/metrics/historical", Goal.Range, Paths("/api/metrics/historical", 90)),
            new("90 days /api/metrics (legacy shape)", Goal.Range, Paths("/api/metrics", 90)),
            new("90 days /api/breakdowns?dimension=language", Goal.Range, Paths("/api/breakdowns?dimension=language", 90)),
            new("90 days /api/teams", Goal.Range, Paths("/api/teams", 90)),
            new("90 days /api/users (top 50)", Goal.Range, Paths("/api/users?limit=50", 90)),
        ];
    }

    private static async Task<bool> RunStoreAsync(string store, BenchWebHost host, List<Endpoint> endpoints, int seconds, int connections, List<LoadResult> results, Dictionary<string, string> answers)
    {
        var ok = true;
        var baseAddress = await host.StartAsync();
        Console.WriteLine($"// {store}: web sample on {baseAddress}");
        using var http = new HttpClient { BaseAddress = baseAddress };
        foreach (var endpoint in endpoints)
        {
            // Every path must answer 200 with the same body on both stores (the same data went into each).
            var probe = endpoint.Paths[^1];
            using var response = await http.GetAsync(new Uri(probe, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.WriteLine($"// {store}: {probe} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
                ok = false;
                continue;
            }

            var same = "";
            if (endpoint.Goal is not null)
            {
                if (answers.TryGetValue(probe, out var other))
                {
                    same = other == body ? "same answer as postgres" : "DIFFERENT answer from postgres";
                    ok &= other == body;
                }
                else
                {
                    answers[probe] = body;
                }
            }

            // A short warm-up (JIT, connection pools, PostgreSQL's buffer cache), then the measured run.
            await Wrk.RunAsync(baseAddress, endpoint.Paths, Math.Min(3, seconds), connections);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await Wrk.RunAsync(baseAddress, endpoint.Paths, seconds, connections);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var row = new LoadResult(store, endpoint, result, body.Length, result.Requests == 0 ? 0 : cpu.TotalMilliseconds / result.Requests);
            results.Add(row);
            ok &= result.Errors == 0 && result.Requests > 0;
            Console.WriteLine($"// {store,-9} {endpoint.Name,-45} {result.RequestsPerSecond,8:N0} req/s  p50 {result.P50Ms,7:N1} ms  p99 {result.P99Ms,7:N1} ms  errors {result.Errors}  {body.Length / 1024.0:N1} KiB  {same}");
        }

        return ok;
    }

    private static string Table(List<LoadResult> results, int seconds, int connections)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"HTTP load: {QueryBenchmarkData.Users:N0} users x 365 days, wrk {connections} connections (2 threads), {seconds} s per row after a warm-up, loopback, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; {BenchmarkPostgres.Description}");
        text.AppendLine();
        text.AppendLine("| Request | Store | req/s | p50 ms | p90 ms | p99 ms | max ms | app CPU ms/req | answer KiB | goal | met |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results.OrderBy(r => r.Endpoint.Name == results[0].Endpoint.Name ? 0 : 1).ThenBy(r => results.FindIndex(x => x.Endpoint == r.Endpoint)).ThenBy(r => r.Store, StringComparer.Ordinal))
        {
            var (goal, met) = r.Endpoint.Goal switch
            {
                Goal.SingleDay => ("p50 < 20", r.Wrk.P50Ms < 20),
                Goal.Range => ("p50 < 100, p99 < 250", r.Wrk.P50Ms < 100 && r.Wrk.P99Ms < 250),
                _ => ("", true),
            };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Endpoint.Name} | {r.Store} | {r.Wrk.RequestsPerSecond:N0} | {r.Wrk.P50Ms:N1} | {r.Wrk.P90Ms:N1} | {r.Wrk.P99Ms:N1} | {r.Wrk.MaxMs:N1} | {r.CpuMsPerRequest:N2} | {r.AnswerBytes / 1024.0:N1} | {goal} | {(goal.Length == 0 ? "" : met ? "yes" : "**no**")}{(r.Wrk.Errors > 0 ? $" ({r.Wrk.Errors} errors)" : "")} |");
        }

        return text.ToString();
    }

    private enum Goal
    {
        SingleDay,
        Range,
    }

    private sealed record Endpoint(string Name, Goal? Goal, IReadOnlyList<string> Paths);

    private sealed record LoadResult(string Store, Endpoint Endpoint, WrkResult Wrk, int AnswerBytes, double CpuMsPerRequest);
}
