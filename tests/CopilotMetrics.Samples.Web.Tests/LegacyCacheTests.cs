using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Legacy;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// The legacy /api/metrics in historical mode keeps projected days for LEGACY_CACHE_SECONDS: the answer is a cache-disabled
/// host's, byte for byte, and the legacy days the store's records make by hand (<see cref="AssertLegacyDaysAsync"/>, not
/// the projection the cache calls); cached days are not projected again; new data shows after the duration or at once
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

        var settings = WebAppFactory.Demo();
        settings["LEGACY_CACHE_SECONDS"] = "0";
        await using var uncached = new WebAppFactory(settings);
        var uncachedClient = uncached.CreateClient();

        var first = await client.GetStringAsync(Url(Since, Since.AddDays(4)));
        Assert.Equal(1, cache.Loads);
        await AssertLegacyDaysAsync(factory, Since, Since.AddDays(4), first);
        Assert.Equal(await uncachedClient.GetStringAsync(Url(Since, Since.AddDays(4))), first);
        Assert.Equal(first, await client.GetStringAsync(Url(Since, Since.AddDays(4))));
        Assert.Equal(1, cache.Loads);

        // Overlapping: the five cached days are reused, the five new ones come from one projection.
        var wider = await client.GetStringAsync(Url(Since, WebAppFactory.LastDay));
        Assert.Equal(2, cache.Loads);
        await AssertLegacyDaysAsync(factory, Since, WebAppFactory.LastDay, wider);
        Assert.Equal(await uncachedClient.GetStringAsync(Url(Since, WebAppFactory.LastDay)), wider);

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
        await AssertLegacyDaysAsync(factory, Since, Since.AddDays(2), after);

        // A sync of this process drops the cached days at once.
        await ChangeDailyActiveUsersAsync(factory, Since, 4343);
        Assert.Equal(after, await client.GetStringAsync(url));
        (await factory.CreateAdminClient().PostEmptyAsync("/api/admin/sync")).EnsureSuccessStatusCode();
        var synced = await client.GetStringAsync(url);
        Assert.Contains("\"total_active_users\":4343", synced, StringComparison.Ordinal);
        await AssertLegacyDaysAsync(factory, Since, Since.AddDays(2), synced);
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
        await AssertLegacyDaysAsync(factory, Since, Since.AddDays(3), second);
    }

    [Fact]
    public async Task ConcurrentRequests_GetTheProjectionsAnswer()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo());
        var client = factory.CreateClient();
        await client.GetJsonAsync("/api/info"); // the host and its demo sync first

        var cache = factory.Services.GetRequiredService<LegacyDayCache>();
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetStringAsync(Url(Since.AddDays(i % 3), WebAppFactory.LastDay.AddDays(-(i % 4))))));

        for (var i = 0; i < answers.Length; i++)
        {
            await AssertLegacyDaysAsync(factory, Since.AddDays(i % 3), WebAppFactory.LastDay.AddDays(-(i % 4)), answers[i]);
        }

        // However the requests raced, every day of these ranges is cached now: asking again projects nothing.
        var loads = cache.Loads;
        Assert.InRange(loads, 1, 12);
        var again = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetStringAsync(Url(Since.AddDays(i % 3), WebAppFactory.LastDay.AddDays(-(i % 4))))));
        Assert.Equal(answers, again);
        Assert.Equal(loads, cache.Loads);
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

    /// <summary>
    /// The oracle: the legacy days written by hand from the store's raw records (the aggregate and per-user rows), not
    /// with <see cref="CopilotMetrics.Storage.Legacy.LegacyMetricsProjection"/>, which the cache itself calls. One day per
    /// stored aggregate, in order; total_active_users is the aggregate's daily_active_users; the engaged users are the
    /// users with interactions or acceptances; completion users have a code_completion feature row; each completion
    /// language's suggestions are the aggregate's code_completion generations of that language.
    /// </summary>
    private static async Task AssertLegacyDaysAsync(WebAppFactory factory, DateOnly since, DateOnly until, string json)
    {
        var days = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        var aggregates = (await factory.Store.GetAggregateDaysAsync(WebAppFactory.Org, new DateRange(since, until)).ToListAsync()).OrderBy(a => a.Day).ToList();
        Assert.NotEmpty(aggregates);
        Assert.Equal(aggregates.Select(a => Http.Day(a.Day)), days.Select(d => d.GetProperty("date").GetString()));
        foreach (var (aggregate, day) in aggregates.Zip(days))
        {
            var users = await factory.Store.GetUserDayAsync(WebAppFactory.Org, aggregate.Day).ToListAsync();
            Assert.NotEmpty(users);
            Assert.Equal(aggregate.DailyActiveUsers, day.GetProperty("total_active_users").GetInt32());
            Assert.Equal(users.Count(u => u.UserInitiatedInteractionCount > 0 || u.CodeAcceptanceActivityCount > 0), day.GetProperty("total_engaged_users").GetInt32());
            var completions = day.GetProperty("copilot_ide_code_completions");
            Assert.Equal(users.Count(u => u.TotalsByFeature.Any(f => f.Feature == "code_completion")), completions.GetProperty("total_engaged_users").GetInt32());
            var expected = (aggregate.TotalsByLanguageFeature ?? []).Where(r => r.Feature == "code_completion")
                .GroupBy(r => r.Language ?? "").ToDictionary(g => g.Key, g => g.Sum(r => r.CodeGenerationActivityCount));
            Assert.NotEmpty(expected);
            var languages = completions.GetProperty("languages").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("total_code_suggestions").GetInt64());
            foreach (var (language, suggestions) in expected)
            {
                Assert.Equal(suggestions, languages[language]);
            }

            Assert.Equal(JsonValueKind.Null, day.GetProperty("copilot_dotcom_chat").ValueKind);
        }
    }

    private static int JsonArrayLength(string json) => JsonDocument.Parse(json).RootElement.GetArrayLength();

    private static async Task ChangeDailyActiveUsersAsync(WebAppFactory factory, DateOnly day, int users)
    {
        var record = await factory.Store.GetAggregateDaysAsync(WebAppFactory.Org, new DateRange(day, day)).SingleAsync();
        var json = JsonNode.Parse(ReportJson.Serialize(record))!;
        json["daily_active_users"] = users;
        await factory.Store.ReplaceAggregateDayAsync(WebAppFactory.Org, ReportJson.Deserialize<AggregateDayRecord>(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
    }
}
