using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CopilotMetrics.Benchmarks.Http;

/// <summary>What one wrk run measured (latencies from wrk's own histogram).</summary>
internal sealed record WrkResult(long Requests, double Seconds, long Errors, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// Runs <c>wrk</c> (Debian's package) as a separate process against a list of paths, taken in turn by each connection's
/// requests, and reads the figures its <c>done</c> hook prints.
/// </summary>
internal static class Wrk
{
    private const string Marker = "WRK-RESULT";

    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "wrk")));

    public static async Task<WrkResult> RunAsync(Uri baseAddress, IReadOnlyList<string> paths, int seconds, int connections)
    {
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Script(paths));
            var start = new ProcessStartInfo("wrk")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--timeout", "10s", "-s", script, baseAddress.ToString().TrimEnd('/') })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
            {
                throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}): {await output} {await error}");
            }

            var f = line[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return new WrkResult((long)f[0], f[1] / 1e6, (long)f[2], f[3] / 1e3, f[4] / 1e3, f[5] / 1e3, f[6] / 1e3);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// A wrk Lua script: each thread walks the paths from its own offset; <c>done</c> prints requests, duration (µs),
    /// errors (connect, read, write, timeout and non-2xx/3xx answers) and latency percentiles (µs).
    /// </summary>
    private static string Script(IReadOnlyList<string> paths)
    {
        var text = new StringBuilder();
        text.AppendLine("local paths = {");
        foreach (var path in paths)
        {
            text.Append("  \"").Append(path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).AppendLine("\",");
        }

        text.AppendLine("""
            }
            local i = 0
            local counter = 0
            function setup(thread)
              thread:set("offset", counter * 7)
              counter = counter + 1
            end
            function init(args)
              i = (offset or 0) % #paths
            end
            function request()
              i = i % #paths + 1
              return wrk.format("GET", paths[i])
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK-RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
                e.connect + e.read + e.write + e.timeout + e.status,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end
            """);
        return text.ToString();
    }
}
