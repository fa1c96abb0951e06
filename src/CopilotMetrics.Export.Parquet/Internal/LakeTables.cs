using System.Globalization;
using System.Text.Json;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>A row of a child table: a breakdown entry and the id of what it belongs to (user or repository; 0 for the scope).</summary>
internal readonly record struct Child<T>(long Owner, T Item);

/// <summary>
/// Every table of the lake and its schema. A column is added at the end of its table with the version raised; a column
/// is never renamed, retyped or removed (files written before stay readable side by side: readers union by name).
/// </summary>
internal static class LakeTables
{
    public static readonly ParquetTable<UserDayRecord> Users = new TableBuilder<UserDayRecord>()
        .Int64("user_id", static r => r.UserId, "The GitHub user id.")
        .Text("user_login", static r => r.UserLogin, "The GitHub login.")
        .Text("enterprise_id", static r => r.EnterpriseId, "The enterprise id.")
        .Text("organization_id", static r => r.OrganizationId, "The organization id (organization reports).")
        .Date("report_start_day", static r => r.ReportStartDay, "First day of the window (28-day rows only).")
        .Date("report_end_day", static r => r.ReportEndDay, "Last day of the window (28-day rows only).")
        .Counters(static r => r)
        .Bool("used_agent", static r => r.UsedAgent, "Used IDE agent mode.")
        .Bool("used_chat", static r => r.UsedChat, "Used IDE chat.")
        .Bool("used_cli", static r => r.UsedCli, "Used the Copilot CLI.")
        .Bool("used_copilot_coding_agent", static r => r.UsedCopilotCodingAgent, "Used the cloud agent (old name).")
        .Bool("used_copilot_cloud_agent", static r => r.UsedCopilotCloudAgent, "Used the cloud agent.")
        .Bool("used_copilot_code_review_active", static r => r.UsedCopilotCodeReviewActive, "Engaged with Copilot code review; null without a signal.")
        .Bool("used_copilot_code_review_passive", static r => r.UsedCopilotCodeReviewPassive, "Copilot reviewed without engagement; null without a signal.")
        .Bool("used_copilot_app", static r => r.UsedCopilotApp, "Used the Copilot app (from 2026-07-28).")
        .Bool("used_vscode_agent", static r => r.UsedVscodeAgent, "Used the VS Code Agents window (from 2026-09-11).")
        .Double("ai_credits_used", static r => r.AiCreditsUsed, "AI credits used that day (from 2026-06-19).")
        .Json("ai_adoption_phase", static r => JsonText.Of(r.AiAdoptionPhase), "The AI-adoption cohort (phase_number, phase, version).")
        .Int64("distinct_skill_use_count", static r => r.DistinctSkillUseCount, "Different skills invoked.")
        .Int64("distinct_custom_agent_use_count", static r => r.DistinctCustomAgentUseCount, "Different custom agents started.")
        .Int64("distinct_mcp_use_count", static r => r.DistinctMcpUseCount, "Different MCP servers connected.")
        .Int64("distinct_slash_cmd_use_count", static r => r.DistinctSlashCommandUseCount, "Different slash commands run.")
        .Int64("distinct_plugin_use_count", static r => r.DistinctPluginUseCount, "Different plugins whose skills ran.")
        .Json("totals_by_cli", static r => JsonText.Of(r.TotalsByCli), "CLI usage (never part of the counters).")
        .Json("totals_by_copilot_app", static r => JsonText.Of(r.TotalsByCopilotApp), "Copilot app usage.")
        .Json("totals_by_vscode_agent", static r => JsonText.Of(r.TotalsByVscodeAgent), "VS Code Agents window usage.")
        .Json("totals_by_3rd_party_agent", static r => JsonText.Of(r.TotalsByThirdPartyAgent), "Third-party agent apps, an array.")
        .Json("totals_by_skill", static r => JsonText.Of(r.TotalsBySkill), "Top five skills, an array.")
        .Json("totals_by_custom_agent", static r => JsonText.Of(r.TotalsByCustomAgent), "Top five custom agents, an array.")
        .Json("totals_by_mcp", static r => JsonText.Of(r.TotalsByMcp), "Top five MCP servers, an array.")
        .Json("totals_by_slash_cmd", static r => JsonText.Of(r.TotalsBySlashCommand), "Top five slash commands, an array.")
        .Json("totals_by_plugin", static r => JsonText.Of(r.TotalsByPlugin), "Top five plugins, an array.")
        .Build("users", 1, "One row per user active that day (`users-1-day`).", static r => r);

