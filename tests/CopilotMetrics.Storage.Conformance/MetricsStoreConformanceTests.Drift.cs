namespace CopilotMetrics.Storage.Conformance;

/// <summary>Schema drift: the unknown property paths a status carries, and when each was first seen.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    [Fact]
    public async Task A_status_keeps_its_unknown_property_paths_and_replacing_it_replaces_them()
    {
        var store = await NewStoreAsync();
        var key = new SyncDayKey(Org, SyncDataset.Users, D);
        var drifted = Status(Org, SyncDataset.Users, D, SyncDayState.Completed) with
        {
            UnknownProperties = ["pull_requests.new_counter", "totals_by_ide[].new_field", "totals_by_x", "é漢字"],
        };

        await store.SetSyncStatusAsync(drifted);
        var read = await store.GetSyncStatusAsync(key);
        Assert.Equal(drifted, read);
        Assert.Equal(["pull_requests.new_counter", "totals_by_ide[].new_field", "totals_by_x", "é漢字"], read!.UnknownProperties);
        Assert.Equal(drifted, Assert.Single(await store.GetSyncStatusesAsync(Org, new DateRange(D, D))));

        var clean = drifted with { UnknownProperties = [] };
        await store.SetSyncStatusAsync(clean);
        Assert.Empty((await store.GetSyncStatusAsync(key))!.UnknownProperties);

        // A status written without any reads back with none.
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Aggregate, D, SyncDayState.Empty));
        Assert.Empty((await store.GetSyncStatusAsync(key with { Dataset = SyncDataset.Aggregate }))!.UnknownProperties);
    }

    [Fact]
    public async Task Each_unknown_property_is_listed_with_the_first_and_last_day_its_dataset_carried_it()
    {
        var store = await NewStoreAsync();
        Assert.Empty(await store.GetUnknownPropertiesAsync(Org));

        SyncDayStatus With(MetricsScope scope, SyncDataset dataset, DateOnly day, params string[] paths) =>
            Status(scope, dataset, day, SyncDayState.Completed) with { UnknownProperties = paths };

        SyncDayStatus[] written =
        [
            With(Org, SyncDataset.Users, D.AddDays(3), "totals_by_x"),
            With(Org, SyncDataset.Users, D.AddDays(1), "totals_by_x", "totals_by_ide[].new_field"),
            With(Org, SyncDataset.Users, D.AddDays(2)),
            With(Org, SyncDataset.Aggregate, D.AddDays(2), "totals_by_x", "Zeta"),
            With(Org, SyncDataset.Aggregate, D.AddDays(5), "pull_requests.new_counter"),
            With(Enterprise, SyncDataset.Users, D, "totals_by_x"), // another scope
            With(OtherOrg, SyncDataset.Users, D.AddDays(-5), "elsewhere"), // another scope
        ];
        foreach (var status in written)
        {
            await store.SetSyncStatusAsync(status);
        }

        var sightings = await store.GetUnknownPropertiesAsync(Org);

        // Worked out by hand: ordinal path order puts "Zeta" before lower-case paths; ties by dataset (Aggregate = 0).
        Assert.Equal(
            [
                ("Zeta", SyncDataset.Aggregate, D.AddDays(2), D.AddDays(2)),
                ("pull_requests.new_counter", SyncDataset.Aggregate, D.AddDays(5), D.AddDays(5)),
                ("totals_by_ide[].new_field", SyncDataset.Users, D.AddDays(1), D.AddDays(1)),
                ("totals_by_x", SyncDataset.Aggregate, D.AddDays(2), D.AddDays(2)),
                ("totals_by_x", SyncDataset.Users, D.AddDays(1), D.AddDays(3)),
            ],
            sightings.Select(s => (s.Path, s.Dataset, s.FirstSeen, s.LastSeen)));
        Assert.All(sightings, s => Assert.Equal(Org, s.Scope));
        Assert.Equal("`totals_by_x`: first seen 2026-06-02 in users-1-day, kept losslessly, not typed", sightings[4].ToString());
        Assert.Equal("organization-1-day", sightings[0].Report);

        // A day synced again without the property no longer names it.
        await store.SetSyncStatusAsync(With(Org, SyncDataset.Users, D.AddDays(1)));
        Assert.DoesNotContain(await store.GetUnknownPropertiesAsync(Org), s => s.Path == "totals_by_ide[].new_field");
        Assert.Empty(await store.GetUnknownPropertiesAsync(MetricsScope.Organization("nobody")));
    }
}
