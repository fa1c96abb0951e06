using CopilotMetrics.Testing;
using static CopilotMetrics.Storage.Postgres.Tests.SchemaTests;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>Migration 0007: the per-user days stored before it get their surface bitmaps from the lossless copy at start-up.</summary>
[Collection(PostgresTests.Name)]
public sealed class SurfaceBackfillTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Days_stored_without_surface_bitmaps_get_them_from_the_lossless_copy_when_the_store_starts()
    {
        var schema = fixture.NewSchema();
        var scope = MetricsScope.Organization("octo");
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 7, Users = 60, Teams = 3 });
        var range = new DateRange(new DateOnly(2026, 9, 12), new DateOnly(2026, 9, 15));
        IReadOnlyList<SurfaceUserCount> expected;
        await using (var store = await fixture.NewStoreAsync(schema))
        {
            foreach (var day in range.EachDay())
            {
                await store.ReplaceUserDayAsync(scope, day, Stream(generator.GenerateUsers(day)));
            }

            expected = await store.GetSurfaceUsersAsync(scope, range, teamId: null);
        }

        Assert.Contains(expected, r => r.Surface == SurfaceKeys.CopilotApp);

        // As before 0007: no surface bitmaps, every stored day listed for the back-fill.
        await fixture.ExecuteAsync($"""
            DELETE FROM "{schema}".day_user_bits WHERE dimension = 5;
            INSERT INTO "{schema}".surface_backfill (scope_id, day) SELECT DISTINCT scope_id, day FROM "{schema}".day_user_bits WHERE dimension = 0;
            """);
        await using (var stale = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema, SchemaMode = SchemaMode.None }))
        {
            Assert.All(await stale.GetSurfaceUsersAsync(scope, range, teamId: null), r => Assert.Equal(SurfaceKeys.Active, r.Surface));
        }

        await using (var started = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema }))
        {
            await started.InitializeAsync();
            Assert.Equal(expected, await started.GetSurfaceUsersAsync(scope, range, teamId: null));
        }

        Assert.Equal([0L], await fixture.QueryAsync<long>($"""SELECT count(*) FROM "{schema}".surface_backfill"""));
    }
}
