using System.Net;
using System.Text.Json;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// What an anonymous caller can send that is not a dashboard's request: dates at the calendar's edges or outside
/// GitHub's days, repeated or comma-joined parameters, kilobytes of input; and what every answer carries (security
/// headers) or leaves out (the health details). The clock is the factory's: today is 2026-06-15, tomorrow 2026-06-16.
/// </summary>
public sealed class HostileInputTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    /// <summary>Every endpoint that takes since/until, with what else it needs to answer.</summary>
    public static readonly string[] RangeEndpoints =
    [
        "/api/metrics?",
        "/api/metrics/historical?",
        "/api/breakdowns?dimension=ide&",
        "/api/teams?",
        "/api/users?",
        "/api/admin/sync-status?",
    ];

    public static TheoryData<string, string, string> OutsideGitHubsDays()
    {
        // The messages written out by hand: GitHub's first day is 2025-10-10, tomorrow (UTC) is 2026-06-16.
        var cases = new (string Query, string Message)[]
        {
            ("until=0001-01-01", "until (0001-01-01) is before 2025-10-10: GitHub has no Copilot usage reports before that day."),
            ("since=0001-01-01", "since (0001-01-01) is before 2025-10-10: GitHub has no Copilot usage reports before that day."),
            ("since=0001-01-01&until=0001-01-01", "since (0001-01-01) is before 2025-10-10: GitHub has no Copilot usage reports before that day."),
            ("until=9999-12-31", "until (9999-12-31) is after 2026-06-16 (tomorrow, UTC): GitHub has no reports for days to come."),
            ("since=2026-06-01&until=9999-12-31", "until (9999-12-31) is after 2026-06-16 (tomorrow, UTC): GitHub has no reports for days to come."),
            ("since=9999-12-31", "since (9999-12-31) is after 2026-06-16 (tomorrow, UTC): GitHub has no reports for days to come."),
            ("since=2025-10-09&until=2025-10-20", "since (2025-10-09) is before 2025-10-10: GitHub has no Copilot usage reports before that day."),
            ("until=2026-06-17", "until (2026-06-17) is after 2026-06-16 (tomorrow, UTC): GitHub has no reports for days to come."),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in RangeEndpoints)
        {
            foreach (var (query, message) in cases)
            {
                data.Add(endpoint, query, message);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OutsideGitHubsDays))]
    public async Task DatesOutsideGitHubsDays_Are400_WithTheSameMessage_OnEveryEndpoint(string endpoint, string query, string message)
    {
        var detail = await (await factory.CreateAdminClient().GetAsync(endpoint + query)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(message, detail);
    }

    [Theory]
    [InlineData("since=2025-10-10&until=2025-10-10")]
    [InlineData("since=2026-06-16&until=2026-06-16")]
    [InlineData("until=2025-10-10")] // the default 28 days would start before GitHub's first day: they start on it
    public async Task GitHubsFirstDay_AndTomorrow_AreAnswered(string query)
    {
        foreach (var endpoint in RangeEndpoints)
        {
            var response = await factory.CreateAdminClient().GetAsync(endpoint + query);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{endpoint}{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [InlineData("/api/metrics?since=2026-06-01&since=2026-06-02", "since")]
    [InlineData("/api/metrics/historical?until=2026-06-10&until=2026-06-10", "until")]
    [InlineData("/api/breakdowns?dimension=ide&dimension=model", "dimension")]
    [InlineData("/api/teams?scope=org:octo-org&scope=enterprise:octo-ent", "scope")]
    [InlineData("/api/users?limit=5&limit=6", "limit")]
    [InlineData("/api/admin/sync-status?since=2026-06-01&since=2026-06-01", "since")]
    public async Task ARepeatedParameter_Is400_NotTheFirstOrTheLastValue(string url, string name)
    {
        var detail = await (await factory.CreateAdminClient().GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal($"The query parameter '{name}' is given 2 times: give each parameter once.", detail);
    }

    [Theory]
    [InlineData("/api/breakdowns?dimension=ide,model")]
    [InlineData("/api/breakdowns?dimension=feature,language")] // 1 | 2 == 3, which Enum.TryParse would take as Model
    [InlineData("/api/breakdowns?dimension=3")]
    [InlineData("/api/breakdowns?dimension=-1")]
    [InlineData("/api/users?sort=login,interactions")]
    [InlineData("/api/users?sort=5")]
    [InlineData("/api/metrics?since=2026-06-01,2026-06-02")]
    public async Task CommaJoinedOrNumericValues_Are400(string url)
    {
        await (await factory.CreateAdminClient().GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AProblem_QuotesAtMostAFewDozenCharactersOfTheInput()
    {
        var scope = "org:" + new string('a', 10_000);
        var detail = await (await factory.CreateClient().GetAsync("/api/teams?scope=" + scope)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(detail.Length < 300, detail);
        Assert.StartsWith("Unknown scope 'org:aaaa", detail, StringComparison.Ordinal);
        Assert.Contains("(10,004 characters)", detail, StringComparison.Ordinal);
        Assert.Equal(64, Problems.MaxQuoted);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/app.js")]
    [InlineData("/api/info")]
    [InlineData("/api/teams?since=x")] // a 400
    [InlineData("/api/nothing-here")] // a 404
    [InlineData("/health")]
    [InlineData("/metrics")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDashboard_HasNoInlineScriptOrStyle_ThatTheCspWouldBlock()
    {
        var html = await factory.CreateClient().GetStringAsync("/");
        var js = await factory.CreateClient().GetStringAsync("/app.js");
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html); // inline event handlers
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", js, StringComparison.Ordinal);
    }
}

/// <summary>
/// /health in public and with the admin secret, after a sync whose failed days carry error texts (the download's
/// host and path, the organization): anyone sees the status and the counts, only the admin the texts.
/// </summary>
public sealed class HealthDetailTests
{
    [Fact]
    public async Task ThePublicHealthAnswer_HasStatusAndCounts_TheDetailsNeedTheSecret()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo(backfillDays: 3));
        _ = factory.CreateClient(); // the demo's first sync
        factory.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.MalformedLine }); // fails the day, no retry
        factory.Time.Advance(TimeSpan.FromHours(2)); // past RefreshAfter, so the trailing days are fetched again
        await factory.CreateAdminClient().PostEmptyAsync("/api/admin/sync");

        var admin = await factory.CreateAdminClient().GetJsonAsync("/health", HttpStatusCode.OK);
        var check = admin.GetProperty("checks").GetProperty("copilot-metrics-sync");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        var failedDays = check.GetProperty("data").GetProperty("failedDays").GetInt32();
        Assert.True(failedDays > 0);
        var texts = check.GetProperty("data").EnumerateObject().Where(p => p.Name.StartsWith("failed:", StringComparison.Ordinal)).Select(p => p.Value.GetString()!).ToList();
        Assert.NotEmpty(texts);
        Assert.True(admin.GetProperty("details").GetBoolean());

        var response = await factory.CreateClient().GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.GetProperty("details").GetBoolean());
        var publicCheck = json.RootElement.GetProperty("checks").GetProperty("copilot-metrics-sync");
        Assert.Equal("Degraded", publicCheck.GetProperty("status").GetString());
        Assert.Equal(failedDays, publicCheck.GetProperty("counts").GetProperty("failedDays").GetInt32());
        Assert.False(publicCheck.TryGetProperty("data", out _));
        Assert.False(publicCheck.TryGetProperty("description", out _));
        foreach (var secret in texts.Append("octo-org").Append("failed:").Append("lastSuccessAt"))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
