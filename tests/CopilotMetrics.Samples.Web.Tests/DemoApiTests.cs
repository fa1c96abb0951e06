using System.Net;
using System.Text.Json;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using static CopilotMetrics.Samples.Web.Tests.Http;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>The read API in demo mode (simulator, in-memory store, 14-day backfill), numbers checked against the store and the simulator.</summary>
public sealed class DemoApiTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private static readonly DateOnly First = WebAppFactory.LastDay.AddDays(-12); // the sync window is 06-01..06-14; 06-14 has no report yet

    [Fact]
    public async Task Info_ReportsHistoricalModeAndLatestDays()
    {
        var info = await factory.CreateClient().GetJsonAsync("/api/info");
        Assert.Equal("historical", info.GetProperty("mode").GetString());
        Assert.Equal("in-memory", info.GetProperty("store").GetString());
        Assert.True(info.GetProperty("demo").GetBoolean());
        Assert.True(info.GetProperty("adminEnabled").GetBoolean());
        Assert.Equal("admin", info.GetProperty("perUserAccess").GetString());
        Assert.Equal("2026-06-15", info.GetProperty("today").GetString());
        var scopes = info.GetProperty("scopes").EnumerateArray().ToList();
        Assert.Equal(["org:octo-org", "enterprise:octo-ent"], scopes.Select(s => s.GetProperty("scope").GetString()));
        Assert.All(scopes, s => Assert.Equal("2026-06-13", s.GetProperty("latestDay").GetString()));
    }

    [Theory]
    [InlineData("org:octo-org")]
    [InlineData("enterprise:octo-ent")]
    public async Task LegacyMetrics_AreTheSimulatorsAggregates_InSnakeCase(string scopeText)
    {
        var scope = MetricsScope.Parse(scopeText);
        var response = await factory.CreateClient().GetAsync($"/api/metrics?scope={scopeText}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("store", response.Headers.GetValues("X-Metrics-Source").Single());
        Assert.Contains("\"total_active_users\":", text, StringComparison.Ordinal);
        Assert.Contains("\"copilot_ide_code_completions\":", text, StringComparison.Ordinal);
        Assert.Contains("\"total_code_lines_accepted\":", text, StringComparison.Ordinal);
        Assert.DoesNotContain("totalActiveUsers", text, StringComparison.Ordinal);

        var days = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Equal(13, days.Count); // the default range is 28 days up to the latest stored day; 13 of them are stored
        Assert.Equal(Day(First), days[0].GetProperty("date").GetString());
        Assert.Equal(Day(WebAppFactory.LastDay), days[^1].GetProperty("date").GetString());
        foreach (var day in days)
        {
            var date = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var expected = factory.Simulator.ExpectedAggregate(scope, date)!;
            Assert.Equal(expected.DailyActiveUsers, day.GetProperty("total_active_users").GetInt32());
            var completions = expected.TotalsByLanguageFeature!.Where(r => r.Feature == "code_completion").Sum(r => r.CodeGenerationActivityCount);
            Assert.Equal(completions, day.GetProperty("copilot_ide_code_completions").GetProperty("languages").EnumerateArray().Sum(l => l.GetProperty("total_code_suggestions").GetInt64()));
            Assert.Equal(JsonValueKind.Null, day.GetProperty("copilot_dotcom_chat").ValueKind);
        }
    }

    [Fact]
    public async Task LegacyMetrics_ExplicitRange()
    {
        var days = await factory.CreateClient().GetJsonAsync("/api/metrics?since=2026-06-05&until=2026-06-07");
        Assert.Equal(["2026-06-05", "2026-06-06", "2026-06-07"], days.EnumerateArray().Select(d => d.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task Historical_IsTheStoresDailySeriesAndActiveUsers()
    {
        var scope = WebAppFactory.Org;
        var json = await factory.CreateClient().GetJsonAsync("/api/metrics/historical?scope=org:octo-org&since=2026-06-01&until=2026-06-13");
        var range = new DateRange(First, WebAppFactory.LastDay);
        var series = await factory.Store.GetDailySeriesAsync(scope, range);
        var active = await factory.Store.GetActiveUsersAsync(scope, range);
        Assert.Equal(13, series.Count);
        Assert.Equal(series.Select(d => d.DailyActiveUsers), json.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("dailyActiveUsers").GetInt32()));
        Assert.Equal(active.Select(a => a.Monthly), json.GetProperty("activeUsers").EnumerateArray().Select(d => d.GetProperty("monthly").GetInt32()));
        Assert.Equal(active.Select(a => a.Weekly), json.GetProperty("activeUsers").EnumerateArray().Select(d => d.GetProperty("weekly").GetInt32()));

        var summary = json.GetProperty("summary");
        var last = series[^1];
        Assert.Equal(factory.Simulator.ExpectedAggregate(scope, WebAppFactory.LastDay)!.DailyActiveUsers, summary.GetProperty("dailyActiveUsers").GetInt32());
        Assert.Equal(last.MonthlyActiveUsers, summary.GetProperty("monthlyActiveUsers").GetInt32());
        Assert.Equal("2026-06-13", summary.GetProperty("latestDay").GetString());
        var locAdded = series.Sum(d => d.Activity.LocAdded);
        Assert.Equal(locAdded, summary.GetProperty("activity").GetProperty("locAdded").GetInt64());
        var rate = (double)series.Sum(d => d.Activity.CodeAcceptances) / series.Sum(d => d.Activity.CodeGenerations);
        Assert.Equal(rate, summary.GetProperty("acceptanceRate").GetDouble(), 9);
    }

    [Theory]
    [InlineData("ide", BreakdownDimension.Ide)]
    [InlineData("feature", BreakdownDimension.Feature)]
    [InlineData("language", BreakdownDimension.Language)]
    [InlineData("MODEL", BreakdownDimension.Model)]
    public async Task Breakdowns_AreTheStoresRows(string dimension, BreakdownDimension expected)
    {
        var json = await factory.CreateClient().GetJsonAsync($"/api/breakdowns?dimension={dimension}&scope=enterprise:octo-ent");
        Assert.Equal(expected.ToString().ToLowerInvariant(), json.GetProperty("dimension").GetString());
        var rows = await factory.Store.GetBreakdownAsync(WebAppFactory.Enterprise, new DateRange(WebAppFactory.LastDay.AddDays(-27), WebAppFactory.LastDay), expected);
        var actual = json.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r);
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Select(r => r.Key).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            Assert.Equal(row.ActiveUsers, actual[row.Key].GetProperty("activeUsers").GetInt32());
            Assert.Equal(row.Activity.CodeGenerations, actual[row.Key].GetProperty("activity").GetProperty("codeGenerations").GetInt64());
            Assert.Equal(row.Activity.UserInitiatedInteractions, actual[row.Key].GetProperty("activity").GetProperty("userInitiatedInteractions").GetInt64());
        }
    }

    [Fact]
    public async Task Teams_AreTheStoresTeamMetrics()
    {
        var json = await factory.CreateClient().GetJsonAsync("/api/teams?since=2026-06-01&until=2026-06-13");
        var teams = await factory.Store.GetTeamMetricsAsync(WebAppFactory.Org, new DateRange(First, WebAppFactory.LastDay));
        Assert.Equal(8, teams.Count);
        var actual = json.GetProperty("teams").EnumerateArray().ToDictionary(t => t.GetProperty("slug").GetString()!);
        Assert.Equal(teams.Select(t => t.Slug).Order(StringComparer.Ordinal), actual.Keys);
        foreach (var team in teams)
        {
            Assert.Equal(team.Members, actual[team.Slug].GetProperty("members").GetInt32());
            Assert.Equal(team.ActiveUsers, actual[team.Slug].GetProperty("activeUsers").GetInt32());
            Assert.Equal(team.Activity.LocAdded, actual[team.Slug].GetProperty("activity").GetProperty("locAdded").GetInt64());
        }
    }

    [Fact]
    public async Task Seats_SummarizeTheLatestSnapshot()
    {
        var json = await factory.CreateClient().GetJsonAsync("/api/seats?scope=org:octo-org");
        var snapshot = await factory.Store.GetLatestSeatSnapshotAsync(WebAppFactory.Org);
        Assert.NotNull(snapshot);
        var latest = json.GetProperty("latest");
        Assert.Equal(Day(snapshot.Day), latest.GetProperty("day").GetString());
        // Seats are counted per assignee (one definition in Core: a user with two seats counts once).
        var assignees = snapshot.Seats.Where(s => s.Assignee is not null).GroupBy(s => s.Assignee!.Id).ToList();
        Assert.Equal(assignees.Count, latest.GetProperty("assigned").GetInt32());
        Assert.Equal(assignees.Count(g => g.All(s => s.LastActivityAt is null)), latest.GetProperty("neverUsed").GetInt32());
        Assert.Equal(
            assignees.Count,
            latest.GetProperty("active").GetInt32() + latest.GetProperty("inactive").GetInt32() + latest.GetProperty("neverUsed").GetInt32());
        Assert.NotEmpty(json.GetProperty("history").EnumerateArray());
        Assert.DoesNotContain("login", json.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/metrics?since=2026-6-1")]
    [InlineData("/api/metrics?until=yesterday")]
    [InlineData("/api/metrics?since=2026-06-10&until=2026-06-01")]
    [InlineData("/api/metrics?scope=org:unknown")]
    [InlineData("/api/metrics?scope=team:x")]
    [InlineData("/api/metrics?since=2024-01-01&until=2026-06-01")]
    [InlineData("/api/metrics/historical?since=2026-02-30")]
    [InlineData("/api/breakdowns")]
    [InlineData("/api/breakdowns?dimension=repository")]
    [InlineData("/api/breakdowns?dimension=1")]
    [InlineData("/api/teams?until=13/06/2026")]
    [InlineData("/api/seats?scope=enterprise:")]
    [InlineData("/api/users?limit=0")]
    [InlineData("/api/users?limit=5000")]
    [InlineData("/api/users?offset=-1")]
    [InlineData("/api/users?sort=karma")]
    [InlineData("/api/users?desc=maybe")]
    [InlineData("/api/admin/sync-status?since=x")]
    public async Task InvalidQueries_Are400ProblemDetails(string url)
    {
        var detail = await (await factory.CreateAdminClient().GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(detail);
    }

    [Fact]
    public async Task Users_NeedTheAdminSecret_InAdminMode()
    {
        await (await factory.CreateClient().GetAsync("/api/users")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateAdminClient("wrong-secret").GetAsync("/api/users")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateAdminClient(WebAppFactory.Secret + "x").GetAsync("/api/users")).ProblemAsync(HttpStatusCode.Unauthorized);

        var json = await factory.CreateAdminClient().GetJsonAsync("/api/users?since=2026-06-01&until=2026-06-13&sort=locAdded&limit=5");
        var page = await factory.Store.GetUserTotalsAsync(WebAppFactory.Org, new DateRange(First, WebAppFactory.LastDay), new UserTotalsQuery { SortBy = UserTotalsSort.LocAdded, Limit = 5 });
        Assert.Equal(page.TotalUsers, json.GetProperty("totalUsers").GetInt32());
        Assert.Equal(page.Items.Select(u => u.Login), json.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("login").GetString()));
        Assert.Equal(page.Items.Select(u => u.Activity.LocAdded), json.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("activity").GetProperty("locAdded").GetInt64()));

        // Authorization: Bearer works too.
        using var bearer = factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebAppFactory.Secret);
        var second = await bearer.GetJsonAsync("/api/users?offset=5&limit=5&sort=login&desc=false");
        var logins = second.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("login").GetString()!).ToList();
        Assert.Equal(5, logins.Count);
        Assert.Equal(logins.Order(StringComparer.Ordinal), logins);
    }

    [Fact]
    public async Task AdminEndpoints_Need_TheSecret()
    {
        await (await factory.CreateClient().GetAsync("/api/admin/sync-status")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateAdminClient("nope").GetAsync("/api/admin/sync-status")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateClient().PostEmptyAsync("/api/admin/sync")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.CreateAdminClient("").PostEmptyAsync("/api/admin/sync")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SyncStatus_ShowsStatusesAndGaps()
    {
        var json = await factory.CreateAdminClient().GetJsonAsync("/api/admin/sync-status?scope=org:octo-org&since=2026-05-25&until=2026-06-14");
        var counts = json.GetProperty("counts");
        Assert.Equal(13, counts.GetProperty("aggregate").GetProperty("completed").GetInt32());
        Assert.Equal(13, counts.GetProperty("users").GetProperty("completed").GetInt32());
        Assert.Empty(json.GetProperty("failed").EnumerateArray());
        var missing = json.GetProperty("missing").GetProperty("aggregate").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Contains("2026-05-25", missing);
        Assert.Contains("2026-05-31", missing);
        Assert.DoesNotContain("2026-06-01", missing);
        Assert.DoesNotContain("2026-06-13", missing);
        Assert.True(json.GetProperty("lastResult").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task Health_IncludesTheSyncCheck()
    {
        var json = await factory.CreateClient().GetJsonAsync("/health");
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.GetProperty("checks").GetProperty("copilot-metrics-sync").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Prometheus_ShowsThePipelineAndTheUsageGauges()
    {
        var text = await factory.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("otel_scope_name=\"CopilotMetrics\"", text, StringComparison.Ordinal);
        Assert.Contains("copilot_metrics_github_requests", text, StringComparison.Ordinal);
        var expected = factory.Simulator.ExpectedAggregate(WebAppFactory.Org, WebAppFactory.LastDay)!;
        // OpenTelemetry's meter listener is process-wide: the other web hosts this test run keeps alive (other classes,
        // in parallel) publish the same gauge for the same scope, so look for this host's value among the lines.
        var lines = text.Split('\n').Where(l => l.StartsWith("copilot_metrics_usage_daily_active_users{", StringComparison.Ordinal) && l.Contains("scope=\"org:octo-org\"", StringComparison.Ordinal)).ToList();
        var value = " " + expected.DailyActiveUsers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(lines, l => l.Trim().EndsWith(value, StringComparison.Ordinal));
        var line = lines.First(l => l.Trim().EndsWith(value, StringComparison.Ordinal));
        Assert.Contains("otel_scope_name=\"CopilotMetrics.Usage\"", line, StringComparison.Ordinal);
        Assert.Contains("copilot_metrics_usage_acceptance_rate{", text, StringComparison.Ordinal);
        Assert.Contains("copilot_metrics_usage_monthly_active_users{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_IsServedWithItsScript()
    {
        var client = factory.CreateClient();
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"app.js\"></script>", html, StringComparison.Ordinal);
        // The shell: the filters, the tabs and the view are static; app.js fills the views (tests/browser checks them).
        foreach (var id in new[] { "scope-select", "preset", "since", "until", "team-select", "tabs", "status", "view" })
        {
            Assert.Contains($"data-testid=\"{id}\"", html, StringComparison.Ordinal);
        }

        var script = await client.GetAsync("/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var js = await script.Content.ReadAsStringAsync();
        Assert.Contains("/api/metrics/historical", js, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", js, StringComparison.Ordinal); // no CDN
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css")).StatusCode);

        // The chart library and the favicon are the app's own files (a pinned uPlot copy), not a CDN's.
        Assert.Contains("<script src=\"lib/uplot/uPlot.iife.min.js\"></script>", html, StringComparison.Ordinal);
        var chartLibrary = await client.GetAsync("/lib/uplot/uPlot.iife.min.js");
        Assert.Equal(HttpStatusCode.OK, chartLibrary.StatusCode);
        Assert.Equal("text/javascript", chartLibrary.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/uplot/uPlot.min.css")).StatusCode);
        var favicon = await client.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        Assert.Equal("image/svg+xml", favicon.Content.Headers.ContentType?.MediaType);
    }
}
