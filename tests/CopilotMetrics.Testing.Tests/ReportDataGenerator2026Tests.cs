using System.Text;
using CopilotMetrics.Reports;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Testing.Tests;

/// <summary>
/// The fields GitHub added July–September 2026 in generated data: each from the day GitHub added it, with GitHub's rules
/// (masks, top five, distinct counts, plugins within skills, surfaces outside the IDE counts, review times from
/// 2026-09-21), and consistent between per-user rows, the aggregate and the repository rows. Expected values are
/// recomputed here from the per-user records, never read back from the aggregate under test.
/// </summary>
public sealed class ReportDataGenerator2026Tests
{
    /// <summary>A Wednesday with every new field.</summary>
    private static readonly DateOnly October = new(2026, 10, 7);

    private static readonly string[] NewUserKeys =
    [
        "used_copilot_app", "used_vscode_agent", "totals_by_copilot_app", "totals_by_vscode_agent", "totals_by_3rd_party_agent",
        "totals_by_skill", "totals_by_custom_agent", "totals_by_mcp", "totals_by_slash_cmd", "totals_by_plugin", "distinct_",
    ];

    private static readonly string[] NewAggregateKeys =
    [
        "weekly_active_cli_users", "monthly_active_cli_users", "copilot_app_users", "\"totals_by_copilot_app\"", "vscode_agent", "totals_by_3rd_party_agent",
        "totals_by_skill", "distinct_", "total_pull_requests_merged", "avg_pull_requests_minutes_to_review",
    ];

    private static ReportDataGenerator Generator(int users = 2000, string? organizationId = "9917342") =>
        new(new ReportDataGeneratorOptions { Seed = 4, Users = users, OrganizationId = organizationId });