    public static readonly ParquetTable<Child<IdeTotals>> UsersByIde = Ide("users_by_ide", "user_id", "A user's `totals_by_ide` rows.");
    public static readonly ParquetTable<Child<FeatureTotals>> UsersByFeature = Feature("users_by_feature", "user_id", "A user's `totals_by_feature` rows.");
    public static readonly ParquetTable<Child<LanguageFeatureTotals>> UsersByLanguageFeature = LanguageFeature("users_by_language_feature", "user_id", "A user's `totals_by_language_feature` rows.");
    public static readonly ParquetTable<Child<LanguageModelTotals>> UsersByLanguageModel = LanguageModel("users_by_language_model", "user_id", "A user's `totals_by_language_model` rows.");
    public static readonly ParquetTable<Child<ModelFeatureTotals>> UsersByModelFeature = ModelFeature("users_by_model_feature", "user_id", "A user's `totals_by_model_feature` rows.");

    public static readonly ParquetTable<AggregateDayRecord> AggregateDays = PullRequests(new TableBuilder<AggregateDayRecord>()
        .Text("enterprise_id", static r => r.EnterpriseId, "The enterprise id.")
        .Text("organization_id", static r => r.OrganizationId, "The organization id (organization reports).")
        .Int64("daily_active_users", static r => r.DailyActiveUsers, "Active users that day.")
        .Int64("weekly_active_users", static r => r.WeeklyActiveUsers, "Active users over the 7 days ending that day.")
        .Int64("monthly_active_users", static r => r.MonthlyActiveUsers, "Active users over the 28 days ending that day.")
        .Int64("monthly_active_chat_users", static r => r.MonthlyActiveChatUsers, "Chat users over 28 days.")
        .Int64("monthly_active_agent_users", static r => r.MonthlyActiveAgentUsers, "Agent users over 28 days.")
        .Int64("daily_active_copilot_cloud_agent_users", static r => r.DailyActiveCopilotCloudAgentUsers, "Cloud-agent users that day.")
        .Int64("weekly_active_copilot_cloud_agent_users", static r => r.WeeklyActiveCopilotCloudAgentUsers, "Cloud-agent users over 7 days.")
        .Int64("monthly_active_copilot_cloud_agent_users", static r => r.MonthlyActiveCopilotCloudAgentUsers, "Cloud-agent users over 28 days.")
        .Int64("daily_active_copilot_code_review_users", static r => r.DailyActiveCopilotCodeReviewUsers, "Active code-review users that day.")
        .Int64("weekly_active_copilot_code_review_users", static r => r.WeeklyActiveCopilotCodeReviewUsers, "Active code-review users over 7 days.")
        .Int64("monthly_active_copilot_code_review_users", static r => r.MonthlyActiveCopilotCodeReviewUsers, "Active code-review users over 28 days.")
        .Int64("daily_passive_copilot_code_review_users", static r => r.DailyPassiveCopilotCodeReviewUsers, "Passive code-review users that day.")
        .Int64("weekly_passive_copilot_code_review_users", static r => r.WeeklyPassiveCopilotCodeReviewUsers, "Passive code-review users over 7 days.")
        .Int64("monthly_passive_copilot_code_review_users", static r => r.MonthlyPassiveCopilotCodeReviewUsers, "Passive code-review users over 28 days.")
        .Int64("daily_active_cli_users", static r => r.DailyActiveCliUsers, "CLI users that day.")
        .Int64("weekly_active_cli_users", static r => r.WeeklyActiveCliUsers, "CLI users over 7 days.")
        .Int64("monthly_active_cli_users", static r => r.MonthlyActiveCliUsers, "CLI users over 28 days.")
        .Int64("daily_active_copilot_app_users", static r => r.DailyActiveCopilotAppUsers, "Copilot app users that day.")
        .Int64("weekly_active_copilot_app_users", static r => r.WeeklyActiveCopilotAppUsers, "Copilot app users over 7 days.")
        .Int64("monthly_active_copilot_app_users", static r => r.MonthlyActiveCopilotAppUsers, "Copilot app users over 28 days.")
        .Int64("daily_active_vscode_agent_users", static r => r.DailyActiveVscodeAgentUsers, "Agents-window users that day.")
        .Int64("weekly_active_vscode_agent_users", static r => r.WeeklyActiveVscodeAgentUsers, "Agents-window users over 7 days.")
        .Int64("monthly_active_vscode_agent_users", static r => r.MonthlyActiveVscodeAgentUsers, "Agents-window users over 28 days.")
        .Counters(static r => r)
        .Int64("distinct_skill_use_count", static r => r.DistinctSkillUseCount, "Different skills invoked in the scope.")
        .Int64("distinct_custom_agent_use_count", static r => r.DistinctCustomAgentUseCount, "Different custom agents started in the scope.")
        .Int64("distinct_mcp_use_count", static r => r.DistinctMcpUseCount, "Different MCP servers connected in the scope.")
        .Int64("distinct_slash_cmd_use_count", static r => r.DistinctSlashCommandUseCount, "Different slash commands run in the scope.")
        .Int64("distinct_plugin_use_count", static r => r.DistinctPluginUseCount, "Different plugins whose skills ran in the scope.")
        .Json("totals_by_cli", static r => JsonText.Of(r.TotalsByCli), "CLI usage.")
        .Json("totals_by_copilot_app", static r => JsonText.Of(r.TotalsByCopilotApp), "Copilot app usage.")
        .Json("totals_by_vscode_agent", static r => JsonText.Of(r.TotalsByVscodeAgent), "VS Code Agents window usage.")
        .Json("totals_by_3rd_party_agent", static r => JsonText.Of(r.TotalsByThirdPartyAgent), "Third-party agent apps, an array.")
        .Json("totals_by_skill", static r => JsonText.Of(r.TotalsBySkill), "Top skills, an array.")
        .Json("totals_by_custom_agent", static r => JsonText.Of(r.TotalsByCustomAgent), "Top custom agents, an array.")
        .Json("totals_by_mcp", static r => JsonText.Of(r.TotalsByMcp), "Top MCP servers, an array.")
        .Json("totals_by_slash_cmd", static r => JsonText.Of(r.TotalsBySlashCommand), "Top slash commands, an array.")
        .Json("totals_by_plugin", static r => JsonText.Of(r.TotalsByPlugin), "Top plugins, an array.")
        .Json("totals_by_ai_adoption_phase", static r => JsonText.Of(r.TotalsByAiAdoptionPhase), "Users and activity per AI-adoption phase, an array."), static r => r.PullRequests)
        .Build("aggregate_days", 1, "One row per day: the scope's aggregate (`organization-1-day` / `enterprise-1-day`).", static r => r);

