using System.Net;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using CopilotMetrics.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using static CopilotMetrics.Sync.Tests.SyncHarness;

namespace CopilotMetrics.Sync.Tests;

public sealed class SyncEngineTests
{
    [Fact]
    public async Task A_backfill_stores_exactly_what_GitHub_serves_field_for_field()
    {
        using var harness = new SyncHarness(o => o.Scopes.Add(Ent.ToString()));

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.Failures.Select(f => f.Error)));
        await harness.AssertStoreEqualsOracle(Org);
        await harness.AssertStoreEqualsOracle(Ent);
        // 10-day window ending yesterday; GitHub (the simulator) has reports up to two days ago, so yesterday is 204 → empty.
        var available = harness.AvailableDays(Org).Count();
        Assert.Equal(9, available);
        Assert.Equal(2 * ((3 * available) + 1), result.Stored); // aggregate, users, user-teams per day, plus a seat snapshot, per scope
        Assert.Equal(2 * 3 * 1, result.Empty);
        Assert.True(result.Rows > 0);
        Assert.NotNull(await harness.Store.GetLatestSeatSnapshotAsync(Org));
        var statuses = await harness.Store.GetSyncStatusesAsync(Org, new DateRange(new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 10)));
        Assert.All(statuses, s => Assert.Contains(s.State, new[] { SyncDayState.Completed, SyncDayState.Empty }));
        Assert.Equal(0, harness.Simulator.TokenLeaks);
    }

    [Fact]
    public async Task A_scope_listed_under_two_spellings_is_synced_once()
    {
        // GitHub's logins ignore case: "organization:OCTO-ORG" is the harness's "org:octo-org".
        using var harness = new SyncHarness(o => o.Scopes.Add("organization:OCTO-ORG"));

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.Failures.Select(f => f.Error)));
        var available = harness.AvailableDays(Org).Count();
        Assert.Equal((3 * available) + 1, result.Stored); // one scope's aggregate, users and user-teams per day, and its seats
        Assert.Equal(2 * available, harness.Simulator.DownloadCount(Org, ReportType.Users1Day)); // two files a day, once
        Assert.Equal(new[] { Org }, await harness.Store.GetScopesAsync());
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Fact]
    public async Task A_second_run_fetches_only_the_trailing_refresh_window()
    {
        using var harness = new SyncHarness(o => o.RefreshDays = 3);
        await harness.Engine.RunAsync();
        var before = harness.Simulator.DownloadCount(Org, ReportType.Users1Day);
        var soon = await harness.Engine.RunAsync();
        Assert.Equal(0, soon.Stored + soon.Empty); // within RefreshAfter (1 h) nothing is fetched again
        harness.Time.Advance(TimeSpan.FromHours(2));

        var second = await harness.Engine.RunAsync();

        // Three trailing days × three datasets; of those, the newest is still 204 and two are stored again.
        Assert.Equal(9, second.Stored + second.Empty);
        Assert.Equal(6, second.Stored);
        Assert.Equal(0, second.Corrected);
        Assert.Equal(before + 4, harness.Simulator.DownloadCount(Org, ReportType.Users1Day)); // two days, two files each
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Fact]
    public async Task A_late_correction_in_the_refresh_window_lands_on_the_next_run()
    {
        using var harness = new SyncHarness();
        await harness.Engine.RunAsync();
        var day = harness.Simulator.LastAvailableDay;
        var before = await Users(harness.Store, Org, day);

        harness.Simulator.Correct(Org, day);
        harness.Time.Advance(TimeSpan.FromHours(2));
        var result = await harness.Engine.RunAsync();

        Assert.True(result.Corrected >= 1);
        var after = await Users(harness.Store, Org, day);
        Assert.NotEqual(before, after);
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Fact]
    public async Task Days_that_become_available_later_are_picked_up_and_gaps_are_filled()
    {
        using var harness = new SyncHarness();
        await harness.Engine.RunAsync();
        harness.Time.Advance(TimeSpan.FromDays(2));

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        await harness.AssertStoreEqualsOracle(Org);
        var window = SyncEngine.Window(Org, harness.Time.GetUtcNow(), 10)!.Value;
        var missing = await harness.Store.GetMissingDaysAsync(Org, SyncDataset.Users, window);
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Under_a_fault_storm_no_day_is_lost_or_duplicated_and_failures_are_visible(int seed)
    {
        using var harness = new SyncHarness(seed: seed, configure: o => o.MaxAttempts = 50);
        var faults = new[]
        {
            new SimulatorFault { Kind = FaultKind.ServerError, StatusCode = HttpStatusCode.BadGateway, Probability = 0.15 },
            new SimulatorFault { Kind = FaultKind.RateLimited429, RetryAfter = TimeSpan.FromSeconds(2), Probability = 0.05 },
            new SimulatorFault { Kind = FaultKind.SecondaryRateLimit403, Probability = 0.05 },
            new SimulatorFault { Target = FaultTarget.Envelope, Kind = FaultKind.ExpiredLink, Probability = 0.1 },
            new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.TruncatedBody, Probability = 0.1 },
            new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.TruncatedBody, Truncation = TruncationMode.DroppedConnection, Probability = 0.1 },
            new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.MalformedLine, Line = 3, Probability = 0.1 },
        };
        foreach (var fault in faults)
        {
            harness.Simulator.Faults.Add(fault);
        }

        var sawFailure = false;
        for (var run = 0; run < 30; run++)
        {
            var result = await harness.Engine.RunAsync();
            if (result.Failures.Count > 0)
            {
                sawFailure = true;
                var window = SyncEngine.Window(Org, harness.Time.GetUtcNow(), 10)!.Value;
                var statuses = await harness.Store.GetSyncStatusesAsync(Org, new DateRange(window.From, window.To.AddDays(1)));
                Assert.All(result.Failures.Where(f => f.Attempts > 0), f => Assert.Contains(statuses, s => s.Key == f.Key && s.State == SyncDayState.Failed && !string.IsNullOrEmpty(s.LastError)));
            }

            var missing = await harness.Store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(harness.AvailableDays(Org).First(), harness.AvailableDays(Org).Last()));
            if (result.Succeeded && missing.Count == 0)
            {
                break;
            }

            harness.Time.Advance(TimeSpan.FromMinutes(1)); // past any rate-limit reset
        }

        Assert.True(sawFailure, "the fault storm should have failed some days");
        Assert.True(faults.Sum(f => f.Applied) > 0);
        harness.Simulator.Faults.Clear();
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Fact]
    public async Task A_malformed_line_fails_the_day_by_default_and_keeps_nothing_of_it()
    {
        using var harness = new SyncHarness();
        var day = harness.Simulator.LastAvailableDay;
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.MalformedLine, Report = ReportType.Users1Day, Day = day, Line = 2 });

        var result = await harness.Engine.RunAsync();

        var failure = Assert.Single(result.Failures);
        Assert.Equal(new SyncDayKey(Org, SyncDataset.Users, day), failure.Key);
        Assert.Contains("line 2", failure.Error, StringComparison.Ordinal);
        Assert.Contains("file 1 of 2", failure.Error, StringComparison.Ordinal);
        Assert.Empty(await Users(harness.Store, Org, day));
        var status = await harness.Store.GetSyncStatusAsync(failure.Key);
        Assert.Equal(SyncDayState.Failed, status!.State);
        Assert.Equal(1, status.Attempts);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_malformed_line_is_skipped_and_counted_when_allowed()
    {
        using var harness = new SyncHarness(o => o.SkipMalformedLines = true);
        var day = harness.Simulator.LastAvailableDay;
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.MalformedLine, Report = ReportType.Users1Day, Day = day, Line = 2, FileIndex = 0 });

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        Assert.Equal(1, result.SkippedLines);
        Assert.Contains(result.Warnings, w => w.Contains("malformed", StringComparison.Ordinal));
        Assert.Equal(harness.Simulator.ExpectedUsers(Org, day).Count - 1, (await Users(harness.Store, Org, day)).Count);
        Assert.Equal(1, (await harness.Store.GetSyncStatusAsync(new SyncDayKey(Org, SyncDataset.Users, day)))!.SkippedLines);
    }

    [Fact]
    public async Task SkipMalformedLines_is_an_argument_of_the_sync_read_not_a_change_to_the_clients_options()
    {
        using var harness = new SyncHarness(o => o.SkipMalformedLines = true);
        var day = harness.Simulator.LastAvailableDay;
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.MalformedLine, Report = ReportType.Users1Day, Day = day, Line = 2, FileIndex = 0 });
        var options = harness.Provider.GetRequiredService<IOptions<CopilotMetricsOptions>>();
        var client = harness.Provider.GetRequiredService<CopilotMetricsClient>();

        Assert.Equal(MalformedLineHandling.Throw, options.Value.Reader.MalformedLines);
        var before = await Assert.ThrowsAsync<ReportFormatException>(() => client.ReadUsersAsync(Org, day).ToListAsync().AsTask());
        Assert.Equal(2, before.LineNumber);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        Assert.Equal(1, result.SkippedLines);
        var key = new SyncDayKey(Org, SyncDataset.Users, day);
        Assert.Equal(1, (await harness.Store.GetSyncStatusAsync(key))!.SkippedLines);
        Assert.Equal(harness.Simulator.ExpectedUsers(Org, day).Count - 1, await harness.Store.GetUserDayAsync(Org, day).CountAsync());

        // After the sync the client still throws on the same file: the skip was the sync's read argument only.
        Assert.Equal(MalformedLineHandling.Throw, options.Value.Reader.MalformedLines);
        Assert.Equal(MalformedLineHandling.Throw, harness.Provider.GetRequiredService<IOptionsMonitor<CopilotMetricsOptions>>().CurrentValue.Reader.MalformedLines);
        await Assert.ThrowsAsync<ReportFormatException>(() => client.ReadUsersAsync(Org, day).ToListAsync().AsTask());
    }

    [Fact]
    public async Task A_failing_day_is_retried_across_runs_then_left_failed_with_its_reason()
    {
        using var harness = new SyncHarness(o => o.MaxAttempts = 3);
        var day = harness.Simulator.LastAvailableDay.AddDays(-1);
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Envelope, Kind = FaultKind.Forbidden403, Report = ReportType.Users1Day, Day = day });
        var key = new SyncDayKey(Org, SyncDataset.Users, day);

        for (var i = 0; i < 3; i++)
        {
            var run = await harness.Engine.RunAsync();
            Assert.Contains(run.Failures.Concat(run.GaveUp), f => f.Key == key);
        }

        var requestsBefore = harness.Simulator.Requests.Count;
        var last = await harness.Engine.RunAsync();

        var gaveUp = Assert.Single(last.GaveUp);
        Assert.Equal(key, gaveUp.Key);
        Assert.Equal(3, gaveUp.Attempts);
        Assert.Contains("403", gaveUp.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Simulator.Requests.Skip(requestsBefore), r => r.Path.Contains("users-1-day", StringComparison.Ordinal) && r.Query.Contains(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failed_days_wait_for_their_backoff_before_the_next_attempt()
    {
        using var harness = new SyncHarness(o => o.RetryBackoff = TimeSpan.FromMinutes(10));
        var day = harness.Simulator.LastAvailableDay.AddDays(-3);
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Envelope, Kind = FaultKind.ServerError, Report = ReportType.Users1Day, Day = day, Times = 1 });
        await harness.Engine.RunAsync();
        var key = new SyncDayKey(Org, SyncDataset.Users, day);
        Assert.Equal(SyncDayState.Failed, (await harness.Store.GetSyncStatusAsync(key))!.State);

        await harness.Engine.RunAsync();
        Assert.Equal(SyncDayState.Failed, (await harness.Store.GetSyncStatusAsync(key))!.State);

        harness.Time.Advance(TimeSpan.FromMinutes(11));
        var result = await harness.Engine.RunAsync();
        Assert.Equal(SyncDayState.Completed, (await harness.Store.GetSyncStatusAsync(key))!.State);
        Assert.True(result.Succeeded);
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    public async Task Cancelling_at_any_point_loses_nothing_and_the_next_run_completes(int cancelAfter)
    {
        using var harness = new SyncHarness();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgressCallback(p =>
        {
            if (p.DaysDone >= cancelAfter)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Engine.RunAsync(progress, cts.Token));
        var afterCancel = await harness.Engine.RunAsync();

        Assert.True(afterCancel.Succeeded);
        await harness.AssertStoreEqualsOracle(Org);
    }

    [Fact]
    public async Task Four_engines_on_one_store_fetch_each_day_once_and_equal_one_engine()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero));
        var store = new InMemoryMetricsStore(time);
        var simulator = NewSimulator(time, 7, 30);
        simulator.Faults.Add(new SimulatorFault { Kind = FaultKind.Latency, Delay = TimeSpan.Zero });
        var harnesses = Enumerable.Range(0, 4).Select(i => new SyncHarness(o => o.WorkerId = $"worker-{i}", store: store, simulator: simulator, time: time)).ToList();
        try
        {
            var results = await Task.WhenAll(harnesses.Select(h => h.Engine.RunAsync()));

            Assert.All(results, r => Assert.True(r.Succeeded));
            // 2026-06-10 07:00: the window is 05-31..06-09 and GitHub has reports up to 06-08.
            var available = harnesses[0].AvailableDays(Org).ToList();
            Assert.Equal(new DateRange(new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 8)).EachDay(), available);
            foreach (var day in available)
            {
                Assert.Equal(2, simulator.DownloadCount(Org, ReportType.Users1Day, day)); // two files, downloaded once
                Assert.Equal(1, simulator.DownloadCount(Org, ReportType.Aggregate1Day, day));
            }

            Assert.Equal((3 * 9) + 1, results.Sum(r => r.Stored));
            await harnesses[0].AssertStoreEqualsOracle(Org);
        }
        finally
        {
            harnesses.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task A_day_with_zero_users_is_stored_empty_with_a_warning()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero));
        var options = new GitHubSimulatorOptions();
        options.Scopes.Add(new SimulatedScope { Scope = Org, Data = new ReportDataGeneratorOptions { Users = 20, WeekendActiveShare = 0, WeekdayActiveShare = 0.5 } });
        using var harness = new SyncHarness(simulator: new GitHubSimulator(options, time), time: time);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        // 2026-06-06/07 are a Saturday and a Sunday.
        Assert.Contains(result.Warnings, w => w.Contains("Users 2026-06-06", StringComparison.Ordinal) && w.Contains("zero rows", StringComparison.Ordinal));
        Assert.Equal(SyncDayState.Completed, (await harness.Store.GetSyncStatusAsync(new SyncDayKey(Org, SyncDataset.Users, new DateOnly(2026, 6, 6))))!.State);
    }

    [Fact]
    public void The_window_ends_yesterday_and_never_starts_before_GitHub_has_reports()
    {
        var now = new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateRange(new DateOnly(2025, 12, 12), new DateOnly(2025, 12, 31)), SyncEngine.Window(Org, now, 365));
        Assert.Equal(new DateRange(new DateOnly(2025, 10, 10), new DateOnly(2025, 12, 31)), SyncEngine.Window(Ent, now, 365));
        Assert.Equal(new DateRange(new DateOnly(2025, 12, 29), new DateOnly(2025, 12, 31)), SyncEngine.Window(Org, now, 3));
        Assert.Null(SyncEngine.Window(Org, new DateTimeOffset(2025, 12, 12, 0, 0, 0, TimeSpan.Zero), 28));
        var later = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 6, 1), SyncEngine.Window(Ent, later, 365)!.Value.From);
    }

    [Fact]
    public async Task Retention_purges_days_before_the_cutoff()
    {
        using var harness = new SyncHarness(o => { o.BackfillDays = 10; o.RetentionDays = 10; });
        await harness.Engine.RunAsync();
        var oldest = harness.AvailableDays(Org).First();
        Assert.NotEmpty(await Users(harness.Store, Org, oldest));

        harness.Time.Advance(TimeSpan.FromDays(3));
        await harness.Engine.RunAsync();

        Assert.Empty(await Users(harness.Store, Org, oldest));
    }

    [Theory]
    [InlineData("scopes", "Scopes")]
    [InlineData("bad-scope", "not a scope")]
    [InlineData("backfill", "BackfillDays")]
    [InlineData("schedule", "Schedule")]
    [InlineData("retention", "RetentionDays")]
    public async Task Bad_sync_options_stop_the_job_with_a_message(string what, string mentions)
    {
        using var harness = new SyncHarness(o =>
        {
            switch (what)
            {
                case "scopes": o.Scopes.Clear(); break;
                case "bad-scope": o.Scopes.Add("team:x"); break;
                case "backfill": o.BackfillDays = 400; break;
                case "schedule": o.Schedule = "every day"; break;
                case "retention": o.RetentionDays = 5; break;
            }
        });

        var job = await SyncJob.RunOnceAsync(harness.Provider);

        Assert.Equal(SyncJob.BadConfiguration, job.ExitCode);
        Assert.Contains(mentions, job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_exits_non_zero_when_days_fail()
    {
        using var harness = new SyncHarness();
        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Envelope, Kind = FaultKind.ServerError, Report = ReportType.Aggregate1Day, Times = 1 });

        Assert.Equal(SyncJob.Failed, (await SyncJob.RunOnceAsync(harness.Provider)).ExitCode);
        Assert.Equal(SyncJob.Success, (await SyncJob.RunOnceAsync(harness.Provider)).ExitCode);
    }

    [Fact]
    public async Task The_health_check_reports_the_last_success_and_failed_days()
    {
        using var harness = new SyncHarness(o => o.HealthyWithin = TimeSpan.FromHours(1));
        var check = harness.Provider.GetRequiredService<SyncHealthCheck>();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        harness.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Envelope, Kind = FaultKind.ServerError, Report = ReportType.Aggregate1Day, Times = 1 });
        await harness.Engine.RunAsync();
        var failing = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, failing.Status);
        Assert.Equal(1, failing.Data["failedDays"]);

        await harness.Engine.RunAsync();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        harness.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task The_hosted_service_runs_at_start_and_then_on_its_cron_schedule()
    {
        var clock = new WaitAwareTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero));
        using var harness = new SyncHarness(o => o.Schedule = "0 6 * * *", time: clock, extra: b => b.AddSyncHostedService());
        var hosted = Assert.IsType<SyncHostedService>(Assert.Single(harness.Provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>()));
        using var stop = new CancellationTokenSource();

        await hosted.StartAsync(stop.Token);
        await WaitFor(() => harness.Engine.LastResult is not null);
        var first = harness.Engine.LastResult!;
        Assert.Equal(harness.Time.GetUtcNow(), first.StartedAt);
        await WaitFor(() => hosted.NextRunAt is not null);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero), hosted.NextRunAt);

        // The service waits on the clock for exactly 06:00 the next day.
        var nextRun = new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero);
        Assert.Equal(nextRun, clock.NextDue(nextRun.AddDays(1)));
        harness.Time.Advance(TimeSpan.FromHours(22)); // 05:00 the next day: not yet, the wait is still armed for 06:00
        Assert.Equal(nextRun, clock.NextDue(nextRun.AddDays(1)));
        Assert.Same(first, harness.Engine.LastResult);

        harness.Time.Advance(TimeSpan.FromHours(1)); // 06:00
        await WaitFor(() => !ReferenceEquals(first, harness.Engine.LastResult));
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero), harness.Engine.LastResult!.StartedAt);

        await stop.CancelAsync();
        await hosted.StopAsync(CancellationToken.None);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out waiting");
    }

    private static async Task<List<string>> Users(IMetricsStore store, MetricsScope scope, DateOnly day)
    {
        var list = new List<string>();
        await foreach (var user in store.GetUserDayAsync(scope, day))
        {
            list.Add(ReportJson.Serialize(user));
        }

        return list;
    }

    private sealed class SyncProgressCallback(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
