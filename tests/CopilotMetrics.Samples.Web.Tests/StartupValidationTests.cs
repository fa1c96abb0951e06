namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// A bad value stops the start: the shared variables are judged by the library's validators (the message names the
/// variable, the key and the value), the sample's own settings by the sample — every problem in one message.
/// </summary>
public sealed class StartupValidationTests
{
    // The CLI's tests go through every range; here, what the web host adds: the demo's window, the merged scopes.
    [Theory]
    [InlineData("SYNC_BACKFILL_DAYS", "a week", "SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be a whole number (got 'a week').")]
    [InlineData("SYNC_RETENTION_DAYS", "7", "SYNC_RETENTION_DAYS (CopilotMetrics:Sync:RetentionDays) must be 0 (keep everything) or at least BackfillDays (14) (got 7); BackfillDays from SYNC_BACKFILL_DAYS.")]
    [InlineData("GITHUB_SCOPES", "team:x", "GITHUB_SCOPES (CopilotMetrics:Sync:Scopes) entry 'team:x' is not a scope: write org:NAME or enterprise:SLUG.")]
    public async Task ASharedVariable_IsJudgedByTheLibrary_AndNamed(string variable, string value, string expected)
    {
        var settings = WebAppFactory.Demo();
        settings[variable] = value;
        await using var factory = new WebAppFactory(settings);

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.StartsWith("Invalid configuration:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public async Task EveryProblem_IsReportedAtOnce_TheSamplesOwnSettingsByTheSample()
    {
        var settings = WebAppFactory.Demo();
        settings["SYNC_SCHEDULE"] = "daily";
        settings["CopilotMetrics:Sync:MaxConcurrency"] = "65";
        settings["LEGACY_CACHE_SECONDS"] = "86401";
        settings["PER_USER_ACCESS"] = "sometimes";
        await using var factory = new WebAppFactory(settings);

        var lines = Assert.Throws<InvalidOperationException>(() => factory.CreateClient()).Message.Split(Environment.NewLine);

        Assert.Equal(
            [
                "Invalid configuration:",
                "PER_USER_ACCESS must be off, admin or open (got 'sometimes').",
                "LEGACY_CACHE_SECONDS must be a whole number between 0 and 86400 (got '86401').",
                "CopilotMetrics:Sync:MaxConcurrency must be between 1 and 64.",
                "SYNC_SCHEDULE (CopilotMetrics:Sync:Schedule) 'daily' is not a five-field cron expression such as '0 6 * * *'.",
            ],
            lines);
    }
}