    public static readonly ParquetTable<Child<IdeTotals>> AggregateByIde = Ide("aggregate_days_by_ide", null, "The aggregate's `totals_by_ide` rows.");
    public static readonly ParquetTable<Child<FeatureTotals>> AggregateByFeature = Feature("aggregate_days_by_feature", null, "The aggregate's `totals_by_feature` rows.");
    public static readonly ParquetTable<Child<LanguageFeatureTotals>> AggregateByLanguageFeature = LanguageFeature("aggregate_days_by_language_feature", null, "The aggregate's `totals_by_language_feature` rows.");
    public static readonly ParquetTable<Child<LanguageModelTotals>> AggregateByLanguageModel = LanguageModel("aggregate_days_by_language_model", null, "The aggregate's `totals_by_language_model` rows.");
    public static readonly ParquetTable<Child<ModelFeatureTotals>> AggregateByModelFeature = ModelFeature("aggregate_days_by_model_feature", null, "The aggregate's `totals_by_model_feature` rows.");

    public static readonly ParquetTable<UserTeamRecord> UserTeams = new TableBuilder<UserTeamRecord>()
        .Int64("team_id", static r => r.TeamId, "The team id.")
        .Text("slug", static r => r.Slug, "The team slug.")
        .Int64("user_id", static r => r.UserId, "The member's user id.")
        .Text("user_login", static r => r.UserLogin, "The member's login.")
        .Text("enterprise_id", static r => r.EnterpriseId, "The enterprise id.")
        .Text("organization_id", static r => r.OrganizationId, "The organization id.")
        .Build("user_teams", 1, "One row per (team, member) that day (`user-teams-1-day`); join to `users` on scope, day and user_id.", static r => r);

