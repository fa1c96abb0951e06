using System.Security.Cryptography;
using System.Text.Json;
using CopilotMetrics.Export.Parquet.Internal;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Tests;
using Parquet;
using Parquet.Schema;

namespace CopilotMetrics.Export.Parquet.Tests;

/// <summary>The files themselves: read back with Parquet.Net, replaced whole, evolved.</summary>
public sealed class LakeFileTests(ExportedLake lake) : IClassFixture<ExportedLake>
{
    private static readonly DateOnly Day = new(2026, 6, 3);

    [Fact]
    public async Task Users_round_trip_through_Parquet_Net()
    {
        var path = lake.Lake.PartitionFile("users", LakeData.Org, Day);
        var expected = lake.Data.Users[Day];
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal("1", reader.CustomMetadata[ParquetTable<object>.VersionKey]);
        Assert.Equal("users", reader.CustomMetadata[ParquetTable<object>.TableKey]);
        Assert.True(reader.RowGroupCount > 1, "row groups of 40 rows: " + expected.Count + " users make several");

        var ids = await ReadAsync<long>(reader, "user_id");
        var logins = await ReadTextAsync(reader, "user_login");
        var generations = await ReadAsync<long>(reader, "code_generation_activity_count");
        var chat = await ReadAsync<bool>(reader, "used_chat");
        var credits = await ReadNullableAsync<double>(reader, "ai_credits_used");
        var cli = await ReadTextAsync(reader, "totals_by_cli");

        Assert.Equal(expected.Select(u => u.UserId), ids);
        Assert.Equal(expected.Select(u => u.UserLogin), logins);
        Assert.Equal(expected.Select(u => u.CodeGenerationActivityCount), generations);
        Assert.Equal(expected.Select(u => u.UsedChat), chat);
        Assert.Equal(expected.Select(u => u.AiCreditsUsed), credits);
        Assert.Contains(expected, u => u.TotalsByCli is not null);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].TotalsByCli is { } c)
            {
                using var json = JsonDocument.Parse(cli[i]!);
                Assert.Equal(c.SessionCount, json.RootElement.GetProperty("session_count").GetInt64());
                Assert.Equal(c.RequestCount, json.RootElement.GetProperty("request_count").GetInt64());
            }
            else
            {
                Assert.Null(cli[i]);
            }
        }
    }

    [Fact]
    public async Task Breakdown_rows_are_child_tables_keyed_by_user()
    {
        var expected = lake.Data.Users[Day].SelectMany(u => u.TotalsByLanguageFeature.Select(r => (u.UserId, r.Language, r.Feature, r.LocAddedSum))).ToList();
        await using var reader = await ParquetReader.CreateAsync(lake.Lake.PartitionFile("users_by_language_feature", LakeData.Org, Day));
        var actual = (await ReadAsync<long>(reader, "user_id"))
            .Zip(await ReadTextAsync(reader, "language"), await ReadTextAsync(reader, "feature"))
            .Zip(await ReadAsync<long>(reader, "loc_added_sum"), (a, b) => (a.First, a.Second!, a.Third!, b)).ToList();
        Assert.True(expected.Count > lake.Data.Users[Day].Count, "several language rows per user");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_layout_is_partitioned_by_dataset_scope_and_day_and_leaves_no_temporary_files()
    {
        Assert.True(File.Exists(Path.Combine(lake.Lake.Root, "dataset=users", "scope=organization_octo-org", "day=2026-06-03", "part-0.parquet")));
        Assert.True(File.Exists(Path.Combine(lake.Lake.Root, "dataset=user_teams", "scope=enterprise_acme", "day=2026-06-01", "part-0.parquet")));
        Assert.True(File.Exists(Path.Combine(lake.Lake.Root, "dataset=aggregate_days_by_feature", "scope=organization_octo-org", "day=2026-07-03", "part-0.parquet")));
        // The enterprise has 3 days: the other days of the range have no partition.
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(lake.Lake.Root, "dataset=users", "scope=enterprise_acme")).Length);
        Assert.Empty(Directory.GetFiles(lake.Lake.Root, "*.tmp", SearchOption.AllDirectories));
        var rows = lake.Lake.Run("SELECT count(*) FROM users WHERE scope = 'organization_octo-org'");
        Assert.Equal((long)lake.Data.UsersIn(LakeData.Stored).Count(), Convert.ToInt64(rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_documented_columns_are_the_writers_columns()
    {
        var docs = Lake.Docs;
        var start = docs.IndexOf("<!-- tables:begin -->\n", StringComparison.Ordinal) + "<!-- tables:begin -->\n".Length;
        var end = docs.IndexOf("<!-- tables:end -->", StringComparison.Ordinal);
        var generated = LakeDocs.Markdown();
        if (Environment.GetEnvironmentVariable("UPDATE_PARQUET_DOCS") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(RepositoryFiles.Root, "docs", "parquet.md"), docs[..start] + generated + docs[end..]);
        }

        Assert.Equal(generated, docs[start..end]);
        // And the files carry exactly those columns, in that order.
        await using var reader = await ParquetReader.CreateAsync(lake.Lake.PartitionFile("users", LakeData.Org, Day));
        Assert.Equal(LakeTables.Users.Describe().Select(c => c.Name), reader.Schema.GetDataFields().Select(f => f.Name));
    }

    [Fact]
    public async Task Unknown_properties_are_kept_in_one_json_column()
    {
        using var local = new Lake();
        var store = new InMemoryMetricsStore();
        var record = ReportJson.Deserialize<UserDayRecord>("""
            {"day":"2026-06-03","user_id":42,"user_login":"octocat","code_generation_activity_count":5,"future_count":7,"future_object":{"a":[1,2]},
             "totals_by_feature":[{"feature":"chat_panel_ask_mode","code_generation_activity_count":5,"feature_flag":"x"}]}
            """u8);
        await store.ReplaceUserDayAsync(LakeData.Org, Day, new[] { record }.ToAsyncEnumerable());
        await local.Exporter().ExportDayAsync(store, LakeData.Org, SyncDataset.Users, Day);

        var users = local.Run("SELECT additional_properties FROM users");
        using (var json = JsonDocument.Parse((string)users.Single()[0]!))
        {
            Assert.Equal(7, json.RootElement.GetProperty("future_count").GetInt32());
            Assert.Equal(2, json.RootElement.GetProperty("future_object").GetProperty("a")[1].GetInt32());
        }

        var features = local.Run("SELECT user_id, feature, code_generation_activity_count, additional_properties FROM users_by_feature");
        Assert.Equal(42L, features.Single()[0]);
        Assert.Equal("chat_panel_ask_mode", features.Single()[1]);
        Assert.Equal(5L, features.Single()[2]);
        Assert.Equal("""{"feature_flag":"x"}""", features.Single()[3]);
    }

    [Fact]
    public async Task Exporting_again_is_idempotent_and_a_day_the_store_lost_is_removed()
    {
        using var local = new Lake();
        var data = lake.Data;
        var range = new DateRange(Day, Day.AddDays(1));
        var exporter = local.Exporter();
        await exporter.ExportAsync(data.Store, LakeData.Org, range);
        var first = Hashes(local.Root);
        var again = await exporter.ExportAsync(data.Store, LakeData.Org, range);
        Assert.Equal(first, Hashes(local.Root));
        Assert.Equal(0, again.Removed);

        // The second day is gone from a store: exporting the range from it removes the day's partitions.
        var store = new InMemoryMetricsStore();
        await store.ReplaceUserDayAsync(LakeData.Org, Day, data.Users[Day].ToAsyncEnumerable());
        var result = await exporter.ExportAsync(store, LakeData.Org, range);
        Assert.False(Directory.Exists(Path.Combine(local.Root, "dataset=users", "scope=organization_octo-org", "day=2026-06-04")));
        Assert.True(File.Exists(local.PartitionFile("users", LakeData.Org, Day)));
        Assert.False(File.Exists(local.PartitionFile("user_teams", LakeData.Org, Day)));
        Assert.True(result.Removed > 0);
    }

    [Fact]
    public async Task A_reader_sees_the_old_day_or_the_new_day_while_the_day_is_replaced()
    {
        using var local = new Lake();
        var rows = lake.Data.Users[Day];
        var small = new InMemoryMetricsStore();
        var large = new InMemoryMetricsStore();
        await small.ReplaceUserDayAsync(LakeData.Org, Day, rows.Take(10).ToAsyncEnumerable());
        await large.ReplaceUserDayAsync(LakeData.Org, Day, rows.ToAsyncEnumerable());
        var exporter = local.Exporter(rowGroupSize: 7);
        await exporter.ExportDayAsync(small, LakeData.Org, SyncDataset.Users, Day);
        var path = local.PartitionFile("users", LakeData.Org, Day);

        // Two readers while the day is replaced back and forth: Parquet.Net, which opens the file once, and DuckDB, which
        // lists the folder and opens the files afterwards (a query that overlaps a replacement may fail, and is rerun;
        // none may answer with part of a day).
        using var stop = new CancellationTokenSource();
        var counts = new System.Collections.Concurrent.ConcurrentBag<long>();
        var parquetReads = 0;
        var duckDbReads = 0;
        var duckDbErrors = 0;
        var parquetReader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var file = File.OpenRead(path);
                await using var reader = await ParquetReader.CreateAsync(file);
                counts.Add((await ReadAsync<long>(reader, "user_id")).Distinct().Count());
                parquetReads++;
            }
        });
        var duckDbReader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var row = local.Run("SELECT count(*), count(DISTINCT user_id) FROM users")[0];
                    counts.Add(Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
                    counts.Add(Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture));
                    duckDbReads++;
                }
                catch (DuckDB.NET.Data.DuckDBException)
                {
                    duckDbErrors++;
                }
            }
        });

        for (var i = 0; i < 40 || parquetReads < 20 || duckDbReads < 10; i++)
        {
            await exporter.ExportDayAsync(i % 2 == 0 ? large : small, LakeData.Org, SyncDataset.Users, Day);
            Assert.False(parquetReader.IsFaulted, parquetReader.Exception?.ToString());
            Assert.False(duckDbReader.IsFaulted, duckDbReader.Exception?.ToString());
        }

        await stop.CancelAsync();
        await Task.WhenAll(parquetReader, duckDbReader);
        Assert.Subset(new HashSet<long> { 10, rows.Count }, counts.ToHashSet());
        Assert.Contains(10L, counts);
        Assert.Contains((long)rows.Count, counts);
        Assert.True(duckDbErrors < duckDbReads * 5, $"{duckDbErrors} DuckDB queries failed, {duckDbReads} answered");
        Assert.Empty(Directory.GetFiles(local.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Files_of_two_schema_versions_are_read_side_by_side()
    {
        // Version 1 of the users table without ai_credits_used (as before GitHub added it); version 2 with it.
        using var local = new Lake();
        var v1 = LakeTables.Users.Without(1, "ai_credits_used");
        var v2 = new ParquetTable<UserDayRecord>("users", 2, LakeTables.Users.Description, LakeTables.Users.Columns);
        var before = new DateOnly(2026, 6, 18);
        var after = new DateOnly(2026, 6, 22);
        await WriteAsync(v1, local.Root, before, lake.Data.Users[before]);
        await WriteAsync(v2, local.Root, after, lake.Data.Users[after]);

        var rows = local.Run("SELECT day, user_id, ai_credits_used, code_generation_activity_count FROM users ORDER BY day, user_id");
        Assert.Equal(lake.Data.Users[before].Count + lake.Data.Users[after].Count, rows.Count);
        Assert.All(rows.Where(r => (DateOnly)r[0]! == before), r => Assert.Null(r[2]));
        Assert.Equal(lake.Data.Users[after].Select(u => u.AiCreditsUsed), rows.Where(r => (DateOnly)r[0]! == after).Select(r => (double?)r[2]));
        Assert.Contains(lake.Data.Users[after], u => u.AiCreditsUsed is not null);
        Assert.Equal(lake.Data.Users[before].Concat(lake.Data.Users[after]).Select(u => u.CodeGenerationActivityCount), rows.Select(r => (long)r[3]!));

        // Each file says which version it is; Parquet.Net reads the old file with the new schema's column absent.
        await using var old = await ParquetReader.CreateAsync(local.PartitionFile("users", LakeData.Org, before));
        Assert.Equal("1", old.CustomMetadata[ParquetTable<object>.VersionKey]);
        using var group = old.OpenRowGroupReader(0);
        Assert.False(group.ColumnExists(new DataField<double?>("ai_credits_used")));
    }

    private static async Task WriteAsync(ParquetTable<UserDayRecord> table, string root, DateOnly day, IEnumerable<UserDayRecord> rows)
    {
        var writer = new PartitionWriter<UserDayRecord>(table, root, LakeData.Org, day, 100);
        await using (writer)
        {
            foreach (var row in rows)
            {
                await writer.AddAsync(row, CancellationToken.None);
            }

            await writer.CommitAsync(CancellationToken.None);
        }
    }

    private static Dictionary<string, string> Hashes(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static async Task<List<T>> ReadAsync<T>(ParquetReader reader, string name)
        where T : struct
    {
        var field = (DataField)reader.Schema.GetDataFields().Single(f => f.Name == name);
        var values = new List<T>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var buffer = new T[group.RowCount];
            await group.ReadAsync<T>(field, buffer.AsMemory(), null, CancellationToken.None);
            values.AddRange(buffer);
        }

        return values;
    }

    private static async Task<List<T?>> ReadNullableAsync<T>(ParquetReader reader, string name)
        where T : struct
    {
        var field = (DataField)reader.Schema.GetDataFields().Single(f => f.Name == name);
        var values = new List<T?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var buffer = new T?[group.RowCount];
            await group.ReadAsync<T>(field, buffer.AsMemory(), null, CancellationToken.None);
            values.AddRange(buffer);
        }

        return values;
    }

    private static async Task<List<string?>> ReadTextAsync(ParquetReader reader, string name)
    {
        var field = (DataField)reader.Schema.GetDataFields().Single(f => f.Name == name);
        var values = new List<string?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var buffer = new string?[group.RowCount];
            await group.ReadAsync(field, buffer.AsMemory()!, null, CancellationToken.None);
            values.AddRange(buffer);
        }

        return values;
    }
}