    [Fact]
    public void Days_before_GitHub_added_the_fields_have_none_of_them()
    {
        var generator = Generator(users: 400);
        var day = new DateOnly(2026, 6, 24);

        var users = Encoding.UTF8.GetString(ReportDataGenerator.ToNdjson(generator.GenerateUsers(day)));
        var aggregate = ReportJson.Serialize(generator.GenerateAggregate(day));
        var repositories = Encoding.UTF8.GetString(ReportDataGenerator.ToNdjson(generator.GenerateRepositories(day)));

        Assert.All(NewUserKeys, k => Assert.DoesNotContain(k, users, StringComparison.Ordinal));
        Assert.All(NewAggregateKeys, k => Assert.DoesNotContain(k, aggregate, StringComparison.Ordinal));
        Assert.DoesNotContain("pull_request_review_times", repositories, StringComparison.Ordinal);
        Assert.Contains("\"repo_owner_name\":\"octo-org\"", repositories, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Milestones() => new()
    {
        // field (in the JSON), the last day without it, the first day with it (GitHub's changelog dates)
        { "aggregate", "total_pull_requests_merged", "2026-06-26" },
        { "aggregate", "avg_pull_requests_review_cycles", "2026-07-07" },
        { "aggregate", "daily_active_copilot_app_users", "2026-07-17" },
        { "aggregate", "totals_by_copilot_app", "2026-07-17" },
        { "users", "used_copilot_app", "2026-07-28" },
        { "users", "totals_by_copilot_app", "2026-07-28" },
        { "users", "totals_by_3rd_party_agent", "2026-08-07" },
        { "aggregate", "totals_by_3rd_party_agent", "2026-08-07" },
        { "users", "used_vscode_agent", "2026-09-11" },
        { "aggregate", "daily_active_vscode_agent_users", "2026-09-11" },
        { "users", "totals_by_skill", "2026-09-17" },
        { "aggregate", "distinct_mcp_use_count", "2026-09-17" },
        { "repos", "pull_request_review_times", "2026-09-21" },
    };

    [Theory]
    [MemberData(nameof(Milestones))]
    public void Each_field_starts_on_the_day_GitHub_added_it(string report, string field, string firstDay)
    {
        var generator = Generator(users: 1500);
        var first = DateOnly.Parse(firstDay, System.Globalization.CultureInfo.InvariantCulture);
        // A weekday on both sides, so that there is activity to report.
        string Json(DateOnly day) => report switch
        {
            "users" => Encoding.UTF8.GetString(ReportDataGenerator.ToNdjson(generator.GenerateUsers(day))),
            "repos" => Encoding.UTF8.GetString(ReportDataGenerator.ToNdjson(generator.GenerateRepositories(day))),
            _ => ReportJson.Serialize(generator.GenerateAggregate(day)),
        };

        var before = first.AddDays(first.DayOfWeek == DayOfWeek.Monday ? -3 : -1);
        Assert.DoesNotContain($"\"{field}\"", Json(before), StringComparison.Ordinal);
        var on = first.DayOfWeek is DayOfWeek.Saturday ? first.AddDays(2) : first.DayOfWeek is DayOfWeek.Sunday ? first.AddDays(1) : first;
        Assert.Contains($"\"{field}\"", Json(on), StringComparison.Ordinal);
    }

    [Fact]
    public void Per_user_rows_follow_GitHubs_rules_for_the_new_fields()
    {
        var records = Generator().GenerateUsers(October).ToList();
        Assert.True(records.Count > 1000);

        foreach (var r in records)
        {
            Assert.NotNull(r.UsedCopilotApp);
            Assert.NotNull(r.UsedVscodeAgent);
            Assert.Equal(r.UsedCopilotApp == true, r.TotalsByCopilotApp is not null);
            Assert.Equal(r.UsedVscodeAgent == true, r.TotalsByVscodeAgent is not null);
            if (r.TotalsByCopilotApp is { } app)
            {
                Assert.True(app.SessionCount > 0 && app.RequestCount >= app.PromptCount && app.PromptCount > 0);
                Assert.Equal(Math.Round((double)(app.TokenUsage!.OutputTokensSum + app.TokenUsage.PromptTokensSum) / app.RequestCount!.Value, 1), app.TokenUsage.AverageTokensPerRequest);
            }

            Assert.All(r.TotalsByThirdPartyAgent, a => Assert.True(a.UserInitiatedInteractionCount > 0 && a.SessionCount is null && a.AgentId is not null && a.AgentName is not null));

            // The surfaces outside the IDE are not in the IDE breakdowns: the counters are still exactly the IDE and feature rows.
            Assert.Equal(ReportDataGeneratorTests.Counters(r), ReportDataGeneratorTests.Sum(r.TotalsByIde));
            Assert.Equal(ReportDataGeneratorTests.Counters(r), ReportDataGeneratorTests.Sum(r.TotalsByFeature));

            // CLI customizations: for CLI users, in full (empty arrays and zeros when none were used); absent otherwise.
            Assert.Equal(r.TotalsByCli is not null, r.DistinctSkillUseCount is not null);
            Assert.Equal(r.TotalsByCli is not null, r.DistinctPluginUseCount is not null);
            AssertCustomizations(r.TotalsBySkill, r.DistinctSkillUseCount, "other");
            AssertCustomizations(r.TotalsByCustomAgent, r.DistinctCustomAgentUseCount, "other");
            AssertCustomizations(r.TotalsByMcp, r.DistinctMcpUseCount, "other");
            AssertCustomizations(r.TotalsBySlashCommand, r.DistinctSlashCommandUseCount, "custom");
            AssertCustomizations(r.TotalsByPlugin, r.DistinctPluginUseCount, "other");
            Assert.True(r.TotalsByPlugin.Sum(p => p.InteractionCount) <= r.TotalsBySkill.Sum(s => s.InteractionCount), $"user {r.UserId}: plugins exceed skills");
        }

        // Realistic shares: a minority on each new surface, but every surface in use.
        var n = (double)records.Count;
        Assert.InRange(records.Count(r => r.UsedCopilotApp == true) / n, 0.02, 0.3);
        Assert.InRange(records.Count(r => r.UsedVscodeAgent == true) / n, 0.01, 0.3);
        Assert.InRange(records.Count(r => r.TotalsByThirdPartyAgent.Count > 0) / n, 0.005, 0.15);
        Assert.Contains(records, r => r.TotalsBySkill.Any(s => s.Skill == "other"));
        Assert.Contains(records, r => r.TotalsBySkill.Any(s => s.Skill != "other"));
        Assert.Contains(records, r => r.TotalsBySlashCommand.Any(s => s.SlashCommand == "custom"));
        Assert.Contains(records, r => r.TotalsByMcp.Count > 0);
        Assert.Contains(records, r => r.TotalsByPlugin.Count > 0);
        Assert.Contains(records, r => r.TotalsByCli is not null && r.TotalsBySkill.Count == 0 && r.DistinctSkillUseCount == 0);
    }

    private static void AssertCustomizations<T>(IReadOnlyList<T> items, long? distinct, string mask)
        where T : CustomizationTotals
    {
        Assert.InRange(items.Count, 0, 5);
        Assert.All(items, i => Assert.True(i.InteractionCount > 0 && !string.IsNullOrEmpty(i.Name)));
        Assert.Equal(items.OrderByDescending(i => i.InteractionCount).Select(i => i.InteractionCount), items.Select(i => i.InteractionCount));
        Assert.Equal(items.Count, items.Select(i => i.Name).Distinct().Count());
        Assert.DoesNotContain(items, i => i.Name == (mask == "other" ? "custom" : "other"));
        if (distinct is { } d)
        {
            // Each named entry is one item; the masked entry is one or more.
            Assert.True(d >= items.Count, $"distinct {d} < {items.Count} entries");
        }
        else
        {
            Assert.Empty(items);
        }
    }

    [Fact]
    public void The_aggregate_is_recomputed_from_the_users_with_scope_wide_distinct_counts()
    {
        var generator = Generator();
        var window = Enumerable.Range(0, 28).Select(d => October.AddDays(-d)).ToDictionary(day => day, day => generator.GenerateUsers(day).ToList());
        var users = window[October];
        int Distinct(int days, Func<UserDayRecord, bool> filter) =>
            window.Where(kv => kv.Key > October.AddDays(-days)).SelectMany(kv => kv.Value).Where(filter).Select(r => r.UserId).Distinct().Count();

        var aggregate = generator.GenerateAggregate(October);

        Assert.Equal(users.Count(u => u.UsedCopilotApp == true), aggregate.DailyActiveCopilotAppUsers);
        Assert.Equal(Distinct(7, u => u.UsedCopilotApp == true), aggregate.WeeklyActiveCopilotAppUsers);
        Assert.Equal(Distinct(28, u => u.UsedCopilotApp == true), aggregate.MonthlyActiveCopilotAppUsers);
        Assert.Equal(users.Count(u => u.UsedVscodeAgent == true), aggregate.DailyActiveVscodeAgentUsers);
        Assert.Equal(Distinct(7, u => u.UsedVscodeAgent == true), aggregate.WeeklyActiveVscodeAgentUsers);
        Assert.Equal(Distinct(28, u => u.UsedVscodeAgent == true), aggregate.MonthlyActiveVscodeAgentUsers);
        Assert.Equal(Distinct(7, u => u.UsedCli), aggregate.WeeklyActiveCliUsers);
        Assert.Equal(Distinct(28, u => u.UsedCli), aggregate.MonthlyActiveCliUsers);

        var apps = users.Where(u => u.TotalsByCopilotApp is not null).Select(u => u.TotalsByCopilotApp!).ToList();
        Assert.Equal((apps.Sum(a => a.SessionCount), apps.Sum(a => a.RequestCount), apps.Sum(a => a.PromptCount)), (aggregate.TotalsByCopilotApp!.SessionCount, aggregate.TotalsByCopilotApp.RequestCount, aggregate.TotalsByCopilotApp.PromptCount));
        Assert.Equal(apps.Sum(a => a.TokenUsage!.PromptTokensSum), aggregate.TotalsByCopilotApp.TokenUsage!.PromptTokensSum);
        Assert.Equal(users.Sum(u => u.TotalsByVscodeAgent?.TotalUserMessages ?? 0), aggregate.TotalsByVscodeAgent!.TotalUserMessages);

        // Third-party agents: starts summed per agent id; sessions only in the aggregate, at least one per user who started one.
        foreach (var agent in aggregate.TotalsByThirdPartyAgent)
        {
            var entries = users.SelectMany(u => u.TotalsByThirdPartyAgent).Where(a => a.AgentId == agent.AgentId).ToList();
            Assert.Equal(entries.Sum(a => a.UserInitiatedInteractionCount), agent.UserInitiatedInteractionCount);
            Assert.InRange(agent.SessionCount!.Value, entries.Count, agent.UserInitiatedInteractionCount!.Value);
        }

        Assert.Equal(users.SelectMany(u => u.TotalsByThirdPartyAgent).Select(a => a.AgentId).Distinct().Order(), aggregate.TotalsByThirdPartyAgent.Select(a => a.AgentId).Order());

        // Distinct counts count each item once over the scope: never the sum over users, never below any one user's.
        (long? Total, long? Max, long Sum)[] distinct =
        [
            (aggregate.DistinctSkillUseCount, users.Max(u => u.DistinctSkillUseCount), users.Sum(u => u.DistinctSkillUseCount ?? 0)),
            (aggregate.DistinctCustomAgentUseCount, users.Max(u => u.DistinctCustomAgentUseCount), users.Sum(u => u.DistinctCustomAgentUseCount ?? 0)),
            (aggregate.DistinctMcpUseCount, users.Max(u => u.DistinctMcpUseCount), users.Sum(u => u.DistinctMcpUseCount ?? 0)),
            (aggregate.DistinctSlashCommandUseCount, users.Max(u => u.DistinctSlashCommandUseCount), users.Sum(u => u.DistinctSlashCommandUseCount ?? 0)),
            (aggregate.DistinctPluginUseCount, users.Max(u => u.DistinctPluginUseCount), users.Sum(u => u.DistinctPluginUseCount ?? 0)),
        ];
        Assert.All(distinct, d => Assert.True(d.Total >= d.Max && d.Total < d.Sum, $"distinct {d.Total}, largest user {d.Max}, sum {d.Sum}"));
        AssertCustomizations(aggregate.TotalsBySkill, aggregate.DistinctSkillUseCount, "other");
        AssertCustomizations(aggregate.TotalsBySlashCommand, aggregate.DistinctSlashCommandUseCount, "custom");
        Assert.Equal(5, aggregate.TotalsBySkill.Count); // the scope uses more than five skills: only the top five are listed
        Assert.True(aggregate.TotalsByPlugin.Sum(p => p.InteractionCount) <= aggregate.TotalsBySkill.Sum(s => s.InteractionCount));

        // Each entry the aggregate lists counts at least what the users' rows show for it (their rows are top fives too).
        foreach (var skill in aggregate.TotalsBySkill)
        {
            Assert.True(skill.InteractionCount >= users.SelectMany(u => u.TotalsBySkill).Where(s => s.Skill == skill.Skill).Sum(s => s.InteractionCount), skill.Skill);
        }

        // Phases: merges per phase add up to the day's merges; review velocity for phases that merged.
        Assert.Equal(aggregate.PullRequests!.TotalMerged, aggregate.TotalsByAiAdoptionPhase!.Sum(p => p.TotalPullRequestsMerged));
        Assert.All(aggregate.TotalsByAiAdoptionPhase!, p => Assert.Equal(p.TotalPullRequestsMerged > 0, p.AveragePullRequestsReviewCycles is not null && p.AveragePullRequestsMinutesToReview > 0));
    }

    public static TheoryData<string, string?> RepositoryDays() => new()
    {
        { "2026-06-03", "9917342" },
        { "2026-10-07", "9917342" },
        { "2026-10-07", null },
        { "2026-09-21", "9917342" },
        { "2026-10-10", "9917342" },
    };

    [Theory]
    [MemberData(nameof(RepositoryDays))]
    public async Task Repository_rows_add_up_to_the_aggregate_and_are_consistent_each(string dayText, string? organizationId)
    {
        var day = DateOnly.Parse(dayText, System.Globalization.CultureInfo.InvariantCulture);
        var generator = Generator(users: 1200, organizationId: organizationId);
        string[] owners = organizationId is null ? ["ent-core", "ent-labs"] : ["octo-org"];

        var rows = generator.GenerateRepositories(day, owners);
        var total = generator.GenerateAggregate(day).PullRequests!;

        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, rows.Select(r => r.RepositoryId).Distinct().Count());
        Assert.Equal(
            (total.TotalCreated, total.TotalReviewed, total.TotalMerged, total.TotalSuggestions, total.TotalAppliedSuggestions, total.TotalCreatedByCopilot, total.TotalReviewedByCopilot),
            (rows.Sum(r => r.PullRequests!.TotalCreated), rows.Sum(r => r.PullRequests!.TotalReviewed), rows.Sum(r => r.PullRequests!.TotalMerged), rows.Sum(r => r.PullRequests!.TotalSuggestions), rows.Sum(r => r.PullRequests!.TotalAppliedSuggestions), rows.Sum(r => r.PullRequests!.TotalCreatedByCopilot), rows.Sum(r => r.PullRequests!.TotalReviewedByCopilot)));
        Assert.Equal(
            (total.TotalMergedCreatedByCopilot, total.TotalMergedReviewedByCopilot, total.TotalCopilotSuggestions, total.TotalCopilotAppliedSuggestions),
            (rows.Sum(r => r.PullRequests!.TotalMergedCreatedByCopilot), rows.Sum(r => r.PullRequests!.TotalMergedReviewedByCopilot), rows.Sum(r => r.PullRequests!.TotalCopilotSuggestions), rows.Sum(r => r.PullRequests!.TotalCopilotAppliedSuggestions)));
        foreach (var type in total.CopilotSuggestionsByCommentType)
        {
            var parts = rows.SelectMany(r => r.PullRequests!.CopilotSuggestionsByCommentType).Where(c => c.CommentType == type.CommentType).ToList();
            Assert.Equal((type.TotalCopilotSuggestions, type.TotalCopilotAppliedSuggestions), (parts.Sum(c => c.TotalCopilotSuggestions), parts.Sum(c => c.TotalCopilotAppliedSuggestions)));
        }

        foreach (var r in rows)
        {
            var p = r.PullRequests!;
            Assert.Equal(day, r.Day);
            Assert.Equal(("48213", organizationId), (r.EnterpriseId, r.OrganizationId));
            Assert.Contains(r.RepositoryOwnerName, owners);
            Assert.DoesNotContain("/", r.RepositoryName, StringComparison.Ordinal);
            Assert.Contains(r.RepositoryVisibility, new[] { "PUBLIC", "PRIVATE", "INTERNAL" });
            Assert.True(p.TotalCreated + p.TotalReviewed + p.TotalMerged + p.TotalSuggestions > 0, "only repositories with activity");
            Assert.True(p.TotalCreatedByCopilot <= p.TotalCreated && p.TotalReviewedByCopilot <= p.TotalReviewed);
            Assert.True(p.TotalMergedCreatedByCopilot <= p.TotalMerged && p.TotalMergedReviewedByCopilot <= p.TotalMerged);
            Assert.True(p.TotalCopilotSuggestions <= p.TotalSuggestions && p.TotalAppliedSuggestions <= p.TotalSuggestions && p.TotalCopilotAppliedSuggestions <= p.TotalCopilotSuggestions);
            Assert.Equal(p.TotalCopilotSuggestions, p.CopilotSuggestionsByCommentType.Sum(c => c.TotalCopilotSuggestions));
            Assert.Equal(p.TotalMerged > 0, p.MedianMinutesToMerge is not null);
            Assert.Equal(p.TotalMergedCreatedByCopilot > 0, p.MedianMinutesToMergeCopilotAuthored is not null);

            if (day < new DateOnly(2026, 9, 21))
            {
                Assert.Null(r.PullRequestReviewTimes); // not reported, never zeros
            }
            else
            {
                Assert.NotNull(r.PullRequestReviewTimes);
                Assert.All(r.PullRequestReviewTimes, t =>
                {
                    Assert.Equal(("human", "human"), (t.AuthoredBy, t.ReviewedBy));
                    Assert.InRange(t.TotalMerged!.Value, 1, p.TotalMerged - p.TotalMergedCreatedByCopilot);
                    Assert.True(t.P90MinutesReadyToFirstReview >= t.MedianMinutesReadyToFirstReview && t.P90MinutesFinalReviewToMerge >= t.MedianMinutesFinalReviewToMerge);
                    Assert.True(t.P90MinutesFirstToFinalReview >= t.MedianMinutesFirstToFinalReview && t.MedianMinutesFirstToFinalReview >= 0);
                });
            }
        }

        if (day >= new DateOnly(2026, 10, 1))
        {
            Assert.Contains(rows, r => r.PullRequestReviewTimes!.Count == 1);
            // A repository without human-authored merges that day has nothing to time: an empty array, not zeros.
            Assert.All(rows.Where(r => r.PullRequests!.TotalMerged == r.PullRequests.TotalMergedCreatedByCopilot), r => Assert.Empty(r.PullRequestReviewTimes!));
        }

        // And they read back through the typed reader as they were written, with nothing unknown.
        var read = await ToListAsync(ReportReader.ReadRepositoriesAsync(new MemoryStream(ReportDataGenerator.ToNdjson(rows))));
        Assert.Equal(rows.Select(ReportJson.Serialize), read.Select(ReportJson.Serialize));
        Assert.All(read, r => Assert.Null(r.AdditionalProperties));
    }

    [Fact]
    public void Generation_stays_deterministic_with_the_new_fields()
    {
        var one = ReportDataGenerator.ToNdjson(Generator(users: 300).GenerateUsers(October));
        var two = ReportDataGenerator.ToNdjson(Generator(users: 300).GenerateUsers(October));
        Assert.Equal(one, two);
        Assert.Equal(ReportJson.Serialize(Generator(users: 300).GenerateAggregate(October)), ReportJson.Serialize(Generator(users: 300).GenerateAggregate(October)));
        Assert.Equal(ReportDataGenerator.ToNdjson(Generator(users: 300).GenerateRepositories(October)), ReportDataGenerator.ToNdjson(Generator(users: 300).GenerateRepositories(October)));
    }
}
