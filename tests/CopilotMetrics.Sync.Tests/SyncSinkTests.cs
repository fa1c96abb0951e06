using CopilotMetrics.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Sync.Tests;

public sealed class SyncSinkTests
{
    private static readonly MetricsScope Org = SyncHarness.Org;

    /// <summary>Records each call, and what the store held for the day at that moment.</summary>
    private sealed class RecordingSink(Func<IMetricsReader> reader, bool fail = false) : IStoredDaySink
    {
        public List<(SyncDayKey Key, int UsersStored)> Calls { get; } = [];

        public async Task OnDayStoredAsync(MetricsScope scope, SyncDataset dataset, DateOnly day, CancellationToken cancellationToken = default)
        {
            var users = 0;
            await foreach (var _ in reader().GetUserDayAsync(scope, day, cancellationToken))
            {
                users++;
            }

            lock (Calls)
            {
                Calls.Add((new SyncDayKey(scope, dataset, day), users));
            }

            if (fail)
            {
                throw new IOException("the lake's disk is full");
            }
        }
    }

    [Fact]
    public async Task Every_stored_or_empty_day_is_passed_to_the_sinks_after_its_write()
    {
        RecordingSink? sink = null;
        using var harness = new SyncHarness(extra: b => b.Services.AddSingleton<IStoredDaySink>(sp => sink = new RecordingSink(sp.GetRequiredService<IMetricsReader>)));

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        Assert.NotNull(sink);
        Assert.Equal(result.Stored + result.Empty, sink.Calls.Count);
        Assert.Equal(sink.Calls.Count, sink.Calls.Select(c => c.Key).Distinct().Count());
        foreach (var day in harness.AvailableDays(Org))
        {
            // The users day was readable from the store when the sink heard of it.
            var call = Assert.Single(sink.Calls, c => c.Key == new SyncDayKey(Org, SyncDataset.Users, day));
            Assert.Equal(harness.Simulator.ExpectedUsers(Org, day).Count, call.UsersStored);
            Assert.True(call.UsersStored > 0);
        }

        Assert.Contains(sink.Calls, c => c.Key.Dataset == SyncDataset.Seats);
    }

    [Fact]
    public async Task A_failing_sink_is_a_warning_and_the_stored_day_stands()
    {
        RecordingSink? sink = null;
        using var harness = new SyncHarness(extra: b => b.Services.AddSingleton<IStoredDaySink>(sp => sink = new RecordingSink(sp.GetRequiredService<IMetricsReader>, fail: true)));

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        Assert.Empty(result.Failures);
        Assert.Equal(sink!.Calls.Count, result.Warnings.Count(w => w.Contains("RecordingSink failed: IOException: the lake's disk is full", StringComparison.Ordinal)));
        var day = harness.AvailableDays(Org).Last();
        var status = await harness.Store.GetSyncStatusAsync(new SyncDayKey(Org, SyncDataset.Users, day));
        Assert.Equal(SyncDayState.Completed, status!.State);
        await harness.AssertStoreEqualsOracle(Org);

        // The next run does not fetch the days again: the sink's failure did not undo them.
        var again = await harness.Engine.RunAsync();
        Assert.Equal(0, again.Stored);
    }
}