    public static readonly ParquetTable<RepositoryDayRecord> Repositories = PullRequests(new TableBuilder<RepositoryDayRecord>()
        .Int64("repo_id", static r => r.RepositoryId, "The repository id.")
        .Text("repo_owner_name", static r => r.RepositoryOwnerName, "The owner's login.")
        .Text("repo_name", static r => r.RepositoryName, "The repository name.")
        .Text("repo_visibility", static r => r.RepositoryVisibility, "public, private or internal.")
        .Text("enterprise_id", static r => r.EnterpriseId, "The enterprise id.")
        .Text("organization_id", static r => r.OrganizationId, "The organization id."), static r => r.PullRequests)
        .Build("repositories", 1, "One row per repository with activity that day (`repos-1-day`).", static r => r);

    public static readonly ParquetTable<Child<PullRequestReviewTimes>> RepositoryReviewTimes = new TableBuilder<Child<PullRequestReviewTimes>>()
        .Int64("repo_id", static r => r.Owner, "The repository id (joins `repositories`).")
        .Text("authored_by", static r => r.Item.AuthoredBy, "Who authored the pull requests (e.g. copilot, human).")
        .Text("reviewed_by", static r => r.Item.ReviewedBy, "Who reviewed them.")
        .Int64("total_merged", static r => r.Item.TotalMerged, "Pull requests merged.")
        .Double("median_minutes_ready_to_first_review", static r => r.Item.MedianMinutesReadyToFirstReview, "Median minutes from ready to first review.")
        .Double("p90_minutes_ready_to_first_review", static r => r.Item.P90MinutesReadyToFirstReview, "90th percentile of the same.")
        .Double("median_minutes_first_to_final_review", static r => r.Item.MedianMinutesFirstToFinalReview, "Median minutes from first to final review.")
        .Double("p90_minutes_first_to_final_review", static r => r.Item.P90MinutesFirstToFinalReview, "90th percentile of the same.")
        .Double("median_minutes_final_review_to_merge", static r => r.Item.MedianMinutesFinalReviewToMerge, "Median minutes from final review to merge.")
        .Double("p90_minutes_final_review_to_merge", static r => r.Item.P90MinutesFinalReviewToMerge, "90th percentile of the same.")
        .Build("repositories_review_times", 1, "A repository's `pull_request_review_times` rows (from 2026-09-21).", static r => r.Item);

    public static readonly ParquetTable<CopilotSeat> Seats = new TableBuilder<CopilotSeat>()
        .Int64("assignee_id", static r => r.Assignee?.Id, "The seat holder's user id.")
        .Text("assignee_login", static r => r.Assignee?.Login, "The seat holder's login.")
        .Text("assignee_type", static r => r.Assignee?.Type, "User (or another account type).")
        .Int64("organization_id", static r => r.Organization?.Id, "The organization that granted the seat.")
        .Text("organization_login", static r => r.Organization?.Login, "Its login.")
        .Text("assigning_team_id", static r => TeamId(r.AssigningTeam), "The team that granted the seat, when assigned by team.")
        .Text("assigning_team_name", static r => r.AssigningTeam?.Name, "Its name.")
        .Text("assigning_team_slug", static r => r.AssigningTeam?.Slug, "Its slug.")
        .Date("pending_cancellation_date", static r => r.PendingCancellationDate, "When the seat is cancelled, if pending.")
        .Timestamp("last_activity_at", static r => r.LastActivityAt, "Last Copilot activity.")
        .Text("last_activity_editor", static r => r.LastActivityEditor, "The editor of the last activity.")
        .Timestamp("last_authenticated_at", static r => r.LastAuthenticatedAt, "Last authentication.")
        .Timestamp("created_at", static r => r.CreatedAt, "When the seat was created.")
        .Timestamp("updated_at", static r => r.UpdatedAt, "When the seat was last updated.")
        .Text("plan_type", static r => r.PlanType, "business or enterprise.")
        .Build("seats", 1, "One row per seat in that day's snapshot.", static r => r);

