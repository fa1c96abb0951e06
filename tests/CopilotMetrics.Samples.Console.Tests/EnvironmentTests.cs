using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>
/// The web sample's variables in the CLI: SYNC_BACKFILL_DAYS, SYNC_RETENTION_DAYS, SYNC_SCHEDULE, DATABASE_SCHEMA,
/// DATABASE_POOL_MIN/MAX — the same table maps them onto the same keys, and the library's validators judge them; the
/// messages name the variable (or flag) and the key. Flags beat the environment, the environment beats
/// appsettings.json (whose keys, CopilotMetrics:Sync:…, the environment's CopilotMetrics__Sync__… stand in for here).
/// </summary>
public sealed class EnvironmentTests : IDisposable
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    private static readonly DateOnly Yesterday = TestClock.Yesterday;

    /// <summary>A PostgreSQL store that is never reached: the configuration is judged before anything connects (a bad check would exit 4, not 2).</summary>
    private static readonly (string, string?) UnreachableDatabase = ("DATABASE_URL", "Host=db.invalid;Database=metrics");

    public EnvironmentTests() => TestClock.Reset();

    public void Dispose() => CliHooks.Reset();

    [Fact]
    public async Task SYNC_BACKFILL_DAYS_sets_the_sync_window()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "5"));

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--store", "memory");

        Assert.True(exit == 0, output + error);
        Assert.Contains("the last 5 day(s) (SYNC_BACKFILL_DAYS)", output);
        var days = (await CliHooks.MemoryStore.GetSyncStatusesAsync(Org, DateRange.Ending(Yesterday, 30))).Select(s => s.Key.Day).Distinct().ToList();
        Assert.Equal(Yesterday.AddDays(-4), days.Min());
        Assert.Equal(Yesterday, days.Max());
    }

    [Fact]
    public async Task Status_checks_the_SYNC_BACKFILL_DAYS_window()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "10"));

        var (exit, output, error) = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org");

        Assert.True(exit == 0, output + error);
        Assert.Contains($"sync status, {DateRange.Ending(Yesterday, 10)}", output);
    }

    [Fact]
    public async Task The_days_flag_beats_SYNC_BACKFILL_DAYS()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "10"));

        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2");
        var status = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "3");
        var backfill = await CliRun.RunAsync("backfill", "--days", "4", "--simulator", "--scope", "org:octo-org");

        Assert.True(sync.Exit == 0, sync.Out + sync.Err);
        Assert.Contains("the last 2 day(s) (--days)", sync.Out);
        Assert.Contains($"sync status, {DateRange.Ending(Yesterday, 3)}", status.Out);
        Assert.Contains("the last 4 day(s) (--days)", backfill.Out);
    }

    [Fact]
    public async Task Concurrency_comes_from_the_flag_else_configuration_else_the_library()
    {
        TestEnvironment.Set();
        var byDefault = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2");
        Assert.True(byDefault.Exit == 0, byDefault.Out + byDefault.Err);
        Assert.Contains("4 report-day(s) at once", byDefault.Out);

        CliHooks.Reset();
        TestEnvironment.Set(("CopilotMetrics__Sync__MaxConcurrency", "2"));
        var configured = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2");
        Assert.True(configured.Exit == 0, configured.Out + configured.Err);
        Assert.Contains("2 report-day(s) at once", configured.Out);

        CliHooks.Reset();
        TestEnvironment.Set(("CopilotMetrics__Sync__MaxConcurrency", "2"));
        var flag = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2", "--concurrency", "7");
        Assert.True(flag.Exit == 0, flag.Out + flag.Err);
        Assert.Contains("7 report-day(s) at once", flag.Out);
    }

    [Fact]
    public async Task SYNC_BACKFILL_DAYS_beats_the_configured_BackfillDays()
    {
        TestEnvironment.Set(("CopilotMetrics__Sync__BackfillDays", "9"));
        var configured = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org");
        Assert.True(configured.Exit == 0, configured.Out + configured.Err);
        Assert.Contains("the last 9 day(s) (CopilotMetrics:Sync:BackfillDays)", configured.Out);

        CliHooks.Reset();
        TestEnvironment.Set(("CopilotMetrics__Sync__BackfillDays", "9"), ("SYNC_BACKFILL_DAYS", "4"));
        var environment = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org");
        Assert.True(environment.Exit == 0, environment.Out + environment.Err);
        Assert.Contains("the last 4 day(s) (SYNC_BACKFILL_DAYS)", environment.Out);
    }

    [Fact]
    public async Task SYNC_RETENTION_DAYS_deletes_older_data_after_the_sync()
    {
        var old = Yesterday.AddDays(-60);
        await CliHooks.MemoryStore.ReplaceUserDayAsync(Org, old, new[] { new UserDayRecord { Day = old, UserId = 1, UserLogin = "old", OrganizationId = "7" } }.ToAsyncEnumerable());
        Assert.Single(await CliHooks.MemoryStore.GetUserDayAsync(Org, old).ToListAsync());
        TestEnvironment.Set(("SYNC_RETENTION_DAYS", "30"));

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3", "--store", "memory");

        Assert.True(exit == 0, output + error);
        Assert.Contains("data older than 30 days (SYNC_RETENTION_DAYS) is deleted", output);
        Assert.Empty(await CliHooks.MemoryStore.GetUserDayAsync(Org, old).ToListAsync());
        Assert.NotEmpty(await CliHooks.MemoryStore.GetUserDayAsync(Org, CliHooks.Simulator.LastAvailableDay).ToListAsync());
    }

    [Fact]
    public async Task Without_a_retention_older_data_is_kept()
    {
        var old = Yesterday.AddDays(-60);
        await CliHooks.MemoryStore.ReplaceUserDayAsync(Org, old, new[] { new UserDayRecord { Day = old, UserId = 1, UserLogin = "old", OrganizationId = "7" } }.ToAsyncEnumerable());
        TestEnvironment.Set();

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3");

        Assert.True(exit == 0, output + error);
        Assert.DoesNotContain("Retention", output);
        Assert.Single(await CliHooks.MemoryStore.GetUserDayAsync(Org, old).ToListAsync());
    }

    [Fact]
    public async Task A_retention_shorter_than_the_window_is_a_configuration_error()
    {
        TestEnvironment.Set(("SYNC_RETENTION_DAYS", "5"));

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "10");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: SYNC_RETENTION_DAYS (CopilotMetrics:Sync:RetentionDays) must be 0 (keep everything) or at least BackfillDays (10) (got 5); BackfillDays from --days.", error);
        Assert.DoesNotContain("Syncing", output);
    }

    // The messages are the library validators' (SyncOptions, PostgresStoreOptions, PostgresConnectionString) with the
    // variable that fed the key; "a week" and "ten" do not parse and are stopped by the mapping. The library's ranges
    // are the ones that hold: retention up to 36500 days, pool sizes without an upper bound (see the next test).
    [Theory]
    [InlineData("SYNC_BACKFILL_DAYS", "0", "SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365; GitHub keeps a year of reports (got '0').")]
    [InlineData("SYNC_BACKFILL_DAYS", "366", "SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365; GitHub keeps a year of reports (got '366').")]
    [InlineData("SYNC_BACKFILL_DAYS", "a week", "SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be a whole number (got 'a week').")]
    [InlineData("SYNC_RETENTION_DAYS", "-1", "SYNC_RETENTION_DAYS (CopilotMetrics:Sync:RetentionDays) must be between 0 and 36500 (got '-1').")]
    [InlineData("SYNC_RETENTION_DAYS", "36501", "SYNC_RETENTION_DAYS (CopilotMetrics:Sync:RetentionDays) must be between 0 and 36500 (got '36501').")]
    [InlineData("SYNC_SCHEDULE", "every morning", "SYNC_SCHEDULE (CopilotMetrics:Sync:Schedule) 'every morning' is not a five-field cron expression such as '0 6 * * *'.")]
    [InlineData("DATABASE_SCHEMA", "Bad-Schema", "DATABASE_SCHEMA (CopilotMetrics:Postgres:Schema) 'Bad-Schema' is not a valid schema name: use 1-63 lower-case letters")]
    [InlineData("DATABASE_POOL_MIN", "-1", "DATABASE_POOL_MIN (CopilotMetrics:Postgres:MinPoolSize): The minimum pool size must not be negative (got '-1').")]
    [InlineData("DATABASE_POOL_MAX", "0", "DATABASE_POOL_MAX (CopilotMetrics:Postgres:MaxPoolSize): The maximum pool size must be at least 1 (got '0').")]
    [InlineData("DATABASE_POOL_MAX", "ten", "DATABASE_POOL_MAX (CopilotMetrics:Postgres:MaxPoolSize) must be a whole number (got 'ten').")]
    public async Task A_bad_value_exits_2_with_the_variable_and_what_is_expected(string name, string value, string expected)
    {
        TestEnvironment.Set((name, value), UnreachableDatabase);

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"{name} ", error);
        Assert.Contains(expected, error);
        Assert.Contains(value, error);
        Assert.DoesNotContain("Syncing", output);
    }

    [Fact]
    public async Task Pool_sizes_are_the_librarys_to_judge_and_it_sets_no_upper_bound()
    {
        // The samples once capped the pool at 1000 on their own; PostgresConnectionString (and Npgsql) do not.
        TestEnvironment.Set(UnreachableDatabase, ("DATABASE_POOL_MAX", "1001"));
        var setup = CliSetup.Resolve(new StoreSettings());

        await using var services = CliServices.Build(setup, [Org], verbose: false);

        var store = services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
        Assert.Equal(1001, new NpgsqlConnectionStringBuilder(store.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public async Task Every_bad_variable_is_reported_at_once()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "0"), ("DATABASE_POOL_MIN", "20"), ("DATABASE_POOL_MAX", "10"), ("DATABASE_SCHEMA", "Bad-Schema"), ("SYNC_SCHEDULE", "daily"), UnreachableDatabase);

        var (exit, _, error) = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("invalid configuration:", error);
        Assert.Contains("SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365; GitHub keeps a year of reports (got '0').", error);
        Assert.Contains("DATABASE_POOL_MIN (CopilotMetrics:Postgres:MinPoolSize) and DATABASE_POOL_MAX (CopilotMetrics:Postgres:MaxPoolSize): The minimum pool size (20) must not exceed the maximum pool size (10).", error);
        Assert.Contains("DATABASE_SCHEMA (CopilotMetrics:Postgres:Schema) 'Bad-Schema' is not a valid schema name", error);
        Assert.Contains("SYNC_SCHEDULE (CopilotMetrics:Sync:Schedule) 'daily' is not a five-field cron expression", error);
    }

    [Theory]
    [InlineData(new[] { "sync", "--days", "0" }, "--days (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365; GitHub keeps a year of reports (got '0').")]
    [InlineData(new[] { "status", "--days", "366" }, "--days (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365; GitHub keeps a year of reports (got '366').")]
    [InlineData(new[] { "sync", "--days", "2", "--refresh-days", "5" }, "--refresh-days (CopilotMetrics:Sync:RefreshDays) must be between 0 and BackfillDays (2) (got 5); BackfillDays from --days.")]
    [InlineData(new[] { "sync", "--concurrency", "65" }, "--concurrency (CopilotMetrics:Sync:MaxConcurrency) must be between 1 and 64 (got '65').")]
    public async Task Flags_are_judged_by_the_same_validator_and_named_in_its_message(string[] command, string expected)
    {
        TestEnvironment.Set();

        var (exit, output, error) = await CliRun.RunAsync([.. command, "--simulator", "--scope", "org:octo-org"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: " + expected, error);
        Assert.DoesNotContain("Syncing", output);
    }

    [Fact]
    public async Task A_flag_that_is_not_a_number_gets_a_message_naming_the_flag()
    {
        TestEnvironment.Set();

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--days", "abc");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: --days 'abc' is not a whole number: write digits, such as --days 28.", error);
        Assert.DoesNotContain("Failed to convert", error);
        Assert.DoesNotContain("CopilotMetrics:Sync", error);
        Assert.DoesNotContain("Syncing", output);
    }

    [Fact]
    public async Task SYNC_BACKFILL_DAYS_feeds_the_librarys_key()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "12"), ("CopilotMetrics__Sync__BackfillDays", "9"));
        var setup = CliSetup.Resolve(new StoreSettings());

        Assert.Equal("12", setup.Configuration["CopilotMetrics:Sync:BackfillDays"]);
        await using var services = CliServices.Build(setup, [Org], verbose: false);
        Assert.Equal(12, services.GetRequiredService<IOptions<SyncOptions>>().Value.BackfillDays);
    }

    [Fact]
    public async Task The_environment_reaches_the_store_and_sync_options()
    {
        TestEnvironment.Set(
            ("DATABASE_URL", "postgres://app:Pa55word@db.example:6543/metrics?sslmode=require"),
            ("DATABASE_SCHEMA", "from_env"),
            ("DATABASE_POOL_MIN", "2"),
            ("DATABASE_POOL_MAX", "7"),
            ("SYNC_BACKFILL_DAYS", "40"),
            ("SYNC_RETENTION_DAYS", "400"),
            ("SYNC_SCHEDULE", "30 7 * * *"),
            ("CopilotMetrics__Postgres__SchemaMode", "Validate"));
        var setup = CliSetup.Resolve(new StoreSettings());

        await using var services = CliServices.Build(setup, [Org], verbose: false);

        Assert.Equal(StoreKind.Postgres, setup.Store);
        var store = services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
        Assert.Equal(("from_env", SchemaMode.Validate), (store.Schema, store.SchemaMode));
        var cs = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal(("db.example", 6543, "metrics", "app", "Pa55word", SslMode.Require, 2, 7), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password, cs.SslMode, cs.MinPoolSize, cs.MaxPoolSize));
        var sync = services.GetRequiredService<IOptions<SyncOptions>>().Value;
        Assert.Equal((40, 400, "30 7 * * *", 3), (sync.BackfillDays, sync.RetentionDays, sync.Schedule, sync.RefreshDays));
        Assert.DoesNotContain("Pa55word", setup.Describe());
        Assert.Contains("schema from_env [DATABASE_SCHEMA]", setup.Describe());
        Assert.Contains("schedule '30 7 * * *' UTC", setup.Describe());
    }

    [Fact]
    public async Task The_schema_flag_beats_DATABASE_SCHEMA()
    {
        TestEnvironment.Set(("DATABASE_URL", "Host=db.example;Database=metrics"), ("DATABASE_SCHEMA", "from_env"));
        var setup = CliSetup.Resolve(new StoreSettings { Schema = "from_flag" });

        await using var services = CliServices.Build(setup, [Org], verbose: false);

        Assert.Equal("from_flag", services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.Schema);
        Assert.Contains("schema from_flag [--schema]", setup.Describe());

        // A bad flag names the flag.
        var bad = Assert.Throws<CliConfigurationException>(() => CliSetup.Resolve(new StoreSettings { Schema = "No-Good" }));
        Assert.StartsWith("--schema (CopilotMetrics:Postgres:Schema) 'No-Good' is not a valid schema name", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_variables_the_library_defaults_apply()
    {
        TestEnvironment.Set();
        var setup = CliSetup.Resolve(new StoreSettings());

        await using var services = CliServices.Build(setup, [Org], verbose: false);

        var sync = services.GetRequiredService<IOptions<SyncOptions>>().Value;
        Assert.Equal((28, 0, "0 6 * * *"), (sync.BackfillDays, sync.RetentionDays, sync.Schedule));
        // Without a connection string: the SQLite file in the data folder ($XDG_DATA_HOME here: the test's own).
        Assert.Equal(StoreKind.Sqlite, setup.Store);
        Assert.Equal(Path.Combine(TestDataHome.Current, "copilot-metrics", "metrics.db"), setup.DatabasePath);
        Assert.Equal((28, "the default"), setup.SyncWindow());
    }

    [Theory]
    [InlineData("postgres://app:Sup3rSecretPw@db:notaport/metrics", "DATABASE_URL (CopilotMetrics:Postgres:ConnectionString): The value is not a well-formed PostgreSQL URL")]
    [InlineData("postgresql://app:Sup3rSecretPw@db/metrics?sslmode=Sup3rSecretPw", "DATABASE_URL (CopilotMetrics:Postgres:ConnectionString): A query parameter of the PostgreSQL URL is unknown or has an invalid value")]
    [InlineData("Host=db;Password=Sup3rSecretPw;Bogus Key=1", "DATABASE_URL (CopilotMetrics:Postgres:ConnectionString): The value is not a valid Npgsql connection string")]
    public async Task A_bad_DATABASE_URL_is_reported_without_its_password(string url, string expected)
    {
        TestEnvironment.Set(("DATABASE_URL", url));

        var (exit, output, error) = await CliRun.RunAsync("status", "--verbose");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("Sup3rSecretPw", output + error);
    }

    [Fact]
    public async Task A_pool_minimum_above_the_connection_strings_maximum_is_reported_without_the_password()
    {
        TestEnvironment.Set(("DATABASE_URL", "postgres://app:Sup3rSecretPw@db/metrics?Maximum%20Pool%20Size=5"), ("DATABASE_POOL_MIN", "6"));

        var (exit, output, error) = await CliRun.RunAsync("status", "--verbose");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("DATABASE_POOL_MIN (CopilotMetrics:Postgres:MinPoolSize) and the Maximum Pool Size of DATABASE_URL (CopilotMetrics:Postgres:ConnectionString): The minimum pool size (6) must not exceed the maximum pool size (5).", error);
        Assert.DoesNotContain("Sup3rSecretPw", output + error);
    }
}
