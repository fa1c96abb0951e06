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
/// DATABASE_POOL_MIN/MAX — same names, ranges and messages; flags beat the environment, the environment beats
/// appsettings.json (whose keys, CopilotMetrics:Sync:…, the environment's CopilotMetrics__Sync__… stand in for here).
/// </summary>
public sealed class EnvironmentTests : IDisposable
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    private static readonly DateOnly Yesterday = TestClock.Yesterday;

    public EnvironmentTests() => TestClock.Reset();

    public void Dispose() => CliHooks.Reset();

    [Fact]
    public async Task SYNC_BACKFILL_DAYS_sets_the_sync_window()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "5"));

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org");

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

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3");

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
        Assert.Contains("SYNC_RETENTION_DAYS is 5 days, shorter than the sync window of 10 days (from --days)", error);
        Assert.DoesNotContain("Syncing", output);
    }

    [Theory]
    [InlineData("SYNC_BACKFILL_DAYS", "0", "must be a whole number between 1 and 365")]
    [InlineData("SYNC_BACKFILL_DAYS", "366", "must be a whole number between 1 and 365")]
    [InlineData("SYNC_BACKFILL_DAYS", "a week", "must be a whole number between 1 and 365")]
    [InlineData("SYNC_RETENTION_DAYS", "-1", "must be a whole number between 0 and 3650")]
    [InlineData("SYNC_RETENTION_DAYS", "3651", "must be a whole number between 0 and 3650")]
    [InlineData("SYNC_SCHEDULE", "every morning", "must be a five-field cron expression")]
    [InlineData("DATABASE_SCHEMA", "Bad-Schema", "is not a schema name")]
    [InlineData("DATABASE_POOL_MIN", "-1", "must be a whole number between 0 and 1000")]
    [InlineData("DATABASE_POOL_MAX", "0", "must be a whole number between 1 and 1000")]
    [InlineData("DATABASE_POOL_MAX", "1001", "must be a whole number between 1 and 1000")]
    public async Task A_bad_value_exits_2_with_the_variable_and_what_is_expected(string name, string value, string expected)
    {
        TestEnvironment.Set((name, value));

        var (exit, output, error) = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"{name} ", error);
        Assert.Contains(expected, error);
        Assert.Contains(value, error);
        Assert.DoesNotContain("Syncing", output);
    }

    [Fact]
    public async Task Every_bad_variable_is_reported_at_once()
    {
        TestEnvironment.Set(("SYNC_BACKFILL_DAYS", "0"), ("DATABASE_POOL_MIN", "20"), ("DATABASE_POOL_MAX", "10"));

        var (exit, _, error) = await CliRun.RunAsync("status", "--simulator", "--scope", "org:octo-org");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("SYNC_BACKFILL_DAYS must be a whole number between 1 and 365 (got '0')", error);
        Assert.Contains("DATABASE_POOL_MIN (20) must not exceed DATABASE_POOL_MAX (10)", error);
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
            ("SYNC_SCHEDULE", "30 7 * * *"));
        var setup = CliSetup.Resolve(new StoreSettings());

        await using var services = CliServices.Build(setup, [Org], verbose: false);

        Assert.Equal(StoreKind.Postgres, setup.Store);
        var store = services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value;
        Assert.Equal("from_env", store.Schema);
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
        Assert.StartsWith("--schema 'No-Good' is not a schema name", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_variables_the_library_defaults_apply()
    {
        TestEnvironment.Set();
        var setup = CliSetup.Resolve(new StoreSettings());

        await using var services = CliServices.Build(setup, [Org], verbose: false);

        var sync = services.GetRequiredService<IOptions<SyncOptions>>().Value;
        Assert.Equal((28, 0, "0 6 * * *"), (sync.BackfillDays, sync.RetentionDays, sync.Schedule));
        Assert.Equal(StoreKind.Memory, setup.Store);
        Assert.Equal((28, "the default"), setup.SyncWindow(null));
    }

    [Theory]
    [InlineData("postgres://app:Sup3rSecretPw@db:notaport/metrics", "The database URL from DATABASE_URL is malformed")]
    [InlineData("postgresql://app:Sup3rSecretPw@db/metrics?sslmode=Sup3rSecretPw", "The database URL from DATABASE_URL is malformed")]
    [InlineData("Host=db;Password=Sup3rSecretPw;Bogus Key=1", "The connection string from DATABASE_URL is not valid")]
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
        Assert.Contains("DATABASE_POOL_MIN must not exceed DATABASE_POOL_MAX", error);
        Assert.DoesNotContain("Sup3rSecretPw", output + error);
    }
}
