using System.Net;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>PER_USER_ACCESS off / open, and no admin secret: admin endpoints disabled, never open.</summary>
public sealed class AccessModeTests
{
    [Fact]
    public async Task NoSecret_DisablesAdminEndpoints_AndAdminModeUsers()
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings.Remove("ADMIN_API_SECRET");
        await using var factory = new WebAppFactory(settings);
        var anonymous = factory.CreateClient();
        var guessing = factory.CreateAdminClient("");
        var withHeader = factory.CreateAdminClient("anything");
        foreach (var client in new[] { anonymous, guessing, withHeader })
        {
            await (await client.PostEmptyAsync("/api/admin/sync")).ProblemAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync("/api/admin/sync-status")).ProblemAsync(HttpStatusCode.NotFound);
            var detail = await (await client.GetAsync("/api/users")).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains("ADMIN_API_SECRET", detail, StringComparison.Ordinal);
        }

        Assert.False((await anonymous.GetJsonAsync("/api/info")).GetProperty("adminEnabled").GetBoolean());
        await anonymous.GetJsonAsync("/api/teams"); // aggregates are unaffected
    }

    [Fact]
    public async Task PerUserOff_Is404_EvenWithTheSecret_AggregatesStay()
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["PER_USER_ACCESS"] = "off";
        await using var factory = new WebAppFactory(settings);
        var detail = await (await factory.CreateAdminClient().GetAsync("/api/users")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("PER_USER_ACCESS", detail, StringComparison.Ordinal);
        await (await factory.CreateClient().GetAsync("/api/users")).ProblemAsync(HttpStatusCode.NotFound);

        var teams = await factory.CreateClient().GetJsonAsync("/api/teams");
        Assert.NotEmpty(teams.GetProperty("teams").EnumerateArray());
        var historical = await factory.CreateClient().GetJsonAsync("/api/metrics/historical");
        Assert.True(historical.GetProperty("summary").GetProperty("dailyActiveUsers").GetInt32() > 0);
        await factory.CreateAdminClient().GetJsonAsync("/api/admin/sync-status"); // admin itself still works
    }

    [Fact]
    public async Task PerUserOpen_IsPublic()
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["PER_USER_ACCESS"] = "open";
        await using var factory = new WebAppFactory(settings);
        var json = await factory.CreateClient().GetJsonAsync("/api/users?scope=enterprise:octo-ent&limit=10");
        var range = new CopilotMetrics.Storage.DateRange(WebAppFactory.LastDay.AddDays(-27), WebAppFactory.LastDay);
        var page = await factory.Store.GetUserTotalsAsync(WebAppFactory.Enterprise, range, new CopilotMetrics.Storage.UserTotalsQuery { Limit = 10 });
        Assert.Equal(page.TotalUsers, json.GetProperty("totalUsers").GetInt32());
        Assert.Equal(10, json.GetProperty("items").GetArrayLength());
        Assert.Equal(page.Items[0].Login, json.GetProperty("items")[0].GetProperty("login").GetString());
        // Admin endpoints still need the secret.
        await (await factory.CreateClient().GetAsync("/api/admin/sync-status")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Users_json_leaves_out_ai_credits_that_no_row_reported()
    {
        await using var factory = new WebAppFactory(WebAppFactory.Demo(backfillDays: 3));
        var day = WebAppFactory.LastDay.AddDays(-20); // outside the sync's window: the test's rows stay as written
        CopilotMetrics.Reports.UserDayRecord[] users =
        [
            new() { Day = day, UserId = 1, UserLogin = "with-credits", UserInitiatedInteractionCount = 9, AiCreditsUsed = 12.5 },
            new() { Day = day, UserId = 2, UserLogin = "no-credits", UserInitiatedInteractionCount = 5 },
            new() { Day = day, UserId = 3, UserLogin = "zero-credits", UserInitiatedInteractionCount = 1, AiCreditsUsed = 0 },
        ];
        _ = factory.CreateClient(); // starts the host
        await factory.Store.ReplaceUserDayAsync(WebAppFactory.Org, day, users.ToAsyncEnumerable());

        var json = await factory.CreateAdminClient().GetJsonAsync($"/api/users?scope=org:octo-org&since={Http.Day(day)}&until={Http.Day(day)}");

        var items = json.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("login").GetString()!);
        Assert.Equal(12.5, items["with-credits"].GetProperty("aiCreditsUsed").GetDouble());
        Assert.False(items["no-credits"].TryGetProperty("aiCreditsUsed", out _), items["no-credits"].ToString());
        Assert.Equal(0, items["zero-credits"].GetProperty("aiCreditsUsed").GetDouble());
    }
}
