using System.Text;
using System.Text.Json;
using CopilotMetrics.Reports;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Core.Tests.Reports;

/// <summary>
/// The fields GitHub added July–September 2026, read from the synthetic 2026-09 fixtures (tests/Fixtures/README.md):
/// every value as written in the file, and the same records from the hand-written parser and the source-generated one.
/// </summary>
public sealed class NewFieldsFixtureTests
{
    private const string Users = "users-1-day.2026-09.example.ndjson";
    private const string Organization = "organization-1-day.2026-09.example.ndjson";
    private const string Enterprise28 = "enterprise-28-day.2026-09.example.ndjson";
    private const string Repositories = "repos-1-day.2026-09.example.ndjson";

    [Fact]
    public async Task Per_user_line_gives_every_new_value()
    {
        var records = await ToListAsync(ReportReader.ReadUsersAsync(File.OpenRead(Fixture(Users))));
        Assert.Equal(2, records.Count);
        var user = records[0];

        Assert.Equal((true, true), (user.UsedCopilotApp, user.UsedVscodeAgent));
        Assert.Equal(63.25, user.AiCreditsUsed);
        Assert.Equal((4L, 2L, 3L, 3L, 1L), (user.DistinctSkillUseCount, user.DistinctCustomAgentUseCount, user.DistinctMcpUseCount, user.DistinctSlashCommandUseCount, user.DistinctPluginUseCount));

        var app = user.TotalsByCopilotApp!;
        Assert.Equal((2L, 14L, 5L), (app.SessionCount, app.RequestCount, app.PromptCount));
        Assert.Equal((9100L, 187000L, 14007.1), (app.TokenUsage!.OutputTokensSum, app.TokenUsage.PromptTokensSum, app.TokenUsage.AverageTokensPerRequest!.Value));
        Assert.Equal((3L, 11L), (user.TotalsByVscodeAgent!.SessionCount, user.TotalsByVscodeAgent.TotalUserMessages));

        Assert.Equal([("3105566", "Claude", 2L), ("3105871", "Codex", 1L)], user.TotalsByThirdPartyAgent.Select(a => (a.AgentId!, a.AgentName!, a.UserInitiatedInteractionCount!.Value)));
        Assert.All(user.TotalsByThirdPartyAgent, a => Assert.Null(a.SessionCount)); // per-user entries carry none

        Assert.Equal([("other", 6L), ("pr-summary", 2L)], user.TotalsBySkill.Select(s => (s.Skill!, s.InteractionCount!.Value)));
        Assert.Equal([("explore", 3L), ("other", 1L)], user.TotalsByCustomAgent.Select(s => (s.CustomAgent!, s.InteractionCount!.Value)));
        Assert.Equal([("github-mcp-server", 4L), ("other", 2L)], user.TotalsByMcp.Select(s => (s.Mcp!, s.InteractionCount!.Value)));
        Assert.Equal([("/plan", 2L), ("/model", 1L), ("custom", 1L)], user.TotalsBySlashCommand.Select(s => (s.SlashCommand!, s.InteractionCount!.Value)));
        Assert.Equal([("other", 4L)], user.TotalsByPlugin.Select(s => (s.Plugin!, s.InteractionCount!.Value)));
        Assert.Equal(["other", "pr-summary"], user.TotalsBySkill.Select(s => s.Name)); // Name is the item's key, whichever list
        Assert.Equal("1.0.31", user.TotalsByCli!.LastKnownCliVersion!.Version);
        Assert.Null(user.AdditionalProperties);

        // The second user: explicit nulls read as null (lists as empty), an empty array as empty, absent as null.
        var quiet = records[1];
        Assert.Equal((false, false), (quiet.UsedCopilotApp, quiet.UsedVscodeAgent));
        Assert.Null(quiet.DistinctSkillUseCount);
        Assert.Null(quiet.DistinctMcpUseCount);
        Assert.Null(quiet.TotalsByCopilotApp);
        Assert.Null(quiet.TotalsByVscodeAgent);
        Assert.Empty(quiet.TotalsBySkill);
        Assert.Empty(quiet.TotalsByThirdPartyAgent);
        Assert.Empty(quiet.TotalsByMcp);
        Assert.Null(quiet.AdditionalProperties);
    }

