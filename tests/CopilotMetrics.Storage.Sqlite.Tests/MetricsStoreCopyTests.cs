using CopilotMetrics.Reports;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary><see cref="MetricsStoreCopy"/>: a SQLite file copied into another store holds the same days, answers and statuses.</summary>
public sealed class MetricsStoreCopyTests : IDisposable
{
    private static readonly MetricsScope Org = MetricsScope.Organization("copy-org");
    private static readonly DateOnly First = new(2026, 6, 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_stored_day_and_status_arrives_with_the_same_content_hash_and_answers()
    {
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 3, Users = 60, Teams = 4 });
        using var source = new SqliteMetricsStore(new SqliteStoreOptions { Path = _folder.File("source.db") });
        var hashes = new Dictionary<(SyncDataset, DateOnly), string>();
        for (var i = 0; i < 6; i++)
        {
            var day = First.AddDays(i);
            hashes[(SyncDataset.Aggregate, day)] = (await source.ReplaceAggregateDayAsync(Org, generator.GenerateAggregate(day))).ContentHash;
            hashes[(SyncDataset.Users, day)] = (await source.ReplaceUserDayAsync(Org, day, generator.GenerateUsers(day).ToAsyncEnumerable())).ContentHash;
            hashes[(SyncDataset.UserTeams, day)] = (await source.ReplaceUserTeamDayAsync(Org, day, generator.GenerateUserTeams(day).ToAsyncEnumerable())).ContentHash;
            await source.SetSyncStatusAsync(new SyncDayStatus { Key = new SyncDayKey(Org, SyncDataset.Users, day), State = SyncDayState.Completed, RowCount = 1, UpdatedAt = new DateTimeOffset(2026, 6, 10, 0, 0, 0, TimeSpan.Zero) });
        }

        // A day GitHub had no report for: a status only, no rows.
        var empty = First.AddDays(6);
        await source.SetSyncStatusAsync(new SyncDayStatus { Key = new SyncDayKey(Org, SyncDataset.Users, empty), State = SyncDayState.Empty, UpdatedAt = new DateTimeOffset(2026, 6, 10, 0, 0, 0, TimeSpan.Zero) });

        var target = new InMemoryMetricsStore();
        var range = new DateRange(First.AddDays(-10), First.AddDays(20));
        var (days, statuses) = await MetricsStoreCopy.CopyAsync(source, target, range);

        Assert.Equal(18, days);     // 6 days × 3 datasets, no seats, no repositories
        Assert.Equal(7, statuses);
        foreach (var ((dataset, day), hash) in hashes)
        {
            // Writing the copied records once more yields the source's hash: the records arrived exactly as stored.
            var again = dataset switch
            {
                SyncDataset.Aggregate => await new InMemoryMetricsStore().ReplaceAggregateDayAsync(Org, await target.GetAggregateDaysAsync(Org, new DateRange(day, day)).SingleAsync()),
                SyncDataset.Users => await new InMemoryMetricsStore().ReplaceUserDayAsync(Org, day, target.GetUserDayAsync(Org, day)),
                _ => await new InMemoryMetricsStore().ReplaceUserTeamDayAsync(Org, day, target.GetUserTeamDayAsync(Org, day)),
            };
            Assert.Equal(hash, again.ContentHash);
        }

        var quarter = new DateRange(First, First.AddDays(6));
        Assert.Equal(await source.GetTeamMetricsAsync(Org, quarter), await target.GetTeamMetricsAsync(Org, quarter));
        Assert.Equal((await source.GetUserTotalsAsync(Org, quarter, new UserTotalsQuery { Limit = 100 })).Items, (await target.GetUserTotalsAsync(Org, quarter, new UserTotalsQuery { Limit = 100 })).Items);
        Assert.Equal(await source.GetSyncStatusesAsync(Org, range), await target.GetSyncStatusesAsync(Org, range));
        Assert.Equal(await source.GetMissingDaysAsync(Org, SyncDataset.Users, range), await target.GetMissingDaysAsync(Org, SyncDataset.Users, range));
        Assert.Empty(await target.GetUserDayAsync(Org, empty).ToListAsync());
    }
}
