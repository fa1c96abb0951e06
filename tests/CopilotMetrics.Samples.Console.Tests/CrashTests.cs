using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>
/// <c>copilot-metrics sync</c> as a child process (<c>dotnet copilot-metrics.dll</c>) against PostgreSQL, killed with
/// SIGKILL or SIGTERM after some report-days or in the middle of a slow download (the simulator's downloads slowed by
/// <c>COPILOT_METRICS_SIMULATOR_LATENCY_MS</c>). The re-run either completes the window (exit 0, "Sync complete.", and
/// <c>status</c> shows no missing day) or says it did not (exit 75, the held days named) — never "Sync complete." over a
/// gap. SIGTERM releases the claims, so its re-run completes at once; after SIGKILL the dead worker's claims hold for
/// their duration (3 s here), then a run completes. Real processes and real time, each wait bounded.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class CrashTests(PostgresFixture postgres)
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int Days = 6;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    public static TheoryData<int, string> Points => new()
    {
        { SigKill, "after-days" },
        { SigKill, "mid-download" },
        { SigTerm, "after-days" },
        { SigTerm, "mid-download" },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public async Task AKilledSync_IsFinishedByTheNextRun_OrTheRunSaysItIsNot(int signal, string point)
    {
        var schema = postgres.NewSchema();

        // 1. A slow sync, killed at the point.
        var latency = point == "mid-download" ? 4000 : 250;
        await using (var first = ChildProcess.Start(Environment(schema, latency), "sync", "--simulator", "--days", Days.ToString(CultureInfo.InvariantCulture), "--concurrency", "2"))
        {
            if (point == "after-days")
            {
                await WaitForAsync(schema, completed: 3, inProgress: 0, first);
            }
            else
            {
                await WaitForAsync(schema, completed: 0, inProgress: 1, first); // a day claimed, its download under way
            }

            first.Signal(signal);
            var exit = await first.WaitAsync(RunLimit);
            Assert.DoesNotContain("Sync complete.", first.Output, StringComparison.Ordinal);
            if (signal == SigTerm)
            {
                Assert.True(exit == 143, $"SIGTERM: exit {exit}\n{first.Output}\n{first.Error}");
                Assert.Contains("Cancelled by SIGTERM", first.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", first.Error, StringComparison.Ordinal); // one line, no stack trace
                Assert.Equal(0, await CountAsync(schema, "state = 1")); // the claims were released
            }
            else
            {
                Assert.Equal(128 + SigKill, exit);
            }
        }

        // 2. The re-run: complete (0), or not (75) with the days it could not take named.
        var second = await RunAsync(schema, "sync", "--simulator", "--days", Days.ToString(CultureInfo.InvariantCulture));
        if (signal == SigTerm)
        {
            Assert.True(second.Exit == 0, $"exit {second.Exit}\n{second.Output}\n{second.Error}");
        }

        if (second.Exit == 75)
        {
            Assert.DoesNotContain("Sync complete.", second.Output, StringComparison.Ordinal);
            Assert.Contains("Sync incomplete:", second.Output, StringComparison.Ordinal);
            Assert.Contains("  held: ", second.Output, StringComparison.Ordinal);

            // The dead worker's claims run out (3 s); then a run completes the window.
            await Task.Delay(TimeSpan.FromSeconds(4));
            second = await RunAsync(schema, "sync", "--simulator", "--days", Days.ToString(CultureInfo.InvariantCulture));
        }

        Assert.True(second.Exit == 0, $"exit {second.Exit}\n{second.Output}\n{second.Error}");
        Assert.Contains("Sync complete.", second.Output, StringComparison.Ordinal);

        // 3. status agrees: nothing missing, nothing in progress, and the store holds every day of the window.
        var status = await RunAsync(schema, "status", "--simulator", "--days", Days.ToString(CultureInfo.InvariantCulture));
        Assert.True(status.Exit == 0, status.Output + status.Error);
        Assert.Contains("Complete:", status.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(schema, "state is distinct from 2 and state is distinct from 3"));
    }

    [Fact]
    public async Task ARunThatFindsDaysHeld_ExitsIncomplete_NamingThem_AndNeverSaysComplete()
    {
        var schema = postgres.NewSchema();
        await using (var first = ChildProcess.Start(Environment(schema, latency: 30_000), "sync", "--simulator", "--days", "2", "--concurrency", "2"))
        {
            await WaitForAsync(schema, completed: 0, inProgress: 2, first);
            first.Signal(SigKill);
            await first.WaitAsync(RunLimit);
        }

        var held = await CountAsync(schema, "state = 1");
        var run = await RunAsync(schema, "sync", "--simulator", "--days", "2");

        Assert.True(run.Exit == 75, $"exit {run.Exit}\n{run.Output}\n{run.Error}");
        Assert.DoesNotContain("Sync complete.", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{held} report-day(s) are held by another worker", run.Output, StringComparison.Ordinal);
        Assert.Contains("  held: ", run.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment(string schema, int latency) => new()
    {
        ["DATABASE_URL"] = postgres.ConnectionString,
        ["DATABASE_SCHEMA"] = schema,
        ["CopilotMetrics__Sync__ClaimDuration"] = "00:00:03",
        ["CopilotMetrics__Sync__RetryBackoff"] = "00:00:00",
        ["COPILOT_METRICS_SIMULATOR_LATENCY_MS"] = latency.ToString(CultureInfo.InvariantCulture),
    };

    private async Task<(int Exit, string Output, string Error)> RunAsync(string schema, params string[] args)
    {
        await using var child = ChildProcess.Start(Environment(schema, latency: 0), args);
        var exit = await child.WaitAsync(RunLimit);
        return (exit, child.Output, child.Error);
    }

    private async Task<long> CountAsync(string schema, string where)
    {
        try
        {
            await using var command = postgres.DataSource.CreateCommand($"SELECT count(*) FROM {schema}.sync_status WHERE {where}");
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return 0; // the child has not created the schema yet
        }
    }

    private async Task WaitForAsync(string schema, int completed, int inProgress, ChildProcess child)
    {
        var watch = Stopwatch.StartNew();
        while (await CountAsync(schema, "state = 2") < completed || await CountAsync(schema, "state = 1") < inProgress)
        {
            Assert.False(child.HasExited, $"the sync ended before the point (exit {(child.HasExited ? child.ExitCode : 0)})\n{child.Output}\n{child.Error}");
            Assert.True(watch.Elapsed < RunLimit, $"the sync did not reach the point in {RunLimit}\n{child.Output}\n{child.Error}");
            await Task.Delay(50);
        }
    }

    /// <summary><c>dotnet copilot-metrics.dll …</c> with its own environment (the machine's GITHUB_TOKEN and DATABASE_URL left out), its output captured.</summary>
    private sealed class ChildProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();

        private ChildProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "copilot-metrics.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in new[] { "GITHUB_TOKEN", "GITHUB_SCOPES", "DATABASE_URL", "DATABASE_SCHEMA", "SYNC_BACKFILL_DAYS", "SYNC_RETENTION_DAYS" })
            {
                start.Environment.Remove(name);
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var child = new ChildProcess(Process.Start(start)!);
            child._process.OutputDataReceived += (_, e) => Append(child._output, e.Data);
            child._process.ErrorDataReceived += (_, e) => Append(child._error, e.Data);
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

        public async Task<int> WaitAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            await _process.WaitForExitAsync(timeout.Token);
            _process.WaitForExit(); // the output's last lines
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private static void Append(StringBuilder text, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (text)
            {
                text.AppendLine(line);
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
