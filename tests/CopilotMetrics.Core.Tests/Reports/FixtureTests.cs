using CopilotMetrics.Reports;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Core.Tests.Reports;

/// <summary>The example lines from GitHub's documented schema give the values they hold.</summary>
public sealed class FixtureTests
{
    [Fact]
    public async Task Users_1_day_line_gives_every_documented_value()
    {
        var records = await ToListAsync(ReportReader.ReadUsersAsync(File.OpenRead(Fixture("users-1-day.example.ndjson"))));

        var user = Assert.Single(records);
        Assert.Equal(new DateOnly(2026, 6, 3), user.Day);
        Assert.Equal("48213", user.EnterpriseId);
        Assert.Equal("9917342", user.OrganizationId);
        Assert.Equal(5820417L, user.UserId);
        Assert.Equal("jdoe", user.UserLogin);
        Assert.Equal((23L, 61L, 19L, 140L, 0L, 388L, 57L), (user.UserInitiatedInteractionCount, user.CodeGenerationActivityCount, user.CodeAcceptanceActivityCount, user.LocSuggestedToAddSum, user.LocSuggestedToDeleteSum, user.LocAddedSum, user.LocDeletedSum));
        Assert.True(user.UsedAgent);
        Assert.True(user.UsedChat);
        Assert.False(user.UsedCli);
        Assert.False(user.UsedCopilotCloudAgent);
        Assert.Null(user.UsedCopilotCodeReviewActive);
        Assert.True(user.UsedCopilotCodeReviewPassive);
        Assert.Equal(41.5, user.AiCreditsUsed);
        Assert.Equal(2, user.AiAdoptionPhase!.PhaseNumber);
        Assert.Equal("Phase 2", user.AiAdoptionPhase.Phase);
        Assert.Equal("v1", user.AiAdoptionPhase.Version);
        Assert.Null(user.TotalsByCli);
        Assert.Null(user.ReportStartDay);

        var ide = Assert.Single(user.TotalsByIde);
        Assert.Equal("vscode", ide.Ide);
        Assert.Equal(61, ide.CodeGenerationActivityCount);
        Assert.Equal("1.108.2", ide.LastKnownIdeVersion!.Version);
        Assert.Equal(new DateTimeOffset(2026, 6, 3, 16, 41, 2, TimeSpan.Zero), ide.LastKnownIdeVersion.SampledAt);
        Assert.Equal("copilot-chat", ide.LastKnownPluginVersion!.Plugin);
        Assert.Equal("0.37.1", ide.LastKnownPluginVersion.Version);

        Assert.Equal(["code_completion", "agent_edit", "chat_panel_agent_mode"], user.TotalsByFeature.Select(f => f.Feature));
        Assert.Equal(340, user.TotalsByFeature[1].LocAddedSum);
        Assert.Equal(57, user.TotalsByFeature[1].LocDeletedSum);
        var language = Assert.Single(user.TotalsByLanguageFeature);
        Assert.Equal(("typescript", "code_completion", 15L), (language.Language, language.Feature, language.CodeAcceptanceActivityCount));
        Assert.Empty(user.TotalsByLanguageModel);
        var model = Assert.Single(user.TotalsByModelFeature);
        Assert.Equal(("gpt-5.4", "chat_panel_agent_mode", 23L), (model.Model, model.Feature, model.UserInitiatedInteractionCount));
        Assert.Null(user.AdditionalProperties);
    }

