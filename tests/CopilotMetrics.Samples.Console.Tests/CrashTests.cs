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
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int Days = 6;
    private const string ShortClaim = "00:00:03";
    private const string LongClaim = "00:02:00";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    public static TheoryData<int, string> Points => new()
    {
        { SigKill, "after-days" },
        { SigKill, "mid-download" },
        { SigTerm, "after-days" },
        { SigTerm, "mid-download" },
        { SigInt, "mid-download" },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public async Task AKilledSync_IsFinishedByTheNextRun_OrTheRunSaysItIsNot(int signal, string point)
    {
        var schema = postgres.NewSchema();

        // 1. A slow sync, killed at the point.
        var latency = point == "mid-download" ? 4000 : 250;
        await using (var first = CliProcess.Start(Environment(schema, latency), "sync", "--simulator", "--days", Days.ToString(CultureInfo.InvariantCulture), "--concurrency", "2"))
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
            if (signal is SigTerm or SigInt)
            {
                // 128 + the signal, as a shell reports it; one line, no stack trace; the claims were released.
                Assert.True(exit == 128 + signal, $"signal {signal}: exit {exit}\n{first.Output}\n{first.Error}");
                Assert.Contains(signal == SigTerm ? "Cancelled by SIGTERM:" : "Cancelled by Ctrl+C (SIGINT):", first.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", first.Output + first.Error, StringComparison.Ordinal);
                Assert.Equal(0, await CountAsync(schema, "state = 1"));
            }
            else
            {
                Assert.Equal(128 + SigKill, exit);
            }
        }

        // 2. The re-run: complete (0), or not (75) with the days it could not take named.
        var second = await RunAsync(schema, "sync", "--simulator", "--days", Days.ToString(CultureInfo.InvariantCulture));
        if (signal is SigTerm or SigInt)
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
        // Claims of two minutes: the dead worker's days stay held however slowly the next processes start on a busy machine.
        var schema = postgres.NewSchema();
        await using (var first = CliProcess.Start(Environment(schema, latency: 30_000, LongClaim), "sync", "--simulator", "--days", "2", "--concurrency", "2"))
        {
            await WaitForAsync(schema, completed: 0, inProgress: 2, first);
            first.Signal(SigKill);
            await first.WaitAsync(RunLimit);
        }

        var held = await CountAsync(schema, "state = 1");
        Assert.True(held >= 2);

        // status counts the held days as in progress, not as missing.
        var status = await RunWithClaimAsync(schema, LongClaim, "status", "--simulator", "--days", "2");
        Assert.True(status.Exit == 0, status.Output + status.Error);
        var rows = StatusRows(status.Output);
        Assert.Equal(held, rows.Sum(r => r.InProgress));
        Assert.Equal(rows.Sum(r => r.Days - r.Completed - r.Empty - r.InProgress - r.Failed), rows.Sum(r => r.Missing));

        var run = await RunWithClaimAsync(schema, LongClaim, "sync", "--simulator", "--days", "2");

        Assert.True(run.Exit == 75, $"exit {run.Exit}\n{run.Output}\n{run.Error}");
        Assert.DoesNotContain("Sync complete.", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{held} report-day(s) are held by another worker", run.Output, StringComparison.Ordinal);
        Assert.Contains("  held: ", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The per-dataset rows of status's table: Scope │ Dataset │ Days │ Completed │ Empty │ In progress │ Failed │ Missing │ Gaps.</summary>
    private static List<(int Days, int Completed, int Empty, int InProgress, int Failed, int Missing)> StatusRows(string output)
    {
        Assert.Contains("In progress", output, StringComparison.Ordinal);
        var rows = new List<(int, int, int, int, int, int)>();
        foreach (var line in output.Split('\n'))
        {
            var cells = line.Split('│').Select(c => c.Trim()).ToArray();
            if (cells.Length == 11 && cells[2] is "Aggregate" or "Users" or "UserTeams")
            {
                int N(int i) => int.Parse(cells[i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                rows.Add((N(3), N(4), N(5), N(6), N(7), N(8)));
            }
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private Dictionary<string, string> Environment(string schema, int latency, string claim = ShortClaim) => new()
    {
        ["DATABASE_URL"] = postgres.ConnectionString,
        ["DATABASE_SCHEMA"] = schema,
        ["CopilotMetrics__Sync__ClaimDuration"] = claim,
        ["CopilotMetrics__Sync__RetryBackoff"] = "00:00:00",
        ["COPILOT_METRICS_SIMULATOR_LATENCY_MS"] = latency.ToString(CultureInfo.InvariantCulture),
    };

    private Task<(int Exit, string Output, string Error)> RunAsync(string schema, params string[] args) =>
        RunWithClaimAsync(schema, ShortClaim, args);

    private Task<(int Exit, string Output, string Error)> RunWithClaimAsync(string schema, string claim, params string[] args) =>
        CliProcess.RunAsync(Environment(schema, latency: 0, claim), RunLimit, args);

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

    private async Task WaitForAsync(string schema, int completed, int inProgress, CliProcess child)
    {
        var watch = Stopwatch.StartNew();
        while (await CountAsync(schema, "state = 2") < completed || await CountAsync(schema, "state = 1") < inProgress)
        {
            Assert.False(child.HasExited, $"the sync ended before the point (exit {(child.HasExited ? child.ExitCode : 0)})\n{child.Output}\n{child.Error}");
            Assert.True(watch.Elapsed < RunLimit, $"the sync did not reach the point in {RunLimit}\n{child.Output}\n{child.Error}");
            await Task.Delay(50);
        }
    }
}
