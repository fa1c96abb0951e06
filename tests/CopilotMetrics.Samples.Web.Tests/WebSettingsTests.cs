using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CopilotMetrics.Samples.Web.Tests;

public sealed class WebSettingsTests
{
    private static WebSettings From(Dictionary<string, string?> values, bool demo = false) => From(values, out _, demo);

    /// <summary>The settings from the variables, and the configuration with the shared table's keys laid over them.</summary>
    private static WebSettings From(Dictionary<string, string?> values, out IConfiguration configuration, bool demo = false)
    {
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(values);
        configuration = manager;
        return WebSettings.From(manager, demo);
    }

    [Fact]
    public void EnvironmentVariables_MapOntoSettings()
    {
        var settings = From(new()
        {
            ["CopilotMetrics:Sync:Scopes:0"] = "org:configured",
            ["GITHUB_TOKEN"] = "ghp_secret_token",
            ["GITHUB_SCOPES"] = "org:a, enterprise:b",
            ["DATABASE_URL"] = "postgres://app:p%40ss@db.example:6543/metrics?sslmode=require",
            ["DATABASE_POOL_MIN"] = "2",
            ["DATABASE_POOL_MAX"] = "10",
            ["ENABLE_HISTORICAL_MODE"] = "true",
            ["SYNC_ENABLED"] = "false",
            ["SYNC_SCHEDULE"] = "30 5 * * *",
            ["SYNC_BACKFILL_DAYS"] = "28",
            ["SYNC_RETENTION_DAYS"] = "365",
            ["DIRECT_API_MAX_DAYS"] = "7",
            ["ADMIN_API_SECRET"] = "s3cret",
            ["PER_USER_ACCESS"] = "open",
            ["DATABASE_SCHEMA"] = "from_env",
        }, out var configuration);
        Assert.Equal([MetricsScope.Organization("a"), MetricsScope.Enterprise("b"), MetricsScope.Organization("configured")], settings.Scopes);
        var cs = new NpgsqlConnectionStringBuilder(settings.DatabaseConnectionString);
        Assert.Equal(("db.example", 6543, "metrics", "app", "p@ss", 2, 10, SslMode.Require), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password, cs.MinPoolSize, cs.MaxPoolSize, cs.SslMode));
        Assert.True(settings.HistoricalMode);
        Assert.False(settings.DirectMode);
        Assert.False(settings.SyncEnabled);
        // The shared variables stand as the library's keys, where SyncOptions, CopilotMetricsOptions and the store bind them.
        Assert.Equal(("30 5 * * *", "28", "365", 7), (configuration["CopilotMetrics:Sync:Schedule"], configuration["CopilotMetrics:Sync:BackfillDays"], configuration["CopilotMetrics:Sync:RetentionDays"], settings.DirectApiMaxDays));
        Assert.Equal(("ghp_secret_token", "from_env", "2", "10"), (configuration["CopilotMetrics:Token"], configuration["CopilotMetrics:Postgres:Schema"], configuration["CopilotMetrics:Postgres:MinPoolSize"], configuration["CopilotMetrics:Postgres:MaxPoolSize"]));
        Assert.Equal(["org:a", "enterprise:b", "org:configured"], configuration.GetSection("CopilotMetrics:Sync:Scopes").GetChildren().Select(c => c.Value));
        Assert.Equal(PerUserAccess.Open, settings.PerUserAccess);
        Assert.Equal("postgres", settings.StoreKind);

