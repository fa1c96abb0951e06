namespace CopilotMetrics.Storage.Conformance;

/// <summary>Scopes whose names differ only in case: GitHub treats <c>org:Octo</c> and <c>org:octo</c> as one organization.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    private static readonly MetricsScope Mixed = MetricsScope.Organization("Octo-Org");
    private static readonly MetricsScope Lower = MetricsScope.Organization("octo-org");
    private static readonly MetricsScope Upper = MetricsScope.Organization("OCTO-ORG");

    [Fact]
    public async Task A_scope_name_differing_only_in_case_is_the_same_scope_for_data_and_queries()
    {
        var store = await NewStoreAsync();
        var first = await store.ReplaceUserDayAsync(Mixed, D, Stream(User(D, 1, "ann", new C(I: 3)), User(D, 2, "bob", new C(I: 5))));
        await store.ReplaceAggregateDayAsync(Upper, Aggregate(D, dau: 2, c: new C(I: 8)));

        // Read under another spelling: the same rows.
        Assert.Equal([1L, 2L], (await UsersAsync(store, Lower, D)).Select(u => u.UserId));
        Assert.Equal(2, Assert.Single(await AggregatesAsync(store, Lower, new DateRange(D, D))).DailyActiveUsers);

        // Writing the day under a third spelling replaces it.
        var second = await store.ReplaceUserDayAsync(Upper, D, Stream(User(D, 1, "ann", new C(I: 4))));
        Assert.False(first.Replaced);
        Assert.True(second.Replaced);
        Assert.Equal([1L], (await UsersAsync(store, Mixed, D)).Select(u => u.UserId));

        var totals = await store.GetUserTotalsAsync(Lower, new DateRange(D, D), new UserTotalsQuery());
        Assert.Equal(1, totals.TotalUsers);
        Assert.Equal(4, Assert.Single(totals.Items).Activity.UserInitiatedInteractions);

        // One scope, listed as first written; the enterprise of the same name stays another scope.
        var scopes = await store.GetScopesAsync();
        var only = Assert.Single(scopes);
        Assert.Equal("org:Octo-Org", only.ToString());
        Assert.Empty(await UsersAsync(store, MetricsScope.Enterprise("octo-org"), D));
    }

    [Fact]
    public async Task Sync_statuses_claims_and_missing_days_ignore_the_case_of_the_scope_name()
    {
        var store = await NewStoreAsync();
        await store.SetSyncStatusAsync(Status(Mixed, SyncDataset.Users, D, SyncDayState.Completed));

        Assert.Equal(SyncDayState.Completed, (await store.GetSyncStatusAsync(new SyncDayKey(Upper, SyncDataset.Users, D)))?.State);
        Assert.Single(await store.GetSyncStatusesAsync(Lower, new DateRange(D, D)));
        Assert.Empty(await store.GetMissingDaysAsync(Lower, SyncDataset.Users, new DateRange(D, D)));

        // A later status under another spelling replaces it: one row per report-day.
        await store.SetSyncStatusAsync(Status(Lower, SyncDataset.Users, D, SyncDayState.Failed));
        Assert.Equal(SyncDayState.Failed, Assert.Single(await store.GetSyncStatusesAsync(Mixed, new DateRange(D, D))).State);

        // A claim under one spelling holds against another owner under another spelling, and is released under a third.
        var now = At(2026, 6, 20, 3);
        Assert.True(await store.TryClaimAsync(new SyncDayKey(Mixed, SyncDataset.Aggregate, D), "worker-a", now, TimeSpan.FromMinutes(10)));
        Assert.False(await store.TryClaimAsync(new SyncDayKey(Lower, SyncDataset.Aggregate, D), "worker-b", now, TimeSpan.FromMinutes(10)));
        await store.ReleaseClaimAsync(new SyncDayKey(Upper, SyncDataset.Aggregate, D), "worker-a");
        Assert.True(await store.TryClaimAsync(new SyncDayKey(Lower, SyncDataset.Aggregate, D), "worker-b", now, TimeSpan.FromMinutes(10)));

        Assert.Single(await store.GetScopesAsync());
    }

    [Fact]
    public async Task Only_ascii_letters_are_compared_without_case()
    {
        // Both stores' choice (GitHub logins and slugs are ASCII): other letters compare exactly, so these are two scopes.
        var store = await NewStoreAsync();
        var a = MetricsScope.Organization("Caf\u00E9");
        var b = MetricsScope.Organization("CAF\u00C9");
        await store.ReplaceUserDayAsync(a, D, Stream(User(D, 1, "ann")));
        await store.ReplaceUserDayAsync(b, D, Stream(User(D, 2, "bob")));

        Assert.Equal([1L], (await UsersAsync(store, MetricsScope.Organization("cAF\u00E9"), D)).Select(u => u.UserId));
        Assert.Equal([2L], (await UsersAsync(store, MetricsScope.Organization("caf\u00C9"), D)).Select(u => u.UserId));
        Assert.Equal(2, (await store.GetScopesAsync()).Count);
    }
}
