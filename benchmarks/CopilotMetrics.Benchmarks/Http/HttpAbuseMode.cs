using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Text;
using CopilotMetrics.Benchmarks.Storage;
using CopilotMetrics.Storage.InMemory;

namespace CopilotMetrics.Benchmarks.Http;

/// <summary>
/// <c>dotnet run -c Release -- http-abuse [seconds=15] [connections=16] [abuse-rate=120]</c>: normal dashboard traffic
/// (wrk on <c>/api/metrics</c>, one and 28 days, rotating over the stored days) on the web sample in historical mode on
/// the in-memory store, first alone, then while anonymous HttpClient loops (4 at once) ask distinct year-long ranges:
/// years 1000, 1001, … (the probe of issue 12), then 200-day windows of the stored days (the data set's year starts
/// before GitHub's first day, 2025-10-10, so no year-long window of it is inside GitHub's days). Each kind runs paced
/// (<c>abuse-rate</c> requests per second in all, about the probe's 1,748 requests in 15 s) and unpaced (as fast as
/// the loops get answers: on 2 cores that measures how the CPU is shared, not whether the host degrades). It reports
/// the normal traffic's req/s and latency and the process's working set and managed heap in every phase. Bounded: each
/// phase lasts <c>seconds</c>, and the loops stop after 200,000 requests or at the end of their phase, whichever comes
/// first. Issue 12's goal: the working set stays flat and the normal req/s stays within 20 % of the idle figure.
/// </summary>
internal static class HttpAbuseMode
{
    private const int MaxAbuseRequests = 200_000;
    private const int AbuseConcurrency = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120;
        if (!GCSettings.IsServerGC)
        {
            return await HttpLoadMode.RunWithServerGcAsync("http-abuse", args); // the web sample's GC, as the http mode does
        }

        if (!Wrk.IsInstalled())
        {
            await Console.Error.WriteLineAsync("The http-abuse mode needs wrk on PATH (apt-get install wrk).");
            return 2;
        }

        var memory = new InMemoryMetricsStore();
        var load = await QueryBenchmarkData.WriteAsync(memory);
        Console.WriteLine($"// in-memory store loaded: {load}");
        await using var host = new BenchWebHost(new Dictionary<string, string?> { ["ENABLE_HISTORICAL_MODE"] = "true" }, memory);
        var baseAddress = await host.StartAsync();
        Console.WriteLine($"// web sample on {baseAddress}");