    [Fact]
    public async Task Users_28_day_line_carries_the_window_and_cli_totals()
    {
        var user = Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(File.OpenRead(Fixture("users-28-day.example.ndjson")))));

        Assert.Equal(new DateOnly(2026, 5, 7), user.ReportStartDay);
        Assert.Equal(new DateOnly(2026, 6, 3), user.ReportEndDay);
        Assert.Equal(new DateOnly(2026, 5, 12), user.Day);
        Assert.Null(user.OrganizationId);
        Assert.Equal(7710023L, user.UserId);
        Assert.Equal(0, user.AiAdoptionPhase!.PhaseNumber);
        Assert.Equal("No Cohort", user.AiAdoptionPhase.Phase);
        Assert.Null(user.AiCreditsUsed);
        var cli = user.TotalsByCli!;
        Assert.Equal((1L, 6L, 2L), (cli.SessionCount, cli.RequestCount, cli.PromptCount));
        Assert.Equal((3100L, 70500L, 12266.7), (cli.TokenUsage!.OutputTokensSum, cli.TokenUsage.PromptTokensSum, cli.TokenUsage.AverageTokensPerRequest!.Value));
        Assert.Equal("1.0.12", cli.LastKnownCliVersion!.Version);
        Assert.Equal(("csharp", "auto"), (user.TotalsByLanguageModel[0].Language, user.TotalsByLanguageModel[0].Model));
        Assert.Equal("visualstudio", user.TotalsByIde[0].Ide);
    }

    [Fact]
    public async Task Organization_1_day_file_is_one_aggregate_day()
    {
        var day = Assert.Single(await ToListAsync(ReportReader.ReadAggregateDaysAsync(File.OpenRead(Fixture("organization-1-day.example.ndjson")))));

        Assert.Equal(new DateOnly(2026, 6, 3), day.Day);
        Assert.Equal("9917342", day.OrganizationId);
        Assert.Equal((41, 63, 88, 57, 34), (day.DailyActiveUsers, day.WeeklyActiveUsers, day.MonthlyActiveUsers, day.MonthlyActiveChatUsers, day.MonthlyActiveAgentUsers));
        Assert.Equal((3, 6, 9), (day.DailyActiveCopilotCloudAgentUsers, day.WeeklyActiveCopilotCloudAgentUsers, day.MonthlyActiveCopilotCloudAgentUsers));
        Assert.Equal(5, day.DailyActiveCopilotCodeReviewUsers);
        Assert.Equal(22, day.MonthlyPassiveCopilotCodeReviewUsers);
        Assert.Equal(4, day.DailyActiveCliUsers);
        Assert.Equal((1680L, 493L, 6875L), (day.CodeGenerationActivityCount, day.CodeAcceptanceActivityCount, day.LocAddedSum));
        Assert.Equal(["vscode", "intellij"], day.TotalsByIde.Select(i => i.Ide));
        Assert.Null(day.TotalsByIde[0].LastKnownIdeVersion);
        Assert.Equal(3, day.TotalsByFeature.Count);
        Assert.Equal(16842.1, day.TotalsByCli!.TokenUsage!.AverageTokensPerRequest);
        var phase = Assert.Single(day.TotalsByAiAdoptionPhase!);
        Assert.Equal(("Phase 2", 17L, 212.0), (phase.Phase, phase.TotalEngagedUsers, phase.AveragePullRequestsMedianMinutesToMerge!.Value));
        var prs = day.PullRequests!;
        Assert.Equal((37L, 52L, 29L, 318.5), (prs.TotalCreated, prs.TotalReviewed, prs.TotalMerged, prs.MedianMinutesToMerge!.Value));
        Assert.Equal(95.0, prs.MedianMinutesToMergeCopilotAuthored);
        var comment = Assert.Single(prs.CopilotSuggestionsByCommentType);
        Assert.Equal(("bug_risk", 22L, 8L), (comment.CommentType, comment.TotalCopilotSuggestions, comment.TotalCopilotAppliedSuggestions));
    }

    [Fact]
    public async Task Enterprise_28_day_wrapper_yields_its_day_totals()
    {
        var day = Assert.Single(await ToListAsync(ReportReader.ReadAggregateDaysAsync(File.OpenRead(Fixture("enterprise-28-day.example.ndjson")))));

        Assert.Equal(new DateOnly(2026, 5, 7), day.Day);
        Assert.Equal("48213", day.EnterpriseId);
        Assert.Null(day.OrganizationId);
        Assert.Equal(120, day.DailyActiveUsers);
        Assert.Equal(230, day.MonthlyActiveUsers);
        Assert.Equal(20420, day.LocAddedSum);
        Assert.Null(day.DailyActiveCopilotCloudAgentUsers);
        Assert.Equal(90, day.PullRequests!.TotalCreated);
        Assert.Empty(day.TotalsByFeature);
    }

    [Fact]
    public async Task User_teams_file_gives_one_record_per_pair()
    {
        var pairs = await ToListAsync(ReportReader.ReadUserTeamsAsync(File.OpenRead(Fixture("user-teams-1-day.example.ndjson"))));

        Assert.Equal([(5820417L, 301552L, "platform-api"), (5820417L, 301560L, "payments")], pairs.Select(p => (p.UserId, p.TeamId, p.Slug)));
        Assert.All(pairs, p => Assert.Equal(new DateOnly(2026, 6, 3), p.Day));
        Assert.All(pairs, p => Assert.Equal("9917342", p.OrganizationId));
    }

    [Theory]
    [InlineData("users-1-day.example.ndjson")]
    [InlineData("users-28-day.example.ndjson")]
    public async Task Hand_written_parser_agrees_with_the_source_generated_serializer(string fixture)
    {
        var lines = File.ReadAllLines(Fixture(fixture)).Where(l => l.Length > 0).ToList();
        var records = await ToListAsync(ReportReader.ReadUsersAsync(File.OpenRead(Fixture(fixture))));

        Assert.Equal(lines.Count, records.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var viaSerializer = ReportJson.Deserialize<UserDayRecord>(System.Text.Encoding.UTF8.GetBytes(lines[i]));
            Assert.Equal(ReportJson.Serialize(viaSerializer), ReportJson.Serialize(records[i]));
        }
    }
}
