using System.Globalization;
using System.Text.Json.Nodes;
using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Legacy;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// The legacy /api/metrics in historical mode keeps projected days for LEGACY_CACHE_SECONDS: the answer is the
/// projection's, byte for byte; cached days are not projected again; new data shows after the duration or at once
/// after a sync of this process; 0 turns the cache off.
/// </summary>
public sealed class LegacyCacheTests
{
    private static readonly DateOnly Since = WebAppFactory.LastDay.AddDays(-9);

    [Fact]
    public async Task CachedDays_AreServedAgain_AndOnlyMissingDaysAreProjected()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo());
        var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<LegacyDayCache>();

        var first = await client.GetStringAsync(Url(Since, Since.AddDays(4)));
        Assert.Equal(1, cache.Loads);
        Assert.Equal(await ProjectedAsync(factory, Since, Since.AddDays(4)), first);
        Assert.Equal(first, await client.GetStringAsync(Url(Since, Since.AddDays(4))));
        Assert.Equal(1, cache.Loads);

        // Overlapping: the five cached days are reused, the five new ones come from one projection.
        var wider = await client.GetStringAsync(Url(Since, WebAppFactory.LastDay));
        Assert.Equal(2, cache.Loads);
        Assert.Equal(await ProjectedAsync(factory, Since, WebAppFactory.LastDay), wider);

        // A range reaching past the stored days keeps "no data" days too: asking again projects nothing.
        var past = Url(WebAppFactory.LastDay.AddDays(-1), WebAppFactory.LastDay.AddDays(1));
        Assert.Equal(2, JsonArrayLength(await client.GetStringAsync(past)));
        Assert.Equal(3, cache.Loads);
        await client.GetStringAsync(past);
        Assert.Equal(3, cache.Loads);
    }

    [Fact]
    public async Task NewData_ShowsAfterTheDuration_OrAtOnceAfterASync()
    {
        var settings = WebAppFactory.Demo();
        settings["LEGACY_CACHE_SECONDS"] = "60";
        await using var factory = new WebAppFactory(settings);
        var client = factory.CreateClient();
        var url = Url(Since, Since.AddDays(2));
        var before = await client.GetStringAsync(url);

        // A correction lands in the store behind the cache's back (another replica's sync, say).
        await ChangeDailyActiveUsersAsync(factory, Since, 4242);
        Assert.Equal(before, await client.GetStringAsync(url));
        factory.Time.Advance(TimeSpan.FromSeconds(61));
        var after = await client.GetStringAsync(url);
        Assert.Contains("\"total_active_users\":4242", after, StringComparison.Ordinal);

        // A sync of this process drops the cached days at once.
        await ChangeDailyActiveUsersAsync(factory, Since, 4343);
        Assert.Equal(after, await client.GetStringAsync(url));
        (await factory.CreateAdminClient().PostEmptyAsync("/api/admin/sync")).EnsureSuccessStatusCode();
        Assert.Contains("\"total_active_users\":4343", await client.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal(await ProjectedAsync(factory, Since, Since.AddDays(2)), await client.GetStringAsync(url));
    }

    [Fact]
    public async Task ZeroSeconds_ProjectsEveryRequest()
    {
        var settings = WebAppFactory.Demo();
        settings["LEGACY_CACHE_SECONDS"] = "0";
        await using var factory = new WebAppFactory(settings);
        var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<LegacyDayCache>();

        var first = await client.GetStringAsync(Url(Since, Since.AddDays(3)));
        await ChangeDailyActiveUsersAsync(factory, Since, 4444);
        var second = await client.GetStringAsync(Url(Since, Since.AddDays(3)));

        Assert.Equal(2, cache.Loads);
        Assert.NotEqual(first, second);
        Assert.Contains("\"total_active_users\":4444", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRequests_GetTheProjectionsAnswer()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo());
        var client = factory.CreateClient();
        await client.GetJsonAsync("/api/info"); // the host and its demo sync first

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetStringAsync(Url(Since.AddDays(i % 3), WebAppFactory.LastDay.AddDays(-(i % 4))))));

        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(await ProjectedAsync(factory, Since.AddDays(i % 3), WebAppFactory.LastDay.AddDays(-(i % 4))), answers[i]);
        }

        Assert.InRange(factory.Services.GetRequiredService<LegacyDayCache>().Loads, 1, 12);
    }

    [Fact]
    public async Task InvalidSetting_FailsAtStart()
    {
        var settings = WebAppFactory.Demo();
        settings["LEGACY_CACHE_SECONDS"] = "-1";
        await using var factory = new WebAppFactory(settings);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("LEGACY_CACHE_SECONDS", error.ToString(), StringComparison.Ordinal);
    }

    private static string Url(DateOnly since, DateOnly until) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/metrics?since={since:yyyy-MM-dd}&until={until:yyyy-MM-dd}");

    private static async Task<string> ProjectedAsync(WebAppFactory factory, DateOnly since, DateOnly until) =>
        LegacyMetricsJson.Serialize(await LegacyMetricsProjection.ProjectAsync(factory.Store, WebAppFactory.Org, new DateRange(since, until)));

    private static int JsonArrayLength(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetArrayLength();

    private static async Task ChangeDailyActiveUsersAsync(WebAppFactory factory, DateOnly day, int users)
    {
        var record = await factory.Store.GetAggregateDaysAsync(WebAppFactory.Org, new DateRange(day, day)).SingleAsync();
        var json = JsonNode.Parse(ReportJson.Serialize(record))!;
        json["daily_active_users"] = users;
        await factory.Store.ReplaceAggregateDayAsync(WebAppFactory.Org, ReportJson.Deserialize<AggregateDayRecord>(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
    }
}