        var normal = NormalPaths();
        await Wrk.RunAsync(baseAddress, normal, Math.Min(3, seconds), connections); // warm-up: JIT, the day cache
        var idle = await MeasureAsync("idle (normal traffic alone)", baseAddress, normal, seconds, connections, Abuse.None, 0);
        var abused = await MeasureAsync($"years 1000, 1001, … at {rate} req/s (the probe's load)", baseAddress, normal, seconds, connections, Abuse.AncientYears, rate);
        var flooded = await MeasureAsync("years 1000, 1001, … unpaced", baseAddress, normal, seconds, connections, Abuse.AncientYears, 0);
        var windows = await MeasureAsync($"200-day windows of stored days at {rate} req/s", baseAddress, normal, seconds, connections, Abuse.StoredWindows, rate);
        var windowsFlooded = await MeasureAsync("200-day windows of stored days unpaced", baseAddress, normal, seconds, connections, Abuse.StoredWindows, 0);
        Phase[] phases = [idle, abused, flooded, windows, windowsFlooded];

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"HTTP abuse: {QueryBenchmarkData.Users:N0} users x 365 days in memory, normal traffic wrk {connections} connections (2 threads), {seconds} s per phase after a warm-up, abuse {AbuseConcurrency} HttpClient loops, loopback, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        text.AppendLine();
        text.AppendLine("| Phase | normal req/s | p50 ms | p99 ms | abuse requests | abuse answers | working set MiB (start → end) | managed heap after full GC MiB |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|");
        foreach (var p in phases)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Wrk.RequestsPerSecond:N0} | {p.Wrk.P50Ms:N1} | {p.Wrk.P99Ms:N1} | {p.AbuseRequests:N0} | {p.AbuseAnswers} | {p.WorkingSetBefore / 1048576.0:N0} → {p.WorkingSetAfter / 1048576.0:N0} | {p.HeapAfterGc / 1048576.0:N0} |");
        }

        text.AppendLine();
        foreach (var p in phases[1..])
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{p.Name}: normal req/s {p.Wrk.RequestsPerSecond / idle.Wrk.RequestsPerSecond:P0} of idle (goal ≥ 80 % for the probe's load); working set {(p.WorkingSetAfter - idle.WorkingSetAfter) / 1048576.0:+#,0;-#,0;0} MiB against idle's end; managed heap after full GC {(p.HeapAfterGc - idle.HeapAfterGc) / 1048576.0:+#,0;-#,0;0} MiB");
        }

        Console.WriteLine();
        Console.WriteLine(text);
        return phases.Sum(p => p.Wrk.Errors) == 0 ? 0 : 1;
    }

    /// <summary>One and 28-day legacy answers ending on each of the data set's last 100 days, in a fixed order.</summary>
    private static List<string> NormalPaths()
    {
        var scope = Uri.EscapeDataString(QueryBenchmarkData.Scope.ToString());
        var ends = Enumerable.Range(0, 100).Select(i => QueryBenchmarkData.Last.AddDays(-((i * 37) % 100))).ToList();
        return [.. ends.SelectMany(end => new[] { Path(scope, end, end), Path(scope, end.AddDays(-27), end) })];
    }

    private static string Path(string scope, DateOnly since, DateOnly until) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/metrics?scope={scope}&since={since:yyyy-MM-dd}&until={until:yyyy-MM-dd}");

    private static async Task<Phase> MeasureAsync(string name, Uri baseAddress, List<string> normal, int seconds, int connections, Abuse abuse, int rate)
    {
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var stop = new CancellationTokenSource();
        var answers = new Dictionary<HttpStatusCode, long>();
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var loops = abuse == Abuse.None ? [] : Enumerable.Range(0, AbuseConcurrency).Select(_ => AbuseAsync(baseAddress, abuse, rate, clock, answers, () => Interlocked.Increment(ref sent), stop.Token)).ToArray();
        var wrk = await Wrk.RunAsync(baseAddress, normal, seconds, connections);
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        var after = Process.GetCurrentProcess().WorkingSet64;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var summary = abuse != Abuse.None ? string.Join(", ", answers.OrderBy(a => a.Key).Select(a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.Key}: {a.Value:N0}"))) : "–";
        Console.WriteLine($"// {name,-42} {wrk.RequestsPerSecond,8:N0} req/s  p50 {wrk.P50Ms,6:N1} ms  p99 {wrk.P99Ms,6:N1} ms  errors {wrk.Errors}  abuse {Math.Min(sent, MaxAbuseRequests):N0} ({summary})  working set {before / 1048576.0:N0} → {after / 1048576.0:N0} MiB, heap after GC {heap / 1048576.0:N0} MiB");
        return new Phase(name, wrk, Math.Min(sent, MaxAbuseRequests), summary, before, after, heap);
    }

    /// <summary>
    /// Asks ranges nobody asked before: <see cref="Abuse.AncientYears"/> a year outside GitHub's days each time
    /// (1000-01-01..1000-12-31, then 1001, …), <see cref="Abuse.StoredWindows"/> a 200-day window of the stored days,
    /// ending a day earlier each time (50 windows in turn, all inside GitHub's days; each answer is about 1.2 MB). Answers are read and dropped.
    /// With a <paramref name="rate"/>, the n-th request of the phase waits until n ÷ rate seconds after its start.
    /// </summary>
    private static async Task AbuseAsync(Uri baseAddress, Abuse abuse, int rate, Stopwatch clock, Dictionary<HttpStatusCode, long> answers, Func<long> next, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var scope = Uri.EscapeDataString(QueryBenchmarkData.Scope.ToString());
        while (!stop.IsCancellationRequested)
        {
            var n = next();
            if (n > MaxAbuseRequests)
            {
                return;
            }

            try
            {
                if (rate > 0 && TimeSpan.FromSeconds((double)n / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            string path;
            if (abuse == Abuse.AncientYears)
            {
                var year = 1000 + (int)(n % 8000);
                path = Path(scope, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            }
            else
            {
                var until = QueryBenchmarkData.Last.AddDays(-(int)(n % 50));
                path = Path(scope, until.AddDays(-199), until);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, stop);
                await using (var body = await response.Content.ReadAsStreamAsync(stop))
                {
                    await body.CopyToAsync(Stream.Null, stop);
                }

                lock (answers)
                {
                    answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private enum Abuse
    {
        None,
        AncientYears,
        StoredWindows,
    }

    private sealed record Phase(string Name, WrkResult Wrk, long AbuseRequests, string AbuseAnswers, long WorkingSetBefore, long WorkingSetAfter, long HeapAfterGc);
}
