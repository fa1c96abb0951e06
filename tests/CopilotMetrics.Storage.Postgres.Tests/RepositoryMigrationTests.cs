using System.Text;
using CopilotMetrics.Billing;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using NpgsqlTypes;
using static CopilotMetrics.Storage.Postgres.Tests.SchemaTests;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>
/// Migration 0004 on a store at version 3 that holds repository days as version 3 wrote them (repo id and name typed,
/// the records in the lossless copy): after migrating, the records read back unchanged, the new typed columns are filled
/// from the lossless copy, and the new AI-credit dataset can be written and read.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class RepositoryMigrationTests(PostgresFixture fixture)
{
    private static readonly DateOnly D = new(2026, 9, 21);

    private static readonly string[] Records =
    [
        """{"day":"2026-09-21","repo_id":7,"repo_owner_name":"octo","repo_name":"api","repo_visibility":"INTERNAL","pull_requests":{"total_created":3,"total_merged":2,"median_minutes_to_merge":15.5},"pull_request_review_times":[{"authored_by":"human","reviewed_by":"human","total_merged":1,"median_minutes_ready_to_first_review":4}],"zz_new":true}""",
        """{"day":"2026-09-21","repo_id":8,"repo_name":"web"}""",
    ];

    [Fact]
    public async Task Migration_4_keeps_version_3_repository_days_and_types_them_from_the_lossless_copy()
    {
        var schema = await SchemaAtVersion3Async();
        await WriteAsVersion3Async(schema, D, Records);
        Assert.Equal([1, 2, 3], await fixture.QueryAsync<int>($"""SELECT version FROM "{schema}".schema_migrations ORDER BY version"""));

        await using var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema });
        await store.InitializeAsync();

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await fixture.QueryAsync<int>($"""SELECT version FROM "{schema}".schema_migrations ORDER BY version"""));
        var scope = MetricsScope.Organization("octo");
        Assert.Equal([scope], await store.GetScopesAsync());

        // The records, exactly as version 3 stored them.
        Assert.Equal(Records.Select(Stored), (await ToListAsync(store.GetRepositoryDayAsync(scope, D))).Select(r => ReportJson.Serialize(r)));

        // The typed rows, filled from them: by hand from the two records above.
        var rows = await store.GetRepositoryRowsAsync(scope, new DateRange(D, D));
        Assert.Equal(2, rows.Count);
        Assert.Equal((7L, "octo", "api", "INTERNAL"), (rows[0].RepositoryId!.Value, rows[0].OwnerName, rows[0].Name, rows[0].Visibility));
        Assert.Equal((3L, 0L, 2L, 15.5), (rows[0].PullRequests!.TotalCreated, rows[0].PullRequests!.TotalReviewed, rows[0].PullRequests!.TotalMerged, rows[0].PullRequests!.MedianMinutesToMerge!.Value));
        Assert.Null(rows[0].PullRequests!.MedianMinutesToMergeCopilotAuthored);
        var entry = Assert.Single(rows[0].ReviewTimes!);
        Assert.Equal(new RepositoryReviewTimes("human", "human", 1, 4, null, null, null, null, null), entry);
        Assert.Equal(new RepositoryDayRow(D, 8, null, "web", null, null, null), rows[1]);
        Assert.Equal([0], await fixture.QueryAsync<long>($"""SELECT count(*) FROM "{schema}".repository_days WHERE NOT typed"""));

        // A second start has nothing left to do and changes nothing.
        await using (var again = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema }))
        {
            await again.InitializeAsync();
            Assert.Equal(2, (await again.GetRepositoryRowsAsync(scope, new DateRange(D, D))).Count);
        }

        // The new dataset works on the migrated schema.
        var item = new AiCreditUsageItem { Product = "Copilot", Sku = "Copilot AI Credits", Model = "GPT-5", UnitType = "credits", PricePerUnit = 0.01m, GrossQuantity = 3.5m, GrossAmount = 0.035m, DiscountQuantity = 3.5m, DiscountAmount = 0.035m };
        await store.ReplaceAiCreditDayAsync(scope, D, Stream(item));
        Assert.Equal(3.5m, (await store.GetAiCreditDaysAsync(scope, new DateRange(D, D))).Single().Items.Single().GrossQuantity);
        Assert.Equal([3.5m], await fixture.QueryAsync<decimal>($"""SELECT sum(gross_quantity) FROM "{schema}".ai_credit_items"""));
    }

    /// <summary>A record's JSON as a store keeps it: as this library writes it back (what ContentHash hashes).</summary>
    private static string Stored(string json) => ReportJson.Serialize(ReportJson.Deserialize<RepositoryDayRecord>(Encoding.UTF8.GetBytes(json)));

    /// <summary>A new schema as migrations 0001–0003 leave it: the exported script up to migration 0004.</summary>
    private async Task<string> SchemaAtVersion3Async()
    {
        var schema = fixture.NewSchema();
        var script = PostgresSchema.GetMigrationScript(schema);
        var cut = script.IndexOf("\n-- ===== 0004_", StringComparison.Ordinal);
        Assert.True(cut > 0, "the script should contain migration 0004");
        await fixture.ExecuteAsync(script[..cut] + "\nCOMMIT;\n");
        return schema;
    }

    /// <summary>Writes a repository day the way version 3 did: repo id and name typed, the records' JSON in one compressed chunk, the report_days row.</summary>
    private async Task WriteAsVersion3Async(string schema, DateOnly day, string[] records)
    {
        await fixture.ExecuteAsync($"""INSERT INTO "{schema}".scopes (kind, name) VALUES (0, 'octo')""");
        await fixture.ExecuteAsync($"""CREATE TABLE "{schema}".raw_chunks_p2026_09 PARTITION OF "{schema}".raw_chunks FOR VALUES FROM ('2026-09-01') TO ('2026-10-01')""");
        var ndjson = Encoding.UTF8.GetBytes(string.Join("\n", records.Select(Stored)) + "\n");
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using (var chunk = new Npgsql.NpgsqlCommand($"""INSERT INTO "{schema}".raw_chunks (scope_id, dataset, day, chunk, record_count, data) VALUES (1, 3, $1, 0, $2, $3)""", connection))
        {
            chunk.Parameters.Add(new Npgsql.NpgsqlParameter { Value = day, NpgsqlDbType = NpgsqlDbType.Date });
            chunk.Parameters.Add(new Npgsql.NpgsqlParameter { Value = records.Length });
            chunk.Parameters.Add(new Npgsql.NpgsqlParameter { Value = RawChunkWriter.Compress(ndjson, 2), NpgsqlDbType = NpgsqlDbType.Bytea });
            await chunk.ExecuteNonQueryAsync();
        }

        await fixture.ExecuteAsync($"""
            INSERT INTO "{schema}".repository_days (scope_id, day, ordinal, repo_id, repo_name) VALUES (1, date '{day:yyyy-MM-dd}', 0, 7, 'api'), (1, date '{day:yyyy-MM-dd}', 1, 8, 'web');
            INSERT INTO "{schema}".report_days (scope_id, dataset, day, row_count, content_hash, raw_format, stored_at) VALUES (1, 3, date '{day:yyyy-MM-dd}', 2, 'x', 1, now());
            """);
    }
}
