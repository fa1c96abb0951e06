namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// Every enum setting takes one of its documented names and nothing else: a number (<c>5</c>, <c>-1</c>) or a
/// comma-joined list (<c>admin,open</c>) would parse as a value nobody wrote — PER_USER_ACCESS=5 or admin,open made
/// per-user data public — so each stops the host at start. A blank admin secret does too.
/// </summary>
public sealed class StrictSettingsTests
{
    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("2")]
    [InlineData("admin,open")]
    [InlineData("off, open")]
    [InlineData("Open|Admin")]
    public async Task PerUserAccess_TakesItsNamesOnly(string value)
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["PER_USER_ACCESS"] = value;
        await using var factory = new WebAppFactory(settings);

        var lines = Assert.Throws<InvalidOperationException>(() => factory.CreateClient()).Message.Split(Environment.NewLine);

        Assert.Contains($"PER_USER_ACCESS must be off, admin or open (got '{value}').", lines);
    }

    [Theory]
    [InlineData("OPEN")]
    [InlineData(" admin ")]
    public async Task PerUserAccess_Names_IgnoreCaseAndSpace(string value)
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["PER_USER_ACCESS"] = value;
        await using var factory = new WebAppFactory(settings);
        var info = await factory.CreateClient().GetJsonAsync("/api/info");
        Assert.Equal(value.Trim().ToLowerInvariant(), info.GetProperty("perUserAccess").GetString());
    }

    [Theory]
    [InlineData("CopilotMetrics:Sync:Datasets:0", "1", "CopilotMetrics:Sync:Datasets:0 '1' is not one of Aggregate, Users, UserTeams, Repositories, Seats, AiCredits (one name, not a number or a list).")]
    [InlineData("CopilotMetrics:Sync:Datasets:0", "Users,Aggregate", "CopilotMetrics:Sync:Datasets:0 'Users,Aggregate' is not one of Aggregate, Users, UserTeams, Repositories, Seats, AiCredits (one name, not a number or a list).")]
    [InlineData("CopilotMetrics:Reader:MalformedLines", "1", "CopilotMetrics:Reader:MalformedLines '1' is not one of Throw, Skip (one name, not a number or a list).")]
    [InlineData("CopilotMetrics:Reader:MalformedLines", "Throw,Skip", "CopilotMetrics:Reader:MalformedLines 'Throw,Skip' is not one of Throw, Skip (one name, not a number or a list).")]
    public async Task TheLibrarysEnumOptions_TakeTheirNamesOnly(string key, string value, string expected)
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings[key] = value;
        await using var factory = new WebAppFactory(settings);

        var lines = Assert.Throws<InvalidOperationException>(() => factory.CreateClient()).Message.Split(Environment.NewLine);

        Assert.Contains(expected, lines);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Migrate,Validate")]
    public async Task ThePostgresSchemaMode_TakesItsNamesOnly(string value)
    {
        await using var factory = new WebAppFactory(new Dictionary<string, string?>
        {
            ["GITHUB_SIMULATOR"] = "true",
            ["GITHUB_SCOPES"] = "org:octo-org",
            ["DATABASE_URL"] = "postgres://app:secret@127.0.0.1:1/metrics", // never reached: the settings stop the start first
            ["SYNC_ENABLED"] = "false",
            ["CopilotMetrics:Postgres:SchemaMode"] = value,
        });

        var lines = Assert.Throws<InvalidOperationException>(() => factory.CreateClient()).Message.Split(Environment.NewLine);

        Assert.Contains($"CopilotMetrics:Postgres:SchemaMode '{value}' is not one of Migrate, Validate, None (one name, not a number or a list).", lines);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData(" secret")]
    [InlineData("secret ")]
    public async Task ABlankAdminSecret_OrOneWithSurroundingWhiteSpace_StopsTheStart(string secret)
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["ADMIN_API_SECRET"] = secret;
        await using var factory = new WebAppFactory(settings);

        var lines = Assert.Throws<InvalidOperationException>(() => factory.CreateClient()).Message.Split(Environment.NewLine);

        Assert.Contains("ADMIN_API_SECRET is blank or starts or ends with white space: set a secret without surrounding white space, or leave it empty to disable the admin endpoints.", lines);
    }

    [Fact]
    public async Task AnEmptyAdminSecret_IsNotSet()
    {
        var settings = WebAppFactory.Demo(backfillDays: 3);
        settings["ADMIN_API_SECRET"] = "";
        await using var factory = new WebAppFactory(settings);
        Assert.False((await factory.CreateClient().GetJsonAsync("/api/info")).GetProperty("adminEnabled").GetBoolean());
    }
}
