using System.Globalization;
using System.Text;
using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Console.Commands;
using CopilotMetrics.Samples.Console.Export;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Storage;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Samples.Console.Tests;

public sealed class CommandTests : IDisposable
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    private static readonly DateOnly Yesterday = TestClock.Yesterday;

    public CommandTests()
    {
        TestClock.Reset();
        TestEnvironment.Set(); // an empty environment: the machine's GITHUB_TOKEN or DATABASE_URL must not leak in
    }

    public void Dispose() => CliHooks.Reset();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sync_stores_data_and_exits_0()
    {
        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--store", "memory", "--scope", "org:octo-org", "--days", "3");

        Assert.True(exit == 0, output + error);
        Assert.Contains("Sync complete", output);
        Assert.Contains(Org, await CliHooks.MemoryStore.GetScopesAsync());
        var stored = CliHooks.Simulator.LastAvailableDay;
        Assert.NotEmpty(await CliHooks.MemoryStore.GetUserDayAsync(Org, stored).ToListAsync());
        Assert.Contains("in-memory store is gone when this process ends", output);
    }

    [Fact]
    public async Task Sync_with_a_failing_day_exits_1_and_names_the_day_and_the_reason()
    {
        var simulator = GitHubSimulator.CreateDefault(CliHooks.Time);
        var bad = simulator.LastAvailableDay.AddDays(-1);
        simulator.Faults.Add(new SimulatorFault { Kind = FaultKind.MalformedLine, Scope = Org, Report = ReportType.Users1Day, Day = bad, Line = 2 });
        CliHooks.Simulator = simulator;

        var (exit, output, _) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "4");

        Assert.Equal(ExitCodes.DaysFailed, exit);
        var row = output.Split('\n').Single(l => l.Contains(Day(bad), StringComparison.Ordinal) && l.Contains("Users", StringComparison.Ordinal));
        Assert.Contains("org:octo-org", row);
        Assert.Contains("line 2", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("1 report-day(s) failed", output);

        // status lists the failed day with its reason too.
        var status = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "4");
        Assert.Equal(0, status.Exit);
        Assert.Contains("failed report-days", status.Out);
        Assert.Contains(status.Out.Split('\n'), l => l.Contains(Day(bad), StringComparison.Ordinal) && l.Contains("line 2", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Status_names_a_property_no_record_models_with_the_day_it_was_first_seen()
    {
        var simulator = GitHubSimulator.CreateDefault(CliHooks.Time);
        var drifted = simulator.LastAvailableDay.AddDays(-1);
        simulator.Faults.Add(new SimulatorFault { Kind = FaultKind.ExtraProperty, Scope = Org, Report = ReportType.Users1Day, Day = drifted, ExtraProperties = ["totals_by_x", "totals_by_ide[].new_field"] });
        CliHooks.Simulator = simulator;

        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "4");
        Assert.True(sync.Exit == 0, sync.Out + sync.Err);

        var (exit, output, _) = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "4");

        Assert.Equal(0, exit);
        Assert.Contains("Drift", output, StringComparison.Ordinal);
        Assert.Contains($"`totals_by_x`: first seen {Day(drifted)} in users-1-day, kept losslessly, not typed", output, StringComparison.Ordinal);
        Assert.Contains($"`totals_by_ide[].new_field`: first seen {Day(drifted)} in users-1-day, kept losslessly, not typed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_without_new_properties_shows_no_drift()
    {
        Assert.Equal(0, (await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3")).Exit);

        var (exit, output, _) = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "3");

        Assert.Equal(0, exit);
        Assert.Contains("Drift: none", output, StringComparison.Ordinal);
        Assert.DoesNotContain("first seen", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_the_gaps_as_day_ranges()
    {
        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3");
        Assert.Equal(0, sync.Exit);

        var (exit, output, _) = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "10");

        Assert.Equal(0, exit);
        var gap = $"{Day(Yesterday.AddDays(-9))}..{Day(Yesterday.AddDays(-3))}";
        Assert.Equal(5, output.Split('\n').Count(l => l.Contains(gap, StringComparison.Ordinal))); // aggregate, users, user-teams, repositories, AI credits
        Assert.Contains("35 report-day(s) without data", output);
        Assert.Contains("latest snapshot", output);
    }

    [Fact]
    public async Task Query_users_prints_the_top_user_of_the_store()
    {
        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "5", "--store", "memory");
        Assert.Equal(0, sync.Exit);
        var range = DateRange.Ending(Yesterday, 28);
        var top = (await CliHooks.MemoryStore.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Limit = 1 })).Items.Single();

        var (exit, output, error) = await CliRun.RunAsync("query", "users", "--simulator", "--scope", "org:octo-org", "--limit", "3", "--store", "memory");

        Assert.True(exit == 0, output + error);
        var firstRow = output.Split('\n').First(l => l.Contains("user", StringComparison.Ordinal) && l.Contains('│') && !l.Contains("User ", StringComparison.Ordinal));
        Assert.Contains(top.Login, firstRow);
        Assert.Contains(top.Activity.UserInitiatedInteractions.ToString("N0", CultureInfo.InvariantCulture), firstRow);
    }

    [Fact]
    public async Task Query_with_the_memory_store_syncs_the_range_first()
    {
        var (exit, output, error) = await CliRun.RunAsync("query", "series", "--simulator", "--scope", "org:octo-org", "--since", Day(Yesterday.AddDays(-3)), "--store", "memory");

        Assert.True(exit == 0, output + error);
        Assert.Contains("syncing", error);
        Assert.Contains(Day(Yesterday.AddDays(-2)), output);
    }

    [Fact]
    public async Task Export_csv_streams_a_header_and_one_quoted_line_per_row()
    {
        var scope = MetricsScope.Organization("test-org");
        var day = new DateOnly(2026, 3, 2);
        UserDayRecord[] users =
        [
            new() { Day = day, UserId = 1, UserLogin = "doe, jane", OrganizationId = "7", CodeGenerationActivityCount = 10, CodeAcceptanceActivityCount = 4 },
            new() { Day = day, UserId = 2, UserLogin = "say \"hi\"", OrganizationId = "7", UserInitiatedInteractionCount = 3 },
            new() { Day = day, UserId = 3, UserLogin = "plain", OrganizationId = "7" },
        ];
        await CliHooks.MemoryStore.ReplaceUserDayAsync(scope, day, users.ToAsyncEnumerable());
        var file = Path.Combine(Path.GetTempPath(), $"cm-export-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, output, error) = await CliRun.RunAsync("export", "--format", "csv", "--dataset", "users", "--simulator", "--store", "memory",
                "--scope", "org:test-org", "--since", Day(day), "--until", Day(day), "--output", file);

            Assert.True(exit == 0, output + error);
            var text = await File.ReadAllTextAsync(file);
            var lines = text.Split("\r\n");
            Assert.Equal(5, lines.Length); // header, three rows, and the empty string after the last CRLF
            Assert.Equal("", lines[^1]);
            Assert.StartsWith("day,scope,user_id,user_login,user_initiated_interaction_count,code_generation_activity_count,", lines[0]);
            Assert.Equal("2026-03-02,org:test-org,1,\"doe, jane\",0,10,4,0,0,0,0,false,false,false,", lines[1]);
            Assert.StartsWith("2026-03-02,org:test-org,2,\"say \"\"hi\"\"\",3,", lines[2]);
            Assert.StartsWith("2026-03-02,org:test-org,3,plain,", lines[3]);
            Assert.Contains("Exported 3 users row(s)", error);
            Assert.Equal("", output); // messages go to standard error
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Export_parquet_writes_the_lake_layout_and_sync_keeps_a_lake_in_step()
    {
        var scope = MetricsScope.Organization("lake-org");
        var day = new DateOnly(2026, 3, 4);
        UserDayRecord[] users =
        [
            new() { Day = day, UserId = 1, UserLogin = "ann", OrganizationId = "7", CodeGenerationActivityCount = 10 },
            new() { Day = day, UserId = 2, UserLogin = "bob", OrganizationId = "7", CodeGenerationActivityCount = 3 },
        ];
        await CliHooks.MemoryStore.ReplaceUserDayAsync(scope, day, users.ToAsyncEnumerable());
        var lake = Path.Combine(Path.GetTempPath(), $"cm-lake-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = await CliRun.RunAsync("export", "--format", "parquet", "--simulator", "--store", "memory",
                "--scope", "org:lake-org", "--since", Day(day), "--until", Day(day), "--output", lake);

            Assert.True(exit == 0, output + error);
            var file = Path.Combine(lake, "dataset=users", "scope=organization_lake-org", "day=2026-03-04", "part-0.parquet");
            await using (var reader = await Parquet.ParquetReader.CreateAsync(file))
            {
                var field = reader.Schema.GetDataFields().Single(f => f.Name == "user_login");
                using var group = reader.OpenRowGroupReader(0);
                var logins = new string?[group.RowCount];
                await group.ReadAsync(field, logins.AsMemory()!, null, CancellationToken.None);
                Assert.Equal(new string?[] { "ann", "bob" }, logins);
            }

            Assert.Contains("Exported 2 row(s)", error);

            // sync --lake: each day the sync stores lands in the lake.
            var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3", "--lake", lake);
            Assert.True(sync.Exit == 0, sync.Out + sync.Err);
            var synced = Directory.GetDirectories(Path.Combine(lake, "dataset=users", "scope=organization_octo-org")).Select(Path.GetFileName).Order().ToList();
            var last = CliHooks.Simulator.LastAvailableDay;
            Assert.Contains($"day={Day(last)}", synced);
            Assert.True(File.Exists(Path.Combine(lake, "dataset=user_teams", "scope=organization_octo-org", $"day={Day(last)}", "part-0.parquet")));
        }
        finally
        {
            if (Directory.Exists(lake))
            {
                Directory.Delete(lake, recursive: true);
            }
        }

        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync("export", "--format", "parquet", "--simulator")).Exit);
    }

    [Fact]
    public async Task Query_users_shows_a_dash_for_credits_that_no_row_reported()
    {
        var scope = MetricsScope.Organization("credits-org");
        var day = new DateOnly(2026, 3, 3);
        UserDayRecord[] users =
        [
            new() { Day = day, UserId = 1, UserLogin = "with-credits", OrganizationId = "7", UserInitiatedInteractionCount = 9, AiCreditsUsed = 12.5 },
            new() { Day = day, UserId = 2, UserLogin = "no-credits", OrganizationId = "7", UserInitiatedInteractionCount = 5 },
            new() { Day = day, UserId = 3, UserLogin = "zero-credits", OrganizationId = "7", UserInitiatedInteractionCount = 1, AiCreditsUsed = 0 },
        ];
        await CliHooks.MemoryStore.ReplaceUserDayAsync(scope, day, users.ToAsyncEnumerable());

        var (exit, output, error) = await CliRun.RunAsync("query", "users", "--simulator", "--store", "memory", "--scope", "org:credits-org", "--since", Day(day), "--until", Day(day));

        Assert.True(exit == 0, output + error);
        string LastCell(string login) =>
            output.Split('\n').Single(l => l.Contains(login, StringComparison.Ordinal)).Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(c => c.Length > 0);
        Assert.Equal("12.5", LastCell("with-credits"));
        Assert.Equal("–", LastCell("no-credits"));
        Assert.Equal("0.0", LastCell("zero-credits"));
    }

    [Fact]
    public async Task Export_json_to_standard_output_writes_one_record_per_line()
    {
        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3", "--store", "memory");
        Assert.Equal(0, sync.Exit);
        var captured = new MemoryStream();
        CliHooks.OpenStandardOutput = () => captured;
        var last = CliHooks.Simulator.LastAvailableDay;

        var (exit, _, error) = await CliRun.RunAsync("export", "--format", "json", "--dataset", "users", "--simulator", "--scope", "org:octo-org", "--since", Day(last), "--until", Day(last), "--store", "memory");

        Assert.True(exit == 0, error);
        var lines = Encoding.UTF8.GetString(captured.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = await CliHooks.MemoryStore.GetUserDayAsync(Org, last).ToListAsync();
        Assert.Equal(expected.Count, lines.Length);
        Assert.Equal(expected[0].UserLogin, ReportJson.Deserialize<UserDayRecord>(Encoding.UTF8.GetBytes(lines[0])).UserLogin);
    }

    [Fact]
    public async Task A_missing_token_exits_2_and_says_to_set_GITHUB_TOKEN()
    {
        var (exit, output, error) = await CliRun.RunAsync("sync", "--scope", "org:octo-org");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("GITHUB_TOKEN", error);
        Assert.Contains("--simulator", error);
        Assert.DoesNotContain("Sync", output);
    }

    [Fact]
    public async Task Tokens_and_passwords_are_never_printed()
    {
        const string secret = "fake-TopSecretToken0123456789";
        const string password = "Pa55wordNeverShown";
        TestEnvironment.Set(("GITHUB_TOKEN", secret), ("MY_OTHER_TOKEN", secret));

        // Bad configuration with --verbose: a token is set, the connection string is not.
        var noDatabase = await CliRun.RunAsync("sync", "--scope", "org:octo-org", "--store", "postgres", "--verbose");
        Assert.Equal(ExitCodes.Usage, noDatabase.Exit);
        Assert.Contains("connection string", noDatabase.Err);

        // An invalid connection string holding a password.
        var badDatabase = await CliRun.RunAsync("status", "--connection-string", $"Host=x;Password={password};Bogus Key=1", "--verbose");
        Assert.Equal(ExitCodes.Usage, badDatabase.Exit);

        // --token-env naming a variable that is not set.
        var missingVariable = await CliRun.RunAsync("sync", "--scope", "org:octo-org", "--token-env", "CM_TEST_UNSET_VARIABLE");
        Assert.Equal(ExitCodes.Usage, missingVariable.Exit);
        Assert.Contains("CM_TEST_UNSET_VARIABLE", missingVariable.Err);

        // A full verbose run with a token in the environment (the simulator never receives it).
        var verbose = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2", "--token-env", "MY_OTHER_TOKEN", "--verbose");
        Assert.Equal(0, verbose.Exit);
        Assert.Contains("scopes: org:octo-org", verbose.Err);

        foreach (var run in new[] { noDatabase, badDatabase, missingVariable, verbose })
        {
            Assert.DoesNotContain(secret, run.Out + run.Err);
            Assert.DoesNotContain(password, run.Out + run.Err);
        }

        Assert.Equal(0, CliHooks.Simulator.TokenLeaks);
    }

    [Fact]
    public async Task Bad_options_exit_2()
    {
        var backfill = await CliRun.RunAsync("backfill", "--days", "400", "--simulator");
        Assert.Equal(ExitCodes.Usage, backfill.Exit);
        Assert.Contains("--days (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365; GitHub keeps a year of reports (got '400').", backfill.Err);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync("sync", "--simulator", "--scope", "nope")).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync("query", "users", "--since", "2026-13-01", "--simulator")).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync("export", "--format", "xml", "--simulator")).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync("status", "--store", "mysql")).Exit);
    }

    [Fact]
    public async Task Demo_exits_0_with_the_summary_tables()
    {
        var (exit, output, error) = await CliRun.RunAsync("demo");

        Assert.True(exit == 0, output + error);
        Assert.Contains("sync result", output);
        Assert.Contains("the last 14 days", output);
        Assert.Contains("top languages", output);
        Assert.Contains("top users", output);
        Assert.Contains("no report yet (204)", output);
        Assert.Contains("enterprise:octo-ent", output);

        // The demo stays in memory: the Quick start leaves no file behind.
        Assert.False(Directory.Exists(Path.Combine(TestDataHome.Current, "copilot-metrics")));
    }
}

public sealed class PartsTests
{
    [Fact]
    public void Csv_quotes_commas_quotes_line_breaks_and_outer_spaces()
    {
        var text = new StringWriter();
        var csv = new CsvWriter(text);
        csv.Row("a", "b,c", "say \"hi\"", "two\nlines", " padded", "");
        csv.Field(1234567L);
        csv.Field(0.25);
        csv.Field((double?)null);
        csv.Field(true);
        csv.EndRow();

        Assert.Equal("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\r\n1234567,0.25,,true\r\n", text.ToString());
        Assert.Equal(2, csv.Rows);
    }

    [Fact]
    public void Gaps_are_compacted_into_ranges()
    {
        var d = new DateOnly(2026, 1, 1);
        Assert.Equal("2026-01-01..2026-01-03, 2026-01-05, 2026-01-07..2026-01-08",
            StatusCommand.Compact([d, d.AddDays(1), d.AddDays(2), d.AddDays(4), d.AddDays(6), d.AddDays(7)]));
        Assert.Equal("", StatusCommand.Compact([]));
    }
}
