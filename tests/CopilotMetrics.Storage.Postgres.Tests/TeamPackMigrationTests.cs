using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Testing;
using static CopilotMetrics.Storage.Postgres.Tests.SchemaTests;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>
/// Migration 0006: the team packs it back-fills from the days stored before it equal the packs the store writes, and the
/// team metrics read from them equal the in-memory store's.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class TeamPackMigrationTests(PostgresFixture fixture)
{
    [Fact]
    public async Task The_back_fill_of_migration_6_gives_the_packs_the_store_writes()
    {
        var schema = fixture.NewSchema();
        var scope = MetricsScope.Organization("octo");
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 9, Users = 120, Teams = 6 });
        var range = new DateRange(new DateOnly(2026, 9, 12), new DateOnly(2026, 9, 16));
        var memory = new InMemoryMetricsStore();
        await using (var store = await fixture.NewStoreAsync(schema))
        {
            foreach (var day in range.EachDay())
            {
                // Every other day without per-user rows: teams with no sums have zero counters in the pack.
                if (day.Day % 2 == 0)
                {
                    await store.ReplaceUserDayAsync(scope, day, Stream(generator.GenerateUsers(day)));
                    await memory.ReplaceUserDayAsync(scope, day, Stream(generator.GenerateUsers(day)));
                }

                await store.ReplaceUserTeamDayAsync(scope, day, Stream(generator.GenerateUserTeams(day)));
                await memory.ReplaceUserTeamDayAsync(scope, day, Stream(generator.GenerateUserTeams(day)));
            }
        }

        var written = await PacksAsync(schema);
        Assert.Equal(range.EachDay().Count(), written.Count);

        // As before 0006: no packs; then the migration's own statements (the section of the exported script).
        var script = PostgresSchema.GetMigrationScript(schema);
        var from = script.IndexOf("\n-- ===== 0006_", StringComparison.Ordinal);
        var to = script.IndexOf("\n-- ===== 0007_", StringComparison.Ordinal);
        Assert.True(from > 0 && to > from, "the script should contain migrations 0006 and 0007");
        var section = script[from..to];
        section = section[..section.IndexOf($"INSERT INTO \"{schema}\".schema_migrations", StringComparison.Ordinal)];
        await fixture.ExecuteAsync($"""DROP TABLE "{schema}".team_day_packs;""" + section);

        Assert.Equal(written, await PacksAsync(schema));
        await using var migrated = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema, SchemaMode = SchemaMode.None });
        var teams = await migrated.GetTeamMetricsAsync(scope, range);
        Assert.Equal(6, teams.Count);
        Assert.Contains(teams, t => t.Activity.CodeGenerations > 0);
        Assert.Equal(await memory.GetTeamMetricsAsync(scope, range), teams);
    }

    private async Task<List<string>> PacksAsync(string schema) =>
        await fixture.QueryAsync<string>($"""SELECT day::text || ' ' || team_ids::text || ' ' || version_ids::text || ' ' || slugs::text || ' ' || counters::text FROM "{schema}".team_day_packs ORDER BY day""");
}
