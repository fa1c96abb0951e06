using System.Net;
using System.Text.Json;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>GET /api/surfaces in demo mode, checked against the stored rows (a LINQ pass) and the aggregate records.</summary>
public sealed class SurfacesApiTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private static readonly DateOnly First = new(2026, 6, 1);

    [Fact]
    public async Task Scope_totals_are_distinct_users_of_the_stored_rows_and_days_use_GitHubs_counts_where_reported()
    {
        var json = await factory.CreateClient().GetJsonAsync("/api/surfaces?since=2026-06-01&until=2026-06-13");
        Assert.Equal("org:octo-org", json.GetProperty("scope").GetString());
        Assert.Equal("2026-06-01", json.GetProperty("since").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("team").ValueKind);

        var rows = new List<UserDayRecord>();
        foreach (var day in new DateRange(First, WebAppFactory.LastDay).EachDay())
        {
            await foreach (var row in factory.Store.GetUserDayAsync(WebAppFactory.Org, day))
            {
                rows.Add(row);
            }
        }

        var totals = json.GetProperty("totals");
        Assert.Equal(rows.Select(r => r.UserId).Distinct().Count(), totals.GetProperty("activeUsers").GetInt32());
        var surfaces = totals.GetProperty("surfaces").EnumerateArray().ToDictionary(s => s.GetProperty("surface").GetString()!);
        Assert.Equal(rows.Where(r => r.UsedCli).Select(r => r.UserId).Distinct().Count(), surfaces["cli"].GetProperty("users").GetInt32());
        Assert.Equal(rows.Where(r => r.UsedChat).Select(r => r.UserId).Distinct().Count(), surfaces["chat"].GetProperty("users").GetInt32());
        Assert.Equal(rows.Where(r => r.TotalsByFeature.Any(f => f.Feature == "code_completion")).Select(r => r.UserId).Distinct().Count(), surfaces["completions"].GetProperty("users").GetInt32());
        Assert.All(surfaces.Values, s => Assert.Equal("per-user rows", s.GetProperty("source").GetString()));

        var days = json.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(13, days.Count);
        var checkedDays = 0;
        foreach (var day in days)
        {
            var date = DateOnly.Parse(day.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var aggregate = await SingleAsync(factory.Store.GetAggregateDaysAsync(WebAppFactory.Org, new DateRange(date, date)));
            Assert.Equal(aggregate.DailyActiveUsers, day.GetProperty("activeUsers").GetInt32());
            Assert.Equal("github", day.GetProperty("activeUsersSource").GetString());
            var figures = day.GetProperty("surfaces").EnumerateArray().ToDictionary(s => s.GetProperty("surface").GetString()!);
            if (aggregate.DailyActiveCliUsers is { } cli && cli > 0)
            {
                Assert.Equal(cli, figures["cli"].GetProperty("users").GetInt32());
                Assert.Equal("github", figures["cli"].GetProperty("source").GetString());
            }

            var chat = rows.Where(r => r.Day == date && r.UsedChat).Count();
            if (chat < 5)
            {
                // Below the default minimum group size: left out.
                Assert.False(figures.ContainsKey("chat"));
                continue;
            }

            checkedDays++;
            Assert.Equal(chat, figures["chat"].GetProperty("users").GetInt32());
            Assert.Equal("per-user rows", figures["chat"].GetProperty("source").GetString());
            Assert.Equal(Math.Round((double)chat / aggregate.DailyActiveUsers, 4), figures["chat"].GetProperty("shareOfActiveUsers").GetDouble());
        }

        Assert.True(checkedDays >= 5, $"only {checkedDays} days had 5 or more chat users");
    }

    [Fact]
    public async Task A_team_counts_its_members_only_and_teams_are_side_by_side()
    {
        var range = new DateRange(First, WebAppFactory.LastDay);
        var team = (await factory.Store.GetTeamMetricsAsync(WebAppFactory.Org, range)).OrderByDescending(t => t.ActiveUsers).First();
        var json = await factory.CreateClient().GetJsonAsync($"/api/surfaces?since=2026-06-01&until=2026-06-13&team={team.Slug}");
        Assert.Equal(team.TeamId, json.GetProperty("team").GetProperty("teamId").GetInt64());
        Assert.Equal(team.Slug, json.GetProperty("team").GetProperty("slug").GetString());
        Assert.Equal(team.ActiveUsers, json.GetProperty("totals").GetProperty("activeUsers").GetInt32());
        Assert.Equal(team.Members, json.GetProperty("totals").GetProperty("members").GetInt32());
        Assert.All(json.GetProperty("days").EnumerateArray(), d => Assert.Equal("per-user rows", d.GetProperty("activeUsersSource").GetString()));

        var other = (await factory.Store.GetTeamMetricsAsync(WebAppFactory.Org, range)).First(t => t.TeamId != team.TeamId);
        var both = await factory.CreateClient().GetJsonAsync($"/api/surfaces?since=2026-06-01&until=2026-06-13&teams={team.TeamId},{other.Slug.ToUpperInvariant()}");
        Assert.Equal("org:octo-org", both.GetProperty("scope").GetString());
        Assert.Equal([team.TeamId, other.TeamId], both.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("team").GetProperty("teamId").GetInt64()));
        Assert.Equal(other.ActiveUsers, both.GetProperty("teams")[1].GetProperty("totals").GetProperty("activeUsers").GetInt32());
    }

    [Theory]
    [InlineData("/api/surfaces?team=a&teams=b")]
    [InlineData("/api/surfaces?teams=a,,b")]
    [InlineData("/api/surfaces?teams=a,A")]
    [InlineData("/api/surfaces?since=2026-06-10&until=2026-06-01")]
    [InlineData("/api/surfaces?scope=nope")]
    public async Task Bad_input_is_a_400_problem(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        Assert.NotNull(await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task An_unknown_team_is_a_404_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/surfaces?team=no-such-team");
        Assert.NotNull(await response.ProblemAsync(HttpStatusCode.NotFound));
    }

    private static async Task<T> SingleAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return Assert.Single(list);
    }
}
