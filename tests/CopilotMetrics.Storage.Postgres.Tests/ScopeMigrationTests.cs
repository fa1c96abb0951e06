using System.Text.RegularExpressions;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using Npgsql;
using static CopilotMetrics.Storage.Postgres.Tests.SchemaTests;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>
/// Migration 0003 on a store an older version wrote: one scope under two spellings is refused with a message that says
/// what to do (and the README's clean-up does it), and rollups built when a missing credit counted as 0 are rebuilt.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed partial class ScopeMigrationTests(PostgresFixture fixture)
{
    private static readonly DateOnly D = new(2026, 6, 1);

    [Fact]
    public async Task Migration_3_refuses_one_scope_under_two_spellings_and_changes_nothing()
    {
        var schema = await SchemaAtVersion2Async();
        await ExecuteAsync($"""INSERT INTO "{schema}".scopes (kind, name) VALUES (0, 'Octo'), (0, 'octo'), (1, 'octo'), (0, 'globex')""");
        await using var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema });

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.InitializeAsync());

        Assert.Contains("org:Octo (scope_id 1) and org:octo (scope_id 2)", error.MessageText);
        Assert.DoesNotContain("enterprise:octo", error.MessageText);
        Assert.DoesNotContain("globex", error.MessageText);
        Assert.Contains("Scopes whose names differ only in case", error.MessageText);
        Assert.Equal([1, 2], await ScalarsAsync<int>($"""SELECT version FROM "{schema}".schema_migrations ORDER BY version"""));

        // With one of them removed the migration goes through, and the kept row answers to every spelling.
        await ExecuteAsync($"""DELETE FROM "{schema}".scopes WHERE scope_id = 2""");
        await using var retried = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema });
        await retried.ReplaceUserDayAsync(MetricsScope.Organization("OCTO"), D, Stream(User(D, 1)));
        Assert.Equal([1], await ScalarsAsync<int>($"""SELECT DISTINCT scope_id FROM "{schema}".user_days"""));
        Assert.Equal(["org:Octo"], (await retried.GetScopesAsync()).Select(s => s.ToString()));
    }

    [Fact]
    public async Task Migration_3_marks_every_rollup_block_built_before_as_stale()
    {
        var schema = await SchemaAtVersion2Async();
        await ExecuteAsync($"""
            INSERT INTO "{schema}".scopes (kind, name) VALUES (0, 'octo');
            INSERT INTO "{schema}".user_rollups VALUES (1, 3, 92000, 7, 1, date '2026-06-01', 1, 0, 0, 0, 0, 0, 0, 0), (1, 4, 46000, 7, 1, date '2026-06-01', 1, 0, 0, 0, 0, 0, 0, 0);
            """);
        await using var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema });

        await store.InitializeAsync();

        Assert.Equal(["3/92000", "4/46000"], await ScalarsAsync<string>($"""SELECT level || '/' || block FROM "{schema}".rollup_dirty ORDER BY level"""));
        Assert.Equal(["YES"], await ScalarsAsync<string>($"""
            SELECT is_nullable::text FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'user_rollups' AND column_name = 'ai_credits_used'
            """));
    }

    [Fact]
    public async Task The_README_clean_up_removes_every_row_of_one_scope_and_nothing_of_another()
    {
        var schema = fixture.NewSchema();
        await using var store = await fixture.NewStoreAsync(schema);
        var keep = MetricsScope.Organization("keep");
        var drop = MetricsScope.Organization("drop");
        foreach (var scope in new[] { keep, drop })
        {
            await FillEveryTableAsync(store, scope);
        }

        // A day still waiting for its surface bitmaps (migration 0007), as a store part-way through the back-fill has.
        await ExecuteAsync($"""INSERT INTO "{schema}".surface_backfill (scope_id, day) SELECT scope_id, date '2026-01-01' FROM "{schema}".scopes""");
        var dropId = (await ScalarsAsync<int>($"""SELECT scope_id FROM "{schema}".scopes WHERE name = 'drop'""")).Single();
        var tables = await ScalarsAsync<string>($"""
            SELECT c.table_name::text FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = '{schema}' AND c.column_name = 'scope_id' AND t.table_type = 'BASE TABLE' ORDER BY 1
            """);
        foreach (var table in tables.Where(t => !PartitionName().IsMatch(t)))
        {
            Assert.True((await ScalarsAsync<long>($"""SELECT count(*) FROM "{schema}".{table} WHERE scope_id = {dropId}""")).Single() > 0, $"the test should fill {table}");
        }

        await ExecuteAsync(CleanUpScript(schema, dropId));

        foreach (var table in tables)
        {
            Assert.Equal(0, (await ScalarsAsync<long>($"""SELECT count(*) FROM "{schema}".{table} WHERE scope_id = {dropId}""")).Single());
        }

        Assert.Equal(new[] { keep }, await store.GetScopesAsync());
        Assert.Equal(3, (await store.GetUserTotalsAsync(keep, new DateRange(D, D.AddDays(15)), new UserTotalsQuery())).TotalUsers);
        Assert.NotEmpty(await store.GetTeamMetricsAsync(keep, new DateRange(D, D.AddDays(15))));
        Assert.Empty(await ToListAsync(store.GetUserDayAsync(drop, D)));
    }

    /// <summary>Every kind of data for 16 days, a claim, and the summaries built.</summary>
    private static async Task FillEveryTableAsync(PostgresMetricsStore store, MetricsScope scope)
    {
        foreach (var day in new DateRange(D, D.AddDays(15)).EachDay())
        {
            await store.ReplaceAggregateDayAsync(scope, new AggregateDayRecord
            {
                Day = day,
                DailyActiveUsers = 3,
                TotalsByIde = [new IdeTotals { Ide = "vscode", CodeGenerationActivityCount = 4 }],
            });
            UserDayRecord[] users =
            [
                .. Enumerable.Range(1, 3).Select(id => new UserDayRecord
                {
                    Day = day,
                    UserId = id,
                    UserLogin = $"user{id}",
                    UserInitiatedInteractionCount = id,
                    AiCreditsUsed = id == 1 ? null : 0.5,
                    TotalsByIde = [new IdeTotals { Ide = "vscode", UserInitiatedInteractionCount = id }],
                    TotalsByFeature = [new FeatureTotals { Feature = "code_completion", CodeGenerationActivityCount = id }],
                }),
            ];
            await store.ReplaceUserDayAsync(scope, day, Stream(users));
            await store.ReplaceUserTeamDayAsync(scope, day, Stream(new UserTeamRecord { Day = day, TeamId = 10, Slug = "team", UserId = 1 }));
            await store.ReplaceRepositoryDayAsync(scope, day, Stream(new RepositoryDayRecord { Day = day, RepositoryId = 5, RepositoryName = "repo", PullRequestReviewTimes = [new PullRequestReviewTimes { AuthoredBy = "human", TotalMerged = 1 }] }));
            await store.ReplaceAiCreditDayAsync(scope, day, Stream(new CopilotMetrics.Billing.AiCreditUsageItem { Product = "Copilot", Sku = "Copilot AI Credits", Model = "GPT-5", UnitType = "credits", GrossQuantity = 1m }));
            await store.ReplaceSeatSnapshotAsync(scope, day, Stream(new CopilotSeat { Assignee = new SeatAssignee { Id = 1, Login = "user1" } }));
        }

        await store.SetSyncStatusAsync(new SyncDayStatus { Key = new SyncDayKey(scope, SyncDataset.Users, D), State = SyncDayState.Completed, UpdatedAt = new DateTimeOffset(2026, 6, 20, 0, 0, 0, TimeSpan.Zero) });
        await store.RefreshSummariesAsync();
        await store.GetUserTotalsAsync(scope, new DateRange(D, D.AddDays(15)), new UserTotalsQuery());

        // A later write leaves a change marker behind, so that rollup_dirty has rows of the scope too.
        await store.ReplaceUserDayAsync(scope, D, Stream(User(D, 1), User(D, 2), User(D, 3)));
    }

    /// <summary>The README's clean-up script for <paramref name="scopeId"/> in <paramref name="schema"/>.</summary>
    private static string CleanUpScript(string schema, int scopeId)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "CopilotMetrics.Storage.Postgres", "README.md"));
        var section = readme[readme.IndexOf("## Scopes whose names differ only in case", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sql\n", StringComparison.Ordinal) + "```sql\n".Length;
        var script = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("DELETE FROM copilot_metrics.scopes WHERE scope_id = 2;", script);
        return script.Replace("copilot_metrics.", $"\"{schema}\".", StringComparison.Ordinal).Replace("scope_id = 2", $"scope_id = {scopeId}", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CopilotMetrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CopilotMetrics.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A new schema as migrations 0001 and 0002 leave it: the exported script up to migration 0003.</summary>
    private async Task<string> SchemaAtVersion2Async()
    {
        var schema = fixture.NewSchema();
        var script = PostgresSchema.GetMigrationScript(schema);
        var cut = script.IndexOf("\n-- ===== 0003_", StringComparison.Ordinal);
        Assert.True(cut > 0, "the script should contain migration 0003");
        await ExecuteAsync(script[..cut] + "\nCOMMIT;\n");
        return schema;
    }

    private Task ExecuteAsync(string sql) => fixture.ExecuteAsync(sql);

    private Task<List<T>> ScalarsAsync<T>(string sql) => fixture.QueryAsync<T>(sql);

    [GeneratedRegex("_p[0-9]{4}_[0-9]{2}$")]
    private static partial Regex PartitionName();
}