    public static readonly ParquetTable<CopilotMetrics.Billing.AiCreditUsageItem> AiCredits = new TableBuilder<CopilotMetrics.Billing.AiCreditUsageItem>()
        .Text("product", static r => r.Product, "The product (GitHub's `product`).")
        .Text("sku", static r => r.Sku, "The SKU (`sku`).")
        .Text("model", static r => r.Model, "The model (`model`).")
        .Text("unit_type", static r => r.UnitType, "The unit (`unitType`).")
        .Decimal("price_per_unit", static r => r.PricePerUnit, "Price of one unit in USD (`pricePerUnit`).")
        .Decimal("gross_quantity", static r => r.GrossQuantity, "Units used (`grossQuantity`).")
        .Decimal("gross_amount", static r => r.GrossAmount, "Their price in USD (`grossAmount`).")
        .Decimal("discount_quantity", static r => r.DiscountQuantity, "Units discounted (`discountQuantity`).")
        .Decimal("discount_amount", static r => r.DiscountAmount, "The discount in USD (`discountAmount`).")
        .Decimal("net_quantity", static r => r.NetQuantity, "Units billed (`netQuantity`).")
        .Decimal("net_amount", static r => r.NetAmount, "Billed in USD (`netAmount`).")
        .Build("ai_credits", 1, "The scope's AI-credit usage of the day, one row per product, SKU and model (GitHub's billing usage; by day, not by user: see docs/ai-credits.md).", static r => r);

    /// <summary>Every table, in documentation order.</summary>
    public static IReadOnlyList<IParquetTable> All { get; } =
    [
        Users, UsersByIde, UsersByFeature, UsersByLanguageFeature, UsersByLanguageModel, UsersByModelFeature, UserTeams,
        AggregateDays, AggregateByIde, AggregateByFeature, AggregateByLanguageFeature, AggregateByLanguageModel, AggregateByModelFeature,
        Repositories, RepositoryReviewTimes, Seats, AiCredits,
    ];