        var text = settings.ToString();
        Assert.DoesNotContain("ghp_secret_token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreDirectMode_WithoutStore()
    {
        var settings = From(new() { ["GITHUB_SCOPES"] = "org:a" });
        Assert.True(settings.DirectMode);
        Assert.False(settings.HasStore);
        Assert.Equal("none", settings.StoreKind);
        Assert.Equal(28, settings.DirectApiMaxDays);
        Assert.Equal(PerUserAccess.Admin, settings.PerUserAccess);
        Assert.Null(settings.AdminSecret);
        Assert.False(settings.SyncEnabled);
    }

    [Fact]
    public void ANpgsqlConnectionString_IsKept_WithPoolSettings()
    {
        var settings = From(new()
        {
            ["GITHUB_SCOPES"] = "org:a",
            ["DATABASE_URL"] = "Host=h;Database=d;Username=u",
            ["DATABASE_POOL_MIN"] = "1",
            ["DATABASE_POOL_MAX"] = "5",
        });
        var cs = new NpgsqlConnectionStringBuilder(settings.DatabaseConnectionString);
        Assert.Equal(("h", "d", 1, 5), (cs.Host, cs.Database, cs.MinPoolSize, cs.MaxPoolSize));
    }

    [Fact]
    public void APoolMinimumAboveTheMaximum_NamesBothVariables_WithoutTheUrl()
    {
        var e = Assert.Throws<InvalidOperationException>(() => From(new()
        {
            ["GITHUB_SCOPES"] = "org:a",
            ["DATABASE_URL"] = "postgres://app:hunter2@db/metrics",
            ["DATABASE_POOL_MIN"] = "20",
            ["DATABASE_POOL_MAX"] = "10",
        }));
        Assert.Contains("DATABASE_POOL_MIN (CopilotMetrics:Postgres:MinPoolSize) and DATABASE_POOL_MAX (CopilotMetrics:Postgres:MaxPoolSize): The minimum pool size (20) must not exceed the maximum pool size (10).", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlitePath_OrDatabase_SelectsTheSqliteStore_AndSyncs()
    {
        var file = Path.Combine(Path.GetTempPath(), "metrics-web-test.db");
        var settings = From(new() { ["GITHUB_SCOPES"] = "org:a", ["SQLITE_PATH"] = file });
        Assert.Equal("sqlite", settings.StoreKind);
        Assert.Equal(file, settings.SqlitePath);
        Assert.True(settings.HasStore);
        Assert.True(settings.SyncEnabled);

        // --database PATH on the command line (the command-line provider's key "database").
        Assert.Equal("sqlite", From(new() { ["GITHUB_SCOPES"] = "org:a", ["database"] = file }).StoreKind);
    }

    [Fact]
    public void DatabaseUrl_WinsOverSqlitePath()
    {
        var settings = From(new()
        {
            ["GITHUB_SCOPES"] = "org:a",
            ["SQLITE_PATH"] = "/tmp/x.db",
            ["DATABASE_URL"] = "postgres://app:pw@db:5432/metrics",
        });
        Assert.Equal("postgres", settings.StoreKind);
        Assert.Null(settings.SqlitePath);
    }

    [Fact]
    public void Demo_NeedsNoConfiguration()
    {
        var settings = From([], demo: true);
        Assert.True(settings.Demo);
        Assert.True(settings.UseSimulator);
        Assert.True(settings.HistoricalMode);
        Assert.Equal("in-memory", settings.StoreKind);
        Assert.Equal(2, settings.Scopes.Count);
    }

    [Theory]
    [InlineData("GITHUB_SCOPES", "team:x")]
    [InlineData("PER_USER_ACCESS", "sometimes")]
    [InlineData("DIRECT_API_MAX_DAYS", "0")]
    [InlineData("SYNC_ENABLED", "perhaps")]
    [InlineData("DATABASE_URL", "postgres://")]
    [InlineData("SYNC_BACKFILL_DAYS", "abc")]
    [InlineData("DATABASE_POOL_MAX", "1.5")]
    public void BadValues_FailWithTheVariableName(string key, string value)
    {
        var values = new Dictionary<string, string?> { ["GITHUB_SCOPES"] = "org:a", [key] = value };
        var e = Assert.Throws<InvalidOperationException>(() => From(values));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=h;Password=hunter2;Bogus Key=1")]
    [InlineData("postgres://app:hunter2@db:notaport/metrics")]
    public void ABadDatabaseUrl_IsNotEchoed(string url)
    {
        var e = Assert.Throws<InvalidOperationException>(() => From(new() { ["GITHUB_SCOPES"] = "org:a", ["DATABASE_URL"] = url }));
        Assert.Contains("DATABASE_URL (CopilotMetrics:Postgres:ConnectionString): The value is not a ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
