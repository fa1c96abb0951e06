using System.Net;
using System.Text.Json;
using CopilotMetrics.Samples.Web.Services;

namespace CopilotMetrics.Samples.Web.Tests;

public sealed class DirectModeFactory() : WebAppFactory(new Dictionary<string, string?>
{
    ["GITHUB_SIMULATOR"] = "true",
    ["GITHUB_SCOPES"] = "org:octo-org,enterprise:octo-ent",
    ["DIRECT_API_MAX_DAYS"] = "7",
});

/// <summary>No store and historical mode off: /api/metrics downloads from GitHub (the simulator) per request, with a 5-minute cache.</summary>
public sealed class DirectModeTests(DirectModeFactory factory) : IClassFixture<DirectModeFactory>
{
    [Fact]
    public async Task Metrics_AreDownloaded_AndMatchTheSimulator()
    {
        var response = await factory.CreateClient().GetAsync("/api/metrics?scope=enterprise:octo-ent&since=2026-06-08&until=2026-06-14");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("github", response.Headers.GetValues("X-Metrics-Source").Single());
        var days = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, days.Count); // 06-14 has no report yet
        foreach (var day in days)
        {
            var date = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var expected = factory.Simulator.ExpectedAggregate(WebAppFactory.Enterprise, date)!;
            Assert.Equal(expected.DailyActiveUsers, day.GetProperty("total_active_users").GetInt32());
            Assert.True(day.GetProperty("total_engaged_users").GetInt32() > 0); // from the users report of the day
        }

        Assert.Equal(1, factory.Simulator.DownloadCount(WebAppFactory.Enterprise, ReportType.Aggregate1Day, new DateOnly(2026, 6, 10)));
    }

    [Fact]
    public async Task ConcurrentRequests_ForTheSameDay_ShareOneDownload_ForFiveMinutes()
    {
        var day = new DateOnly(2026, 6, 3);
        var url = "/api/metrics?scope=org:octo-org&since=2026-06-03&until=2026-06-03";
        var client = factory.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetStringAsync(url)));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(factory.Simulator.ExpectedAggregate(WebAppFactory.Org, day)!.DailyActiveUsers, JsonDocument.Parse(answers[0]).RootElement[0].GetProperty("total_active_users").GetInt32());
        Assert.Equal(1, factory.Simulator.DownloadCount(WebAppFactory.Org, ReportType.Aggregate1Day, day));
        Assert.Equal(1, factory.Simulator.DownloadCount(WebAppFactory.Org, ReportType.Users1Day, day));

        factory.Time.Advance(TimeSpan.FromMinutes(4));
        await client.GetStringAsync(url);
        Assert.Equal(1, factory.Simulator.DownloadCount(WebAppFactory.Org, ReportType.Aggregate1Day, day));

        factory.Time.Advance(TimeSpan.FromMinutes(2)); // past the 5-minute cache
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetStringAsync(url)));
        Assert.Equal(2, factory.Simulator.DownloadCount(WebAppFactory.Org, ReportType.Aggregate1Day, day));
        Assert.Equal(DirectMetricsService.CacheDuration, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task TooLongRange_Is400_ThatExplainsHistoricalMode()
    {
        var detail = await (await factory.CreateClient().GetAsync("/api/metrics?since=2026-06-01&until=2026-06-13")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("ENABLE_HISTORICAL_MODE", detail, StringComparison.Ordinal);
        Assert.Contains("DIRECT_API_MAX_DAYS=7", detail, StringComparison.Ordinal);
        await (await factory.CreateClient().GetAsync("/api/metrics?since=2026-06-13&until=2026-06-01")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await factory.CreateClient().GetAsync("/api/metrics?scope=org:elsewhere")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task StoreEndpoints_Explain_TheyNeedHistoricalMode()
    {
        foreach (var url in new[] { "/api/metrics/historical", "/api/breakdowns?dimension=ide", "/api/teams", "/api/seats" })
        {
            var detail = await (await factory.CreateClient().GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains("ENABLE_HISTORICAL_MODE", detail, StringComparison.Ordinal);
        }

        var info = await factory.CreateClient().GetJsonAsync("/api/info");
        Assert.Equal("direct", info.GetProperty("mode").GetString());
        Assert.Equal("none", info.GetProperty("store").GetString());
        Assert.False(info.GetProperty("adminEnabled").GetBoolean());
        Assert.Equal("Healthy", (await factory.CreateClient().GetJsonAsync("/health")).GetProperty("status").GetString());
    }
}
