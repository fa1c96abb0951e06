using CopilotMetrics.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Storage.InMemory.Tests;

/// <summary>What only the in-memory store has: DI registration, thread-safety under load, memory hygiene.</summary>
public sealed class InMemoryMetricsStoreTests
{
    private static readonly MetricsScope Org = MetricsScope.Organization("acme");
    private static readonly DateOnly Day = new(2026, 6, 1);

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static UserDayRecord User(DateOnly day, long id, long interactions) =>
        new() { Day = day, UserId = id, UserLogin = $"u{id}", UserInitiatedInteractionCount = interactions, TotalsByIde = [new IdeTotals { Ide = "vscode", UserInitiatedInteractionCount = interactions }] };

    [Fact]
    public void AddInMemoryMetricsStore_registers_one_singleton_under_every_role_with_the_registered_clock()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);

        Assert.Same(services, services.AddInMemoryMetricsStore());
        using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<InMemoryMetricsStore>(provider.GetRequiredService<IMetricsStore>());
        Assert.Same(store, provider.GetRequiredService<IMetricsStore>());
        Assert.Same(store, provider.GetRequiredService<InMemoryMetricsStore>());
        Assert.Same(store, provider.GetRequiredService<IMetricsReader>());
        Assert.Same(store, provider.GetRequiredService<IMetricsWriter>());
        Assert.Same(store, provider.GetRequiredService<ISyncStateStore>());
    }

    [Fact]
    public void AddInMemoryMetricsStore_replaces_an_earlier_store_and_can_be_called_twice()
    {
        var services = new ServiceCollection();
        var earlier = new InMemoryMetricsStore();
        services.AddSingleton<IMetricsStore>(earlier);
        services.AddSingleton<IMetricsReader>(earlier);

        services.AddInMemoryMetricsStore().AddInMemoryMetricsStore();

        foreach (var role in new[] { typeof(IMetricsStore), typeof(IMetricsReader), typeof(IMetricsWriter), typeof(ISyncStateStore), typeof(InMemoryMetricsStore) })
        {
            Assert.Single(services, d => d.ServiceType == role);
        }

        using var provider = services.BuildServiceProvider();
        Assert.NotSame(earlier, provider.GetRequiredService<IMetricsReader>());
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddInMemoryMetricsStore());
    }

    [Fact]
    public async Task Parallel_readers_and_writers_of_many_days_see_whole_versions()
    {
        var store = new InMemoryMetricsStore();
        const int Days = 6;
        // Version v of a day: 5 + v % 4 users, each with v interactions.
        UserDayRecord[] Version(DateOnly day, int v) => [.. Enumerable.Range(1, 5 + (v % 4)).Select(i => User(day, i, v))];
        SyncDayStatus Status(DateOnly day, int v) => new() { Key = new SyncDayKey(Org, SyncDataset.Users, day), State = SyncDayState.Completed, Attempts = v, RowCount = 5 + (v % 4) };
        var range = new DateRange(Day, Day.AddDays(Days - 1));
        for (var d = 0; d < Days; d++)
        {
            await store.ReplaceUserDayAsync(Org, Day.AddDays(d), Stream(Version(Day.AddDays(d), 0)));
            await store.SetSyncStatusAsync(Status(Day.AddDays(d), 0));
        }

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var v = 1; v <= 40; v++)
            {
                var day = Day.AddDays((v + w) % Days);
                await store.ReplaceUserDayAsync(Org, day, Stream(Version(day, v)));
                await store.SetSyncStatusAsync(Status(day, v));
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (reads < 60)
            {
                reads++;
                var day = Day.AddDays(reads % Days);
                var users = new List<UserDayRecord>();
                await foreach (var u in store.GetUserDayAsync(Org, day))
                {
                    users.Add(u);
                }

                var v = (int)users[0].UserInitiatedInteractionCount;
                Assert.Equal(5 + (v % 4), users.Count);
                Assert.All(users, u => Assert.Equal(v, u.UserInitiatedInteractionCount));

                var engagement = await store.GetDailyEngagementAsync(Org, new DateRange(day, day));
                var active = engagement.Single(e => e.Kind == EngagementKind.Active).Users;
                Assert.Equal(active, engagement.Single(e => e.Kind == EngagementKind.Ide).Users);
                Assert.InRange(active, 5, 8);

                var points = await store.GetActiveUsersAsync(Org, range);
                Assert.Equal(range.EachDay(), points.Select(p => p.Day));
                Assert.All(points, p => Assert.InRange(p.Daily, 5, 8));

                // Every day has had a status since before the writers started: each read sees all of them, each whole.
                var statuses = await store.GetSyncStatusesAsync(Org, range);
                Assert.Equal(range.EachDay(), statuses.Select(s => s.Key.Day).Order());
                Assert.All(statuses, s => Assert.Equal((SyncDataset.Users, SyncDayState.Completed, 5L + (s.Attempts % 4)), (s.Key.Dataset, s.State, s.RowCount)));
            }
        }));

        await Task.WhenAll([.. writers, .. readers]);
        Assert.Equal(range.EachDay(), (await store.GetSyncStatusesAsync(Org, range)).Select(s => s.Key.Day).Order());
    }

    [Fact]
    public async Task A_read_in_progress_keeps_its_snapshot_while_the_day_is_replaced()
    {
        var store = new InMemoryMetricsStore();
        await store.ReplaceUserDayAsync(Org, Day, Stream(Enumerable.Range(1, 3).Select(i => User(Day, i, 1))));

        var seen = new List<long>();
        await foreach (var user in store.GetUserDayAsync(Org, Day))
        {
            seen.Add(user.UserInitiatedInteractionCount);
            if (seen.Count == 1)
            {
                await store.ReplaceUserDayAsync(Org, Day, Stream(Enumerable.Range(1, 5).Select(i => User(Day, i, 2))));
            }
        }

        Assert.Equal([1L, 1, 1], seen);
    }

    [Fact]
    public async Task Expired_claims_are_swept_only_when_expired_for_both_clocks()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryMetricsStore(clock);
        var now = clock.GetUtcNow();
        var first = new SyncDayKey(Org, SyncDataset.Users, Day);
        Assert.True(await store.TryClaimAsync(first, "A", now, TimeSpan.FromMinutes(5)));

        // Thousands of other claims trigger sweeps; A's claim must survive them while unexpired.
        for (var i = 1; i <= 5000; i++)
        {
            Assert.True(await store.TryClaimAsync(new SyncDayKey(Org, SyncDataset.Users, Day.AddDays(i)), "B", now.AddMinutes(1), TimeSpan.FromMinutes(1)));
        }

        Assert.False(await store.TryClaimAsync(first, "B", now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.True(await store.TryClaimAsync(first, "B", now.AddMinutes(6), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_default_scope_is_rejected()
    {
        var store = new InMemoryMetricsStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceUserDayAsync(default, Day, Stream<UserDayRecord>([])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetDailySeriesAsync(default, new DateRange(Day, Day)));
    }
}