    [Fact]
    public async Task Aggregate_day_gives_every_new_value()
    {
        var day = Assert.Single(await ToListAsync(ReportReader.ReadAggregateDaysAsync(File.OpenRead(Fixture(Organization)))));

        Assert.Equal((6, 9, 14), (day.DailyActiveCliUsers, day.WeeklyActiveCliUsers, day.MonthlyActiveCliUsers));
        Assert.Equal((5, 8, 11), (day.DailyActiveCopilotAppUsers, day.WeeklyActiveCopilotAppUsers, day.MonthlyActiveCopilotAppUsers));
        Assert.Equal((4, 7, 10), (day.DailyActiveVscodeAgentUsers, day.WeeklyActiveVscodeAgentUsers, day.MonthlyActiveVscodeAgentUsers));
        Assert.Equal((5, 11, 19, 7, 15, 22), (day.DailyActiveCopilotCodeReviewUsers, day.WeeklyActiveCopilotCodeReviewUsers, day.MonthlyActiveCopilotCodeReviewUsers, day.DailyPassiveCopilotCodeReviewUsers, day.WeeklyPassiveCopilotCodeReviewUsers, day.MonthlyPassiveCopilotCodeReviewUsers));
        Assert.Equal((9L, 4L, 6L, 8L, 3L), (day.DistinctSkillUseCount, day.DistinctCustomAgentUseCount, day.DistinctMcpUseCount, day.DistinctSlashCommandUseCount, day.DistinctPluginUseCount));
        Assert.Equal((6L, 71L, 24L), (day.TotalsByCopilotApp!.SessionCount, day.TotalsByCopilotApp.RequestCount, day.TotalsByCopilotApp.PromptCount));
        Assert.Equal((12L, 47L), (day.TotalsByVscodeAgent!.SessionCount, day.TotalsByVscodeAgent.TotalUserMessages));
        Assert.Equal([("3105566", 7L, 6L), ("3105871", 3L, 3L)], day.TotalsByThirdPartyAgent.Select(a => (a.AgentId!, a.UserInitiatedInteractionCount!.Value, a.SessionCount!.Value)));
        Assert.Equal(5, day.TotalsBySkill.Count);
        Assert.Equal(41, day.TotalsBySkill[0].InteractionCount);
        Assert.Equal(["explore", "other", "task"], day.TotalsByCustomAgent.Select(a => a.CustomAgent));
        Assert.Equal(["github-mcp-server", "other", "playwright"], day.TotalsByMcp.Select(a => a.Mcp));
        Assert.Equal("custom", day.TotalsBySlashCommand[1].SlashCommand);
        Assert.Equal(17, Assert.Single(day.TotalsByPlugin).InteractionCount);

        var phase = Assert.Single(day.TotalsByAiAdoptionPhase!);
        Assert.Equal((10L, 64.5, 2.0), (phase.TotalPullRequestsMerged!.Value, phase.AveragePullRequestsMinutesToReview!.Value, phase.AveragePullRequestsReviewCycles!.Value));
        Assert.Equal(["bug_risk", "security"], day.PullRequests!.CopilotSuggestionsByCommentType.Select(c => c.CommentType));
        Assert.Null(day.AdditionalProperties);
    }

