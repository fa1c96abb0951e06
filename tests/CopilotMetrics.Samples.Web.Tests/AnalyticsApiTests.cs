using System.Net;
using CopilotMetrics.Analytics;
using CopilotMetrics.Storage;
using static CopilotMetrics.Samples.Web.Tests.Http;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>The analytics endpoints of issue 15 (seats, pull requests, repositories, AI credits) in demo mode, against oracles over the store.</summary>
public sealed class AnalyticsApiTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private const int Window = AnalyticsOptions.DefaultSeatActiveWithinDays;

    /// <summary>An independent count of the snapshot: per assignee, latest activity against 00:00 UTC of the day minus the window.</summary>
    private static (int Assigned, int Active, int Inactive, int NeverUsed, int Pending, List<long> InactiveIds) Oracle(SeatSnapshot snapshot, int window)
    {
        var cutoff = new DateTimeOffset(snapshot.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-window);
        var byUser = snapshot.Seats.Where(s => s.Assignee is not null).GroupBy(s => s.Assignee!.Id)
            .Select(g => (Id: g.Key, Last: g.Max(s => s.LastActivityAt), Pending: g.Any(s => s.PendingCancellationDate is not null))).ToList();
        return (byUser.Count, byUser.Count(u => u.Last >= cutoff), byUser.Count(u => u.Last < cutoff), byUser.Count(u => u.Last is null), byUser.Count(u => u.Pending),
            byUser.Where(u => u.Last is null || u.Last < cutoff).Select(u => u.Id).Order().ToList());
    }

    [Theory]
    [InlineData("org:octo-org")]
    [InlineData("enterprise:octo-ent")]
    public async Task Seats_are_assigned_active_within_N_days_never_used_pending_cancellation(string scope)
    {
        var snapshot = await factory.Store.GetLatestSeatSnapshotAsync(MetricsScope.Parse(scope));
        Assert.NotNull(snapshot);
        foreach (var window in new[] { Window, 7 })
        {
            var json = await factory.CreateClient().GetJsonAsync($"/api/seats?scope={scope}&activeWithinDays={window}");
            var o = Oracle(snapshot, window);
            var latest = json.GetProperty("latest");
            Assert.Equal(window, json.GetProperty("activeWithinDays").GetInt32());
            Assert.Equal(
                (o.Assigned, o.Active, o.Inactive, o.NeverUsed, o.Pending),
                (latest.GetProperty("assigned").GetInt32(), latest.GetProperty("active").GetInt32(), latest.GetProperty("inactive").GetInt32(),
                    latest.GetProperty("neverUsed").GetInt32(), latest.GetProperty("pendingCancellation").GetInt32()));
            Assert.True(o.Inactive + o.NeverUsed > 0, "the demo data should have seats to reclaim");

            // The history's point of the snapshot day is the same count (the store's query, the same definition).
            var point = json.GetProperty("history").EnumerateArray().Single(p => p.GetProperty("day").GetString() == Day(snapshot.Day));
            Assert.Equal((o.Assigned, o.Active, o.NeverUsed), (point.GetProperty("assigned").GetInt32(), point.GetProperty("active").GetInt32(), point.GetProperty("neverUsed").GetInt32()));
        }
    }

    [Fact]
    public async Task Seat_editors_are_normalized_VisualStudio_and_visualstudio_are_one_editor()
    {
        var json = await factory.CreateClient().GetJsonAsync("/api/seats?scope=org:octo-org");
        var editors = json.GetProperty("latest").GetProperty("byEditor").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(editors);
        Assert.All(editors, e => Assert.Equal(e.ToLowerInvariant(), e));
        Assert.All(editors, e => Assert.DoesNotContain('/', e));
        Assert.Equal(editors.Count, editors.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var snapshot = await factory.Store.GetLatestSeatSnapshotAsync(WebAppFactory.Org);
        var raw = snapshot!.Seats.Where(s => s.LastActivityEditor is not null).Select(s => s.LastActivityEditor!.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains(raw, r => !string.Equals(r, r.ToLowerInvariant(), StringComparison.Ordinal)); // the simulator mixes spellings, so the test can fail
    }

    [Fact]
    public async Task Inactive_seats_list_login_last_activity_assigned_since_team_as_json_and_csv()
    {
        var snapshot = await factory.Store.GetLatestSeatSnapshotAsync(WebAppFactory.Org);
        var o = Oracle(snapshot!, Window);
        await (await factory.CreateClient().GetAsync("/api/seats/inactive")).ProblemAsync(HttpStatusCode.Unauthorized);

        var json = await factory.CreateAdminClient().GetJsonAsync("/api/seats/inactive?scope=org:octo-org");
        var seats = json.GetProperty("seats").EnumerateArray().ToList();
        Assert.Equal(o.InactiveIds, seats.Select(s => s.GetProperty("userId").GetInt64()).Order());
        var logins = snapshot!.Seats.Where(s => s.Assignee is not null).GroupBy(s => s.Assignee!.Id).ToDictionary(g => g.Key, g => g.First().Assignee!.Login);
        Assert.All(seats, s => Assert.Equal(logins[s.GetProperty("userId").GetInt64()], s.GetProperty("login").GetString()));
        Assert.All(seats, s => Assert.True(s.TryGetProperty("assignedSince", out _) && s.TryGetProperty("team", out _) && s.TryGetProperty("lastActivityAt", out _)));
        Assert.False(json.GetProperty("pseudonymized").GetBoolean());

        var response = await factory.CreateAdminClient().GetAsync("/api/seats/inactive?scope=org:octo-org&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("scope,snapshot_day,user_id,login,status,last_activity_at,last_activity_editor,assigned_since,team,pending_cancellation_date", lines[0]);
        Assert.Equal(o.InactiveIds.Count, lines.Length - 1);
        Assert.Equal(o.NeverUsed, lines.Count(l => l.Contains(",never-used,", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/api/seats?activeWithinDays=0")]
    [InlineData("/api/seats?activeWithinDays=366")]
    [InlineData("/api/seats?activeWithinDays=thirty")]
    [InlineData("/api/seats?scope=org:nobody")]
    [InlineData("/api/seats/inactive?format=xml")]
    [InlineData("/api/seats/inactive?activeWithinDays=-1")]
    [InlineData("/api/seats/inactive?scope=team:x")]
    public async Task Bad_input_is_400_problem_details(string url)
    {
        var detail = await (await factory.CreateAdminClient().GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(detail);
    }
}

/// <summary>The privacy settings at start-up and the pseudonyms of the per-user seat list.</summary>
public sealed class AnalyticsPrivacySettingsTests
{
    [Theory]
    [InlineData("MIN_GROUP_SIZE", "-1", "MIN_GROUP_SIZE must be a whole number between 0 and 1000 (got '-1').")]
    [InlineData("MIN_GROUP_SIZE", "five", "MIN_GROUP_SIZE must be a whole number between 0 and 1000 (got 'five').")]
    [InlineData("PSEUDONYM_SECRET", "short", "PSEUDONYM_SECRET must have at least 16 characters and no surrounding white space (or be empty to show logins).")]
    [InlineData("PSEUDONYM_SECRET", " sixteen-or-more-chars ", "PSEUDONYM_SECRET must have at least 16 characters and no surrounding white space (or be empty to show logins).")]
    public async Task A_bad_privacy_setting_stops_the_start_and_is_named(string variable, string value, string expected)
    {
        var settings = WebAppFactory.Demo();
        settings[variable] = value;
        await using var factory = new WebAppFactory(settings);

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains(expected, error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public async Task Inactive_seats_show_pseudonyms_in_json_and_csv_when_PSEUDONYM_SECRET_is_set()
    {
        const string secret = "web-test-secret-0123456789";
        var settings = WebAppFactory.Demo();
        settings["PSEUDONYM_SECRET"] = secret;
        await using var factory = new WebAppFactory(settings);
        var json = await factory.CreateAdminClient().GetJsonAsync("/api/seats/inactive?scope=org:octo-org");
        var snapshot = await factory.Store.GetLatestSeatSnapshotAsync(WebAppFactory.Org);
        var logins = snapshot!.Seats.Where(s => s.Assignee is not null).Select(s => s.Assignee!.Login).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(json.GetProperty("pseudonymized").GetBoolean());
        var seats = json.GetProperty("seats").EnumerateArray().ToList();
        Assert.NotEmpty(seats);
        Assert.All(seats, s => Assert.Equal(CopilotAnalytics.Pseudonym(secret, s.GetProperty("userId").GetInt64()), s.GetProperty("login").GetString()));
        var csv = await (await factory.CreateAdminClient().GetAsync("/api/seats/inactive?scope=org:octo-org&format=csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(logins, l => csv.Contains("," + l + ",", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(CopilotAnalytics.PseudonymPrefix, csv, StringComparison.Ordinal);
    }
}
