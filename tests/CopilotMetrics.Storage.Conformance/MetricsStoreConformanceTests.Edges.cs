using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>
/// Ranges at the calendar's edges (0001-01-01, 9999-12-31, and the whole calendar): every read answers without
/// throwing, and every store answers alike — nothing is stored there, so the answers are empty, worked out by hand (a
/// missing-days query lists each day of its range). The hosts never send such ranges (they hold dates to GitHub's days),
/// but the store contract takes any <see cref="DateRange"/>.
/// </summary>
public abstract partial class MetricsStoreConformanceTests
{
    public static TheoryData<string> EdgeRanges() => ["first-days", "last-days"];

    private static DateRange Edge(string which) => which == "first-days"
        ? new DateRange(DateOnly.MinValue, DateOnly.MinValue.AddDays(9))
        : new DateRange(DateOnly.MaxValue.AddDays(-9), DateOnly.MaxValue);

    [Theory]
    [MemberData(nameof(EdgeRanges))]
    public async Task Reads_at_the_calendars_edges_answer_empty(string which)
    {
        var store = await NewStoreAsync();
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D, dau: 5));
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann", new(I: 1))));
        var range = Edge(which);

        Assert.Empty(await store.GetAggregateDaysAsync(Org, range).ToListAsync());
        Assert.Empty(await store.GetDailySeriesAsync(Org, range));
        Assert.Empty(await store.GetBreakdownAsync(Org, range, BreakdownDimension.Ide));
        Assert.Equal(0, (await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery())).TotalUsers);
        Assert.Empty(await store.GetTeamMetricsAsync(Org, range));
        Assert.All(await store.GetActiveUsersAsync(Org, range), p => Assert.Equal((0, 0, 0), (p.Daily, p.Weekly, p.Monthly)));
        Assert.All(await store.GetDailyEngagementAsync(Org, range), e => Assert.True(range.Contains(e.Day)));
        Assert.Empty(await store.GetSeatHistoryAsync(Org, range, 30));
        Assert.Empty(await store.GetSyncStatusesAsync(Org, range));
        Assert.Equal(range.EachDay().ToList(), await store.GetMissingDaysAsync(Org, SyncDataset.Aggregate, range));
    }

    [Fact]
    public async Task Reads_over_the_whole_calendar_find_the_stored_day()
    {
        var store = await NewStoreAsync();
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D, dau: 5));
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann", new(I: 1))));
        var all = new DateRange(DateOnly.MinValue, DateOnly.MaxValue);

        Assert.Equal([D], (await store.GetAggregateDaysAsync(Org, all).ToListAsync()).Select(a => a.Day));
        Assert.Equal([D], (await store.GetDailySeriesAsync(Org, all)).Select(p => p.Day));
        var totals = await store.GetUserTotalsAsync(Org, all, new UserTotalsQuery());
        Assert.Equal(["ann"], totals.Items.Select(u => u.Login));
        Assert.Empty(await store.GetTeamMetricsAsync(Org, all));
    }
}