    [Fact]
    public async Task The_28_day_wrapper_yields_new_fields_and_keeps_its_unknown_object()
    {
        var days = await ToListAsync(ReportReader.ReadAggregateDaysAsync(File.OpenRead(Fixture(Enterprise28))));
        Assert.Equal([new DateOnly(2026, 9, 23), new DateOnly(2026, 9, 24)], days.Select(d => d.Day));
        Assert.Equal([12L, 18L], days.Select(d => d.TotalsByCopilotApp!.SessionCount!.Value));
        Assert.All(days, d => Assert.Null(d.OrganizationId));

        // copilot_feature_engagement is seen in one third-party parser only: not typed, kept with the wrapper.
        var wrapper = ReportJson.Deserialize<AggregateReport>(FixtureBytes(Enterprise28));
        Assert.Equal(230, wrapper.AdditionalProperties!["copilot_feature_engagement"].GetProperty("active_user_count").GetInt32());
        Assert.Contains("\"copilot_feature_engagement\":", ReportJson.Serialize(wrapper), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repository_rows_give_owner_bare_name_visibility_pull_requests_and_review_times()
    {
        var rows = await ToListAsync(ReportReader.ReadRepositoriesAsync(File.OpenRead(Fixture(Repositories))));

        Assert.Equal(
            [(771203344L, "octo-org", "payments-api", "PRIVATE"), (771209981L, "octo-org", "docs-site", "PUBLIC"), (771215020L, "octo-org", "build-tools", "INTERNAL")],
            rows.Select(r => (r.RepositoryId!.Value, r.RepositoryOwnerName!, r.RepositoryName!, r.RepositoryVisibility!)));
        Assert.All(rows, r => Assert.Equal((new DateOnly(2026, 9, 25), "48213", "9917342"), (r.Day!.Value, r.EnterpriseId!, r.OrganizationId!)));

        var prs = rows[0].PullRequests!;
        Assert.Equal((6L, 9L, 5L, 272.0), (prs.TotalCreated, prs.TotalReviewed, prs.TotalMerged, prs.MedianMinutesToMerge!.Value));
        Assert.Equal((14L, 6L, 2L, 4L, 1L, 3L), (prs.TotalSuggestions, prs.TotalAppliedSuggestions, prs.TotalCreatedByCopilot, prs.TotalReviewedByCopilot, prs.TotalMergedCreatedByCopilot, prs.TotalMergedReviewedByCopilot));
        Assert.Equal((88.0, 301.5, 9L, 4L), (prs.MedianMinutesToMergeCopilotAuthored!.Value, prs.MedianMinutesToMergeCopilotReviewed!.Value, prs.TotalCopilotSuggestions, prs.TotalCopilotAppliedSuggestions));
        Assert.Equal(2, prs.CopilotSuggestionsByCommentType.Count);

        var times = Assert.Single(rows[0].PullRequestReviewTimes!);
        Assert.Equal(("human", "human", 3L), (times.AuthoredBy!, times.ReviewedBy!, times.TotalMerged!.Value));
        Assert.Equal((42.5, 180.0, 35.0, 240.0, 12.0, 95.5), (times.MedianMinutesReadyToFirstReview!.Value, times.P90MinutesReadyToFirstReview!.Value, times.MedianMinutesFirstToFinalReview!.Value, times.P90MinutesFirstToFinalReview!.Value, times.MedianMinutesFinalReviewToMerge!.Value, times.P90MinutesFinalReviewToMerge!.Value));

        // A quiet day is an empty array (reported, nothing merged); a single review gives 0 from first to final review.
        Assert.Empty(rows[1].PullRequestReviewTimes!);
        Assert.Null(rows[1].PullRequests!.MedianMinutesToMergeCopilotReviewed);
        Assert.Equal(0.0, Assert.Single(rows[2].PullRequestReviewTimes!).MedianMinutesFirstToFinalReview);
        Assert.All(rows, r => Assert.Null(r.AdditionalProperties));
    }

    [Fact]
    public async Task Review_times_absent_are_not_reported_and_written_back_absent()
    {
        const string Before = """{"day":"2026-09-18","repo_id":1,"repo_owner_name":"o","repo_name":"r","repo_visibility":"PRIVATE","pull_requests":{"total_merged":2}}""";

        var row = Assert.Single(await ToListAsync(ReportReader.ReadRepositoriesAsync(Utf8(Before))));

        Assert.Null(row.PullRequestReviewTimes);
        Assert.DoesNotContain("pull_request_review_times", ReportJson.Serialize(row), StringComparison.Ordinal);
    }

    public static TheoryData<string> PerUserLines()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Fixture(Users)).Where(l => l.Length > 0))
        {
            data.Add(line);

            // And each line with every new value made null, to cover the parsers' null paths.
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            foreach (var key in node.Select(p => p.Key).Where(IsNewUserField).ToList())
            {
                node[key] = null;
            }

            data.Add(node.ToJsonString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PerUserLines))]
    public async Task Hand_written_parser_and_source_generated_serializer_agree_field_for_field(string line)
    {
        var viaParser = Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(Utf8(line))));
        var viaSerializer = ReportJson.Deserialize<UserDayRecord>(Encoding.UTF8.GetBytes(line));

        // Field for field: both records written with the same metadata, compared as text and as a property tree.
        var a = ReportJson.Serialize(viaParser);
        var b = ReportJson.Serialize(viaSerializer);
        Assert.Equal(b, a);
        Assert.True(JsonElementComparer.DeepEquals(JsonDocument.Parse(a).RootElement, JsonDocument.Parse(b).RootElement));

        // And both keep every value of the line (nothing dropped, nothing renamed), but for the count the language rows lack
        // and always write as 0 (LanguageFeatureTotals' remarks).
        var written = System.Text.Json.Nodes.JsonNode.Parse(a)!;
        foreach (var key in new[] { "totals_by_language_feature", "totals_by_language_model" })
        {
            foreach (var row in written[key]?.AsArray() ?? [])
            {
                Assert.Equal(0, (int)row!["user_initiated_interaction_count"]!);
                row.AsObject().Remove("user_initiated_interaction_count");
            }
        }

        Assert.True(JsonElementComparer.DeepEquals(JsonDocument.Parse(line).RootElement, JsonDocument.Parse(written.ToJsonString()).RootElement, ignoreNulls: true), a);
    }

    private static bool IsNewUserField(string key) =>
        key is "used_copilot_app" or "used_vscode_agent" or "totals_by_copilot_app" or "totals_by_vscode_agent" or "totals_by_3rd_party_agent"
            || key.StartsWith("distinct_", StringComparison.Ordinal)
            || key is "totals_by_skill" or "totals_by_custom_agent" or "totals_by_mcp" or "totals_by_slash_cmd" or "totals_by_plugin";
}