    private static string? TeamId(SeatTeam? team) => team?.Id.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.String => team.Id.ValueKind == JsonValueKind.String ? team.Id.GetString() : team.Id.GetRawText(),
        _ => null,
    };

    private static TableBuilder<T> PullRequests<T>(TableBuilder<T> builder, Func<T, PullRequestTotals?> of) => builder
        .Int64("pull_requests_total_created", r => of(r)?.TotalCreated, "Pull requests created.")
        .Int64("pull_requests_total_reviewed", r => of(r)?.TotalReviewed, "Pull requests reviewed.")
        .Int64("pull_requests_total_merged", r => of(r)?.TotalMerged, "Pull requests merged.")
        .Double("pull_requests_median_minutes_to_merge", r => of(r)?.MedianMinutesToMerge, "Median minutes to merge.")
        .Int64("pull_requests_total_suggestions", r => of(r)?.TotalSuggestions, "Review suggestions.")
        .Int64("pull_requests_total_applied_suggestions", r => of(r)?.TotalAppliedSuggestions, "Review suggestions applied.")
        .Int64("pull_requests_total_created_by_copilot", r => of(r)?.TotalCreatedByCopilot, "Pull requests Copilot created.")
        .Int64("pull_requests_total_reviewed_by_copilot", r => of(r)?.TotalReviewedByCopilot, "Pull requests Copilot reviewed.")
        .Int64("pull_requests_total_merged_created_by_copilot", r => of(r)?.TotalMergedCreatedByCopilot, "Merged pull requests Copilot created.")
        .Int64("pull_requests_total_merged_reviewed_by_copilot", r => of(r)?.TotalMergedReviewedByCopilot, "Merged pull requests Copilot reviewed.")
        .Double("pull_requests_median_minutes_to_merge_copilot_authored", r => of(r)?.MedianMinutesToMergeCopilotAuthored, "Median minutes to merge, Copilot-authored.")
        .Double("pull_requests_median_minutes_to_merge_copilot_reviewed", r => of(r)?.MedianMinutesToMergeCopilotReviewed, "Median minutes to merge, Copilot-reviewed.")
        .Int64("pull_requests_total_copilot_suggestions", r => of(r)?.TotalCopilotSuggestions, "Copilot review suggestions.")
        .Int64("pull_requests_total_copilot_applied_suggestions", r => of(r)?.TotalCopilotAppliedSuggestions, "Copilot review suggestions applied.")
        .Json("pull_requests_copilot_suggestions_by_comment_type", r => of(r) is { } pr ? JsonText.Of(pr.CopilotSuggestionsByCommentType) : null, "Copilot suggestions per comment type, an array.")
        .Json("pull_requests_additional_properties", r => of(r) is { } pr ? JsonText.Additional(pr) : null, "Unknown properties of `pull_requests`.");

    private static TableBuilder<Child<T>> Breakdown<T>(string? owner)
        where T : ActivityTotals
    {
        var builder = new TableBuilder<Child<T>>();
        return owner is null ? builder : builder.Int64(owner, static r => r.Owner, owner == "user_id" ? "The user id (joins `users`)." : "The owner id.");
    }

    private static ParquetTable<Child<IdeTotals>> Ide(string name, string? owner, string description) => Breakdown<IdeTotals>(owner)
        .Text("ide", static r => r.Item.Ide, "The IDE.")
        .Counters(static r => r.Item)
        .Text("last_known_ide_version", static r => r.Item.LastKnownIdeVersion?.Version, "The last IDE version seen (`last_known_ide_version.ide_version`).")
        .Timestamp("last_known_ide_version_sampled_at", static r => r.Item.LastKnownIdeVersion?.SampledAt, "When it was seen.")
        .Text("last_known_plugin", static r => r.Item.LastKnownPluginVersion?.Plugin, "The Copilot plugin (`last_known_plugin_version.plugin`).")
        .Text("last_known_plugin_version", static r => r.Item.LastKnownPluginVersion?.Version, "Its last version seen (`last_known_plugin_version.plugin_version`).")
        .Timestamp("last_known_plugin_version_sampled_at", static r => r.Item.LastKnownPluginVersion?.SampledAt, "When it was seen.")
        .Build(name, 1, description, static r => r.Item);

    private static ParquetTable<Child<FeatureTotals>> Feature(string name, string? owner, string description) => Breakdown<FeatureTotals>(owner)
        .Text("feature", static r => r.Item.Feature, "The feature (code_completion, chat_panel_agent_mode, …).")
        .Counters(static r => r.Item)
        .Build(name, 1, description, static r => r.Item);

    private static ParquetTable<Child<LanguageFeatureTotals>> LanguageFeature(string name, string? owner, string description) => Breakdown<LanguageFeatureTotals>(owner)
        .Text("language", static r => r.Item.Language, "The language.")
        .Text("feature", static r => r.Item.Feature, "The feature.")
        .Counters(static r => r.Item)
        .Build(name, 1, description, static r => r.Item);

    private static ParquetTable<Child<LanguageModelTotals>> LanguageModel(string name, string? owner, string description) => Breakdown<LanguageModelTotals>(owner)
        .Text("language", static r => r.Item.Language, "The language.")
        .Text("model", static r => r.Item.Model, "The model.")
        .Counters(static r => r.Item)
        .Build(name, 1, description, static r => r.Item);

    private static ParquetTable<Child<ModelFeatureTotals>> ModelFeature(string name, string? owner, string description) => Breakdown<ModelFeatureTotals>(owner)
        .Text("model", static r => r.Item.Model, "The model.")
        .Text("feature", static r => r.Item.Feature, "The feature.")
        .Counters(static r => r.Item)
        .Build(name, 1, description, static r => r.Item);

    /// <summary>The scope's partition value: <c>organization_octo-org</c>, <c>enterprise_acme</c>.</summary>
    public static string ScopeValue(MetricsScope scope) =>
        string.Create(CultureInfo.InvariantCulture, $"{(scope.Kind == ScopeKind.Organization ? "organization" : "enterprise")}_{Uri.EscapeDataString(scope.Name)}");
}
