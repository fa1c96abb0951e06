namespace CopilotMetrics.Storage.Conformance;

/// <summary>Sync bookkeeping: statuses, claims, purge, missing days, scopes.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    [Fact]
    public async Task Sync_status_is_recorded_replaced_and_read_back_whole()
    {
        var store = await NewStoreAsync();
        var key = new SyncDayKey(Org, SyncDataset.Users, D);
        Assert.Null(await store.GetSyncStatusAsync(key));

        var failed = new SyncDayStatus
        {
            Key = key,
            State = SyncDayState.Failed,
            Attempts = 3,
            LastError = "users-1-day line 17: unexpected end of data — é漢字",
            RowCount = 0,
            SkippedLines = 2,
            ContentHash = null,
            UpdatedAt = new DateTimeOffset(2026, 6, 3, 4, 5, 6, TimeSpan.FromHours(2)),
            CompletedAt = null,
            NextAttemptAt = At(2026, 6, 3, 6),
        };
        await store.SetSyncStatusAsync(failed);
        Assert.Equal(failed, await store.GetSyncStatusAsync(key));

        var completed = failed with
        {
            State = SyncDayState.Completed,
            Attempts = 0,
            LastError = null,
            RowCount = 1234,
            SkippedLines = 0,
            ContentHash = new string('a', 64),
            UpdatedAt = At(2026, 6, 3, 7),
            CompletedAt = At(2026, 6, 3, 7),
            NextAttemptAt = null,
        };
        await store.SetSyncStatusAsync(completed);
        Assert.Equal(completed, await store.GetSyncStatusAsync(key));

        // Keys differing in scope, dataset or day are other statuses.
        Assert.Null(await store.GetSyncStatusAsync(key with { Scope = Enterprise }));
        Assert.Null(await store.GetSyncStatusAsync(key with { Dataset = SyncDataset.Aggregate }));
        Assert.Null(await store.GetSyncStatusAsync(key with { Day = D.AddDays(1) }));
    }

    [Fact]
    public async Task Sync_statuses_of_a_range_are_listed_by_dataset_then_day()
    {
        var store = await NewStoreAsync();
        var d1 = D.AddDays(1);
        var d2 = D.AddDays(2);
        SyncDayStatus[] written =
        [
            Status(Org, SyncDataset.Users, d1, SyncDayState.Completed),
            Status(Org, SyncDataset.Aggregate, d2, SyncDayState.Empty),
            Status(Org, SyncDataset.Seats, D, SyncDayState.Completed),
            Status(Org, SyncDataset.Users, D, SyncDayState.Failed),
            Status(Org, SyncDataset.Aggregate, D, SyncDayState.Pending),
            Status(Org, SyncDataset.UserTeams, D.AddDays(-1), SyncDayState.Completed), // before the range
            Status(Org, SyncDataset.UserTeams, D.AddDays(3), SyncDayState.Completed), // after the range
            Status(Enterprise, SyncDataset.Users, D, SyncDayState.Completed), // another scope
        ];
        foreach (var status in written)
        {
            await store.SetSyncStatusAsync(status);
        }

        var listed = await store.GetSyncStatusesAsync(Org, new DateRange(D, d2));

        Assert.Equal([written[4], written[1], written[3], written[0], written[2]], listed);
        Assert.Empty(await store.GetSyncStatusesAsync(OtherOrg, new DateRange(D, d2)));
    }

    [Fact]
    public async Task A_claim_excludes_other_owners_until_released()
    {
        var store = await NewStoreAsync();
        var key = new SyncDayKey(Org, SyncDataset.Users, D);
        var t = At(2026, 6, 3, 10);

        Assert.True(await store.TryClaimAsync(key, "A", t, TimeSpan.FromMinutes(10)));
        Assert.False(await store.TryClaimAsync(key, "B", t.AddMinutes(5), TimeSpan.FromMinutes(10)));

        // A renews its claim until t+16m; B is still refused at t+12m.
        Assert.True(await store.TryClaimAsync(key, "A", t.AddMinutes(6), TimeSpan.FromMinutes(10)));
        Assert.False(await store.TryClaimAsync(key, "B", t.AddMinutes(12), TimeSpan.FromMinutes(10)));

        // Releasing someone else's claim is a no-op.
        await store.ReleaseClaimAsync(key, "B");
        Assert.False(await store.TryClaimAsync(key, "C", t.AddMinutes(12), TimeSpan.FromMinutes(10)));

        await store.ReleaseClaimAsync(key, "A");
        Assert.True(await store.TryClaimAsync(key, "B", t.AddMinutes(12), TimeSpan.FromMinutes(10)));
        Assert.False(await store.TryClaimAsync(key, "A", t.AddMinutes(13), TimeSpan.FromMinutes(10)));

        // Releasing a day nobody claimed is a no-op too.
        await store.ReleaseClaimAsync(key with { Day = D.AddDays(5) }, "A");
    }

    [Fact]
    public async Task An_expired_claim_can_be_taken_over()
    {
        var store = await NewStoreAsync();
        var key = new SyncDayKey(Org, SyncDataset.Aggregate, D);
        var t = At(2026, 6, 3, 10);

        Assert.True(await store.TryClaimAsync(key, "A", t, TimeSpan.FromMinutes(10)));
        Assert.False(await store.TryClaimAsync(key, "B", t.AddMinutes(10).AddSeconds(-1), TimeSpan.FromMinutes(10)));
        Assert.True(await store.TryClaimAsync(key, "B", t.AddMinutes(10).AddSeconds(1), TimeSpan.FromMinutes(10)));
        Assert.False(await store.TryClaimAsync(key, "A", t.AddMinutes(11), TimeSpan.FromMinutes(10)));

        // A late release by the former holder does not free B's claim.
        await store.ReleaseClaimAsync(key, "A");
        Assert.False(await store.TryClaimAsync(key, "C", t.AddMinutes(12), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task Claims_are_per_scope_dataset_and_day()
    {
        var store = await NewStoreAsync();
        var key = new SyncDayKey(Org, SyncDataset.Users, D);
        var t = At(2026, 6, 3, 10);

        Assert.True(await store.TryClaimAsync(key, "A", t, TimeSpan.FromHours(1)));
        Assert.True(await store.TryClaimAsync(key with { Day = D.AddDays(1) }, "B", t, TimeSpan.FromHours(1)));
        Assert.True(await store.TryClaimAsync(key with { Dataset = SyncDataset.UserTeams }, "B", t, TimeSpan.FromHours(1)));
        Assert.True(await store.TryClaimAsync(key with { Scope = Enterprise }, "B", t, TimeSpan.FromHours(1)));
        Assert.False(await store.TryClaimAsync(key, "B", t, TimeSpan.FromHours(1)));

        // A claim is neither data nor a status: it does not make a scope known.
        Assert.Empty(await store.GetScopesAsync());
        Assert.Null(await store.GetSyncStatusAsync(key));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_day_have_one_winner()
    {
        var store = await NewStoreAsync();
        var key = new SyncDayKey(Org, SyncDataset.Users, D);
        var t = At(2026, 6, 3, 10);
        using var start = new ManualResetEventSlim(false);

        var claims = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await store.TryClaimAsync(key, $"worker-{i}", t, TimeSpan.FromMinutes(5));
        })).ToList();
        start.Set();

        Assert.Equal(1, (await Task.WhenAll(claims)).Count(won => won));
    }

    [Fact]
    public async Task Purge_removes_every_earlier_day_and_counts_report_days()
    {
        var store = await NewStoreAsync();
        var before2 = D.AddDays(-2);
        var before1 = D.AddDays(-1);
        var after = D.AddDays(1);

        // org:acme — removed: (Aggregate, D-2), (Users, D-2) data + status, (Users, D-1) status only,
        // (UserTeams, D-1) data only, (Seats, D-2): 5 report-days. Kept: the days from D on.
        await store.ReplaceAggregateDayAsync(Org, Aggregate(before2, dau: 1));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D, dau: 2));
        await store.ReplaceUserDayAsync(Org, before2, Stream(User(before2, 1, "ann")));
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, before2, SyncDayState.Completed));
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, before1, SyncDayState.Empty));
        await store.ReplaceUserTeamDayAsync(Org, before1, Stream(Member(before1, 10, "alpha", 1)));
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(Repo(D, 1, "acme/api")));
        await store.ReplaceSeatSnapshotAsync(Org, before2, Stream(Seat(1, null)));
        await store.ReplaceSeatSnapshotAsync(Org, after, Stream(Seat(2, null)));
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Aggregate, D, SyncDayState.Completed));
        // org:globex — removed: (Users, D-1) data + status: 1 report-day; nothing is left of the scope.
        await store.ReplaceUserDayAsync(OtherOrg, before1, Stream(User(before1, 5, "eve")));
        await store.SetSyncStatusAsync(Status(OtherOrg, SyncDataset.Users, before1, SyncDayState.Failed));

        Assert.Equal(6, await store.PurgeBeforeAsync(D));

        var all = new DateRange(before2, after);
        Assert.Equal([D], (await AggregatesAsync(store, Org, all)).Select(a => a.Day));
        Assert.Empty(await UsersAsync(store, Org, before2));
        Assert.Empty(await TeamsAsync(store, Org, before1));
        Assert.Single(await ReposAsync(store, Org, D));
        Assert.Equal([Status(Org, SyncDataset.Aggregate, D, SyncDayState.Completed)], await store.GetSyncStatusesAsync(Org, all));
        Assert.Empty(await store.GetSyncStatusesAsync(OtherOrg, all));
        Assert.Equal([before2, before1, D, after], await store.GetMissingDaysAsync(Org, SyncDataset.Users, all));
        Assert.Equal([after], (await store.GetSeatHistoryAsync(Org, all, 30)).Select(p => p.Day));
        Assert.Equal(after, (await store.GetLatestSeatSnapshotAsync(Org))!.Day);
        Assert.Equal(0, (await store.GetUserTotalsAsync(OtherOrg, all, new UserTotalsQuery())).TotalUsers);
        Assert.All(await store.GetActiveUsersAsync(Org, all), p => Assert.Equal(0, p.Monthly));
        Assert.Equal([Org], await store.GetScopesAsync());

        // Nothing left to remove; and the next write of a purged day is a first write again.
        Assert.Equal(0, await store.PurgeBeforeAsync(D));
        Assert.False((await store.ReplaceUserDayAsync(Org, before2, Stream(User(before2, 1, "ann")))).Replaced);
    }

    [Fact]
    public async Task Missing_days_have_neither_data_nor_a_completed_or_empty_status()
    {
        var store = await NewStoreAsync();
        var range = new DateRange(D, D.AddDays(5));
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann")));                                       // data
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, D.AddDays(1), SyncDayState.Completed));    // completed
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, D.AddDays(2), SyncDayState.Empty));        // no report
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, D.AddDays(3), SyncDayState.Failed));       // missing
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, D.AddDays(4), SyncDayState.InProgress));   // missing
        await store.ReplaceUserDayAsync(Org, D.AddDays(5), Stream<Reports.UserDayRecord>());                     // stored empty
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, D.AddDays(5), SyncDayState.Failed));       // data wins
        await store.SetSyncStatusAsync(Status(OtherOrg, SyncDataset.Users, D.AddDays(3), SyncDayState.Completed));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(3)));
        await store.ReplaceSeatSnapshotAsync(Org, D.AddDays(4), Stream(Seat(1, null)));

        Assert.Equal([D.AddDays(3), D.AddDays(4)], await store.GetMissingDaysAsync(Org, SyncDataset.Users, range));
        Assert.Equal([D, D.AddDays(1), D.AddDays(2), D.AddDays(4), D.AddDays(5)], await store.GetMissingDaysAsync(Org, SyncDataset.Aggregate, range));
        Assert.Equal([D, D.AddDays(1), D.AddDays(2), D.AddDays(3), D.AddDays(5)], await store.GetMissingDaysAsync(Org, SyncDataset.Seats, range));
        Assert.Equal(range.EachDay(), await store.GetMissingDaysAsync(Org, SyncDataset.Repositories, range));
        Assert.Equal(range.EachDay(), await store.GetMissingDaysAsync(Enterprise, SyncDataset.Users, range));
        Assert.Equal([D.AddDays(3)], await store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(D.AddDays(3), D.AddDays(3))));
    }

    [Fact]
    public async Task Scopes_with_data_or_status_are_listed_in_text_order()
    {
        var store = await NewStoreAsync();
        Assert.Empty(await store.GetScopesAsync());

        await store.ReplaceUserDayAsync(Tricky, D, Stream(User(D, 1, "x")));
        await store.SetSyncStatusAsync(Status(OtherOrg, SyncDataset.Aggregate, D, SyncDayState.Failed));
        await store.ReplaceSeatSnapshotAsync(Org, D, Stream<Seats.CopilotSeat>());
        await store.ReplaceAggregateDayAsync(Enterprise, Aggregate(D));

        // Ordinal order of "enterprise:acme", "org:acme", "org:globex", "org:o'r\"g;--DROP_TABLE".
        Assert.Equal([Enterprise, Org, OtherOrg, Tricky], await store.GetScopesAsync());
    }

    [Fact]
    public async Task Invalid_query_arguments_are_rejected()
    {
        var store = await NewStoreAsync();
        var range = new DateRange(D, D);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Limit = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Limit = 1001 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Offset = -1 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetSeatHistoryAsync(Org, range, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryClaimAsync(new SyncDayKey(Org, SyncDataset.Users, D), "", At(2026, 6, 3), TimeSpan.FromMinutes(1)));
        Assert.Empty((await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Limit = 1000 })).Items);
    }
}
