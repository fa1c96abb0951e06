using System.Globalization;
using System.Net;
using CopilotMetrics.Samples.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// Anonymous callers asking ever-new ranges cannot grow the legacy day cache: a range outside GitHub's days is a 400
/// that keeps nothing; ranges inside keep at most the days GitHub can have (2025-10-10 to tomorrow, 250 days on the
/// factory's clock) per scope; and what is kept counts against LEGACY_CACHE_MAX_MB.
/// </summary>
public sealed class LegacyCacheBoundsTests
{
    /// <summary>2025-10-10..2026-06-16, both included: 22 + 30 + 31 + 31 + 28 + 31 + 30 + 31 + 16 days, counted by hand.</summary>
    private const int GitHubDaysOnTheFactorysClock = 250;

    [Fact]
    public async Task YearsOutsideGitHubsDays_AreRefused_AndKeepNothing()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo(backfillDays: 3));
        var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<LegacyDayCache>();

        for (var year = 1000; year < 1200; year++)
        {
            var response = await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/metrics?since={year}-01-01&until={year}-12-31"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Loads);
    }

    [Fact]
    public async Task DistinctRangesInsideGitHubsDays_KeepAtMostThoseDays_PerScope()
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["LEGACY_CACHE_MAX_MB"] = "1";
        await using var factory = new WebAppFactory(settings);
        var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<LegacyDayCache>();
        var first = new DateOnly(2025, 10, 10);
        var tomorrow = new DateOnly(2026, 6, 16);

        // Every window of 30 to 250 days over GitHub's days, for both scopes: hundreds of distinct ranges.
        var requests = 0;
        foreach (var scope in new[] { "org:octo-org", "enterprise:octo-ent" })
        {
            for (var start = first; start <= tomorrow; start = start.AddDays(7))
            {
                var end = start.AddDays(29 + (requests % 200));
                end = end > tomorrow ? tomorrow : end;
                var response = await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/metrics?scope={scope}&since={start:yyyy-MM-dd}&until={end:yyyy-MM-dd}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                requests++;
            }
        }

        Assert.True(requests > 70, requests.ToString(CultureInfo.InvariantCulture));
        Assert.InRange(cache.Count, 1, 2 * GitHubDaysOnTheFactorysClock);
        Assert.InRange(cache.Bytes, 1, 1024 * 1024);
    }
}
