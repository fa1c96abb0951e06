using System.Net;
using System.Text.Json;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// The web sample on PostgreSQL (COPILOT_METRICS_PG, or a throwaway cluster; fails — never skips — without one):
/// historical mode, web-only replica (SYNC_ENABLED=false), a manual sync through the admin API, then the API from the database.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class PostgresWebTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AdminSync_FillsPostgres_AndTheApiReadsIt()
    {
        var schema = postgres.NewSchema();
        await using var factory = new WebAppFactory(new Dictionary<string, string?>
        {
            ["GITHUB_SIMULATOR"] = "true",
            ["GITHUB_SCOPES"] = "org:octo-org",
            ["DATABASE_URL"] = postgres.ConnectionString,
            ["DATABASE_SCHEMA"] = schema,
            ["DATABASE_POOL_MAX"] = "20",
            ["ENABLE_HISTORICAL_MODE"] = "true",
            ["SYNC_ENABLED"] = "false",
            ["SYNC_BACKFILL_DAYS"] = "5",
            ["ADMIN_API_SECRET"] = WebAppFactory.Secret,
            ["ADMIN_SYNC_WAIT_MS"] = "60000",
        });
        var client = factory.CreateClient();
        var info = await client.GetJsonAsync("/api/info");
        Assert.Equal("postgres", info.GetProperty("store").GetString());
        Assert.Equal("historical", info.GetProperty("mode").GetString());
        Assert.IsType<PostgresMetricsStore>(factory.Services.GetRequiredService<IMetricsStore>());
        Assert.Equal(0, (await client.GetJsonAsync("/api/metrics?since=2026-06-10&until=2026-06-13")).GetArrayLength()); // nothing synced yet

        var run = await (await factory.CreateAdminClient().PostEmptyAsync("/api/admin/sync")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.True(run.GetProperty("result").GetProperty("stored").GetInt32() > 0);

        var response = await client.GetAsync("/api/metrics?since=2026-06-10&until=2026-06-13");
        Assert.Equal("store", response.Headers.GetValues("X-Metrics-Source").Single());
        var days = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal(4, days.Count);
        foreach (var day in days)
        {
            var date = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(factory.Simulator.ExpectedAggregate(WebAppFactory.Org, date)!.DailyActiveUsers, day.GetProperty("total_active_users").GetInt32());
        }

        var historical = await client.GetJsonAsync("/api/metrics/historical?since=2026-06-10&until=2026-06-13");
        Assert.Equal(4, historical.GetProperty("days").GetArrayLength());
        Assert.NotEmpty((await client.GetJsonAsync("/api/teams?since=2026-06-10&until=2026-06-13")).GetProperty("teams").EnumerateArray());
        var status = await factory.CreateAdminClient().GetJsonAsync("/api/admin/sync-status?since=2026-06-10&until=2026-06-13");
        Assert.Empty(status.GetProperty("missing").GetProperty("aggregate").EnumerateArray());
        Assert.Equal("Healthy", (await client.GetJsonAsync("/health")).GetProperty("status").GetString());
    }
}
