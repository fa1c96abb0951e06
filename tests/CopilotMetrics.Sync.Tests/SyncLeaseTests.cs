using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Testing;
using CopilotMetrics.Tests;
using Microsoft.Extensions.DependencyInjection;
using static CopilotMetrics.Sync.Tests.SyncHarness;

namespace CopilotMetrics.Sync.Tests;

/// <summary>Claims are short leases: renewed while a day's work runs, released on cancellation, never outliving a dead worker for long.</summary>
public sealed class SyncLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 10, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Days_claimed_by_a_dead_worker_make_the_run_incomplete_until_its_leases_run_out()
    {
        using var harness = new SyncHarness(o => o.Datasets.Remove(SyncDataset.Seats));
        var day = new DateOnly(2026, 6, 5);
        var held = new[] { new SyncDayKey(Org, SyncDataset.Users, day), new SyncDayKey(Org, SyncDataset.Aggregate, day) };
        foreach (var key in held)
        {
            // A worker that claimed these days and was killed (kill -9): it never renews or releases.
            Assert.True(await harness.Store.TryClaimAsync(key, "killed-worker", harness.Time.GetUtcNow(), TimeSpan.FromMinutes(1)));
        }

        var first = await SyncJob.RunOnceAsync(harness.Provider);

        Assert.Equal(SyncJob.Incomplete, first.ExitCode);
        Assert.True(first.Result!.Succeeded);
        Assert.False(first.Result.Complete);
        Assert.Equal(held.Select(k => k.ToString()).Order(StringComparer.Ordinal), first.Result.HeldByOtherWorkers.Select(k => k.ToString()));
        Assert.Empty(await harness.Store.GetUserDayAsync(Org, day).ToListAsync());
        Assert.Contains(day, await harness.Store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(day, day)));

        // Within the lease nothing changes; once it has run out (one minute: the default ClaimDuration), the re-run completes.
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(SyncJob.Incomplete, (await SyncJob.RunOnceAsync(harness.Provider)).ExitCode);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var last = await SyncJob.RunOnceAsync(harness.Provider);

        Assert.Equal(SyncJob.Success, last.ExitCode);
        Assert.True(last.Result!.Complete);
        Assert.Empty(await harness.Store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(day, day)));
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Fact]
    public async Task A_live_worker_renews_its_lease_while_a_slow_download_runs_and_releases_it_when_done()
    {
        var time = new WaitAwareTimeProvider(Start);
        var store = new InMemoryMetricsStore(time);
        var simulator = NewSimulator(time, seed: 3, users: 10);
        var day = new DateOnly(2026, 6, 5);
        var key = new SyncDayKey(Org, SyncDataset.Users, day);
        // The day's file takes five minutes to arrive: five times the lease.
        simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.Latency, Report = ReportType.Users1Day, Day = day, Delay = TimeSpan.FromMinutes(5) });
        using var harness = new SyncHarness(UsersOnly(6), store: store, simulator: simulator, time: time, client: SlowDownloadsAllowed);

        var run = harness.Engine.RunAsync();
        var probes = 0;
        while (!run.IsCompleted)
        {
            // Step the clock to the engine's next timer (a renewal or the latency), at most 15 s at a time (the renewal timer
            // may not be armed yet when only the latency's is: one jump would skip the whole download), then try to take
            // the day over.
            if (time.NextDue(time.GetUtcNow() + TimeSpan.FromMinutes(10)) is { } due)
            {
                var step = time.GetUtcNow() + TimeSpan.FromSeconds(15);
                time.SetUtcNow(due < step ? due : step);
                if (!run.IsCompleted && time.GetUtcNow() - Start > TimeSpan.FromMinutes(2) && time.GetUtcNow() - Start < TimeSpan.FromMinutes(5))
                {
                    probes++;
                    Assert.False(await store.TryClaimAsync(key, "other-worker", time.GetUtcNow(), TimeSpan.FromMinutes(1)), $"the lease was free at {time.GetUtcNow():T}");
                }
            }

            await Task.WhenAny(run, Task.Delay(1));
        }

        var result = await run;
        Assert.True(result.Complete, string.Join("; ", result.Failures.Select(f => f.Error)));
        Assert.True(probes >= 3, $"only {probes} takeover attempts ran during the download");
        Assert.True(time.GetUtcNow() - Start >= TimeSpan.FromMinutes(5));
        Assert.Equal(simulator.ExpectedUsers(Org, day).Count, (await store.GetUserDayAsync(Org, day).ToListAsync()).Count);
        Assert.True(await store.TryClaimAsync(key, "other-worker", time.GetUtcNow(), TimeSpan.FromMinutes(1)), "the finished day's claim was not released");
    }

    [Fact]
    public async Task A_cancelled_run_releases_its_claims_at_once()
    {
        var time = new WaitAwareTimeProvider(Start);
        var store = new InMemoryMetricsStore(time);
        var simulator = NewSimulator(time, seed: 4, users: 10);
        simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.Latency, Report = ReportType.Users1Day, Delay = TimeSpan.FromMinutes(5) });
        using var harness = new SyncHarness(UsersOnly(4), store: store, simulator: simulator, time: time, client: SlowDownloadsAllowed);
        using var cts = new CancellationTokenSource();

        var run = harness.Engine.RunAsync(cancellationToken: cts.Token);
        // Wait until the users days are downloading (each waits on its latency timer), then stop the run (Ctrl+C, SIGTERM).
        // The days GitHub has published (the newest days of the window answer 204 and finish at once).
        var keys = harness.AvailableDays(Org, 4).Select(d => new SyncDayKey(Org, SyncDataset.Users, d)).ToList();
        Assert.True(keys.Count >= 2, "the window holds too few published days for the test");
        for (var i = 0; i < 2_000 && !await AllInProgressAsync(); i++)
        {
            await Task.Delay(1);
        }

        Assert.True(await AllInProgressAsync(), "the published days never started");
        foreach (var key in keys)
        {
            Assert.False(await store.TryClaimAsync(key, "other-worker", time.GetUtcNow(), TimeSpan.FromMinutes(1)), $"{key} was not claimed during its download");
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // No lease waits to run out: another worker takes every day over at the same instant.
        foreach (var key in keys)
        {
            Assert.True(await store.TryClaimAsync(key, "other-worker", time.GetUtcNow(), TimeSpan.FromMinutes(1)), $"{key} is still claimed");
            Assert.NotEqual(SyncDayState.InProgress, (await store.GetSyncStatusAsync(key))?.State ?? SyncDayState.Pending);
        }

        async Task<bool> AllInProgressAsync()
        {
            foreach (var key in keys)
            {
                if ((await store.GetSyncStatusAsync(key))?.State != SyncDayState.InProgress)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static Action<SyncOptions> UsersOnly(int days) => o =>
    {
        o.BackfillDays = days;
        o.RefreshDays = 0;
        o.MaxConcurrency = 4;
        o.Datasets.Clear();
        o.Datasets.Add(SyncDataset.Users);
    };

    // Downloads that take minutes of fake time must not hit the per-attempt timeout (100 s by default).
    private static void SlowDownloadsAllowed(CopilotMetricsOptions o) => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromDays(1), TimeSpan.FromDays(1));
}
