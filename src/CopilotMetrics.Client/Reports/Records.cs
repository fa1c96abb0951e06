using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// One user's activity on one day: a line of a <c>users-1-day</c> or <c>users-28-day</c> report
/// (one row per user, per day and per organization or enterprise).
/// </summary>
public sealed class UserDayRecord : ActivityTotals, IReportRecord
{
    /// <summary>The day of the row (UTC).</summary>
    [JsonPropertyName("day")]
    [JsonRequired]
    public DateOnly Day { get; init; }

    /// <summary>First day of the window; <c>users-28-day</c> rows only.</summary>
    [JsonPropertyName("report_start_day")]
    public DateOnly? ReportStartDay { get; init; }

    /// <summary>Last day of the window; <c>users-28-day</c> rows only.</summary>
    [JsonPropertyName("report_end_day")]
    public DateOnly? ReportEndDay { get; init; }

    /// <summary>The enterprise id (a string).</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The organization id (a string); organization-scope reports only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The GitHub user id.</summary>
    [JsonPropertyName("user_id")]
    [JsonRequired]
    public long UserId { get; init; }

    /// <summary>The GitHub login.</summary>
    [JsonPropertyName("user_login")]
    public string UserLogin { get; init; } = "";

    /// <summary>Used IDE agent mode that day.</summary>
    [JsonPropertyName("used_agent")]
    public bool UsedAgent { get; init; }

    /// <summary>Used IDE chat that day.</summary>
    [JsonPropertyName("used_chat")]
    public bool UsedChat { get; init; }

    /// <summary>Used the Copilot CLI that day.</summary>
    [JsonPropertyName("used_cli")]
    public bool UsedCli { get; init; }

    /// <summary>Used the Copilot cloud agent (the field's old name; same value as <see cref="UsedCopilotCloudAgent"/>).</summary>
    [JsonPropertyName("used_copilot_coding_agent")]
    public bool UsedCopilotCodingAgent { get; init; }

    /// <summary>Used the Copilot cloud agent.</summary>
    [JsonPropertyName("used_copilot_cloud_agent")]
    public bool UsedCopilotCloudAgent { get; init; }

    /// <summary>Actively engaged with Copilot code review; <see langword="null"/> when there was no code-review signal.</summary>
    [JsonPropertyName("used_copilot_code_review_active")]
    public bool? UsedCopilotCodeReviewActive { get; init; }

    /// <summary>Copilot was assigned as reviewer without engagement; <see langword="null"/> when there was no signal.</summary>
    [JsonPropertyName("used_copilot_code_review_passive")]
    public bool? UsedCopilotCodeReviewPassive { get; init; }

    /// <summary>AI credits the user consumed that day (a metrics signal, not an invoice); absent on older rows.</summary>
    [JsonPropertyName("ai_credits_used")]
    public double? AiCreditsUsed { get; init; }

    /// <summary>The user's AI-adoption cohort.</summary>
    [JsonPropertyName("ai_adoption_phase")]
    public AiAdoptionPhase? AiAdoptionPhase { get; init; }

    /// <summary>CLI usage; <see langword="null"/> without CLI use.</summary>
    [JsonPropertyName("totals_by_cli")]
    public CliTotals? TotalsByCli { get; init; }

    /// <summary>Activity by IDE.</summary>
    [JsonPropertyName("totals_by_ide")]
    public IReadOnlyList<IdeTotals> TotalsByIde { get; init; } = [];

    /// <summary>Activity by feature.</summary>
    [JsonPropertyName("totals_by_feature")]
    public IReadOnlyList<FeatureTotals> TotalsByFeature { get; init; } = [];

    /// <summary>Activity by language and feature.</summary>
    [JsonPropertyName("totals_by_language_feature")]
    public IReadOnlyList<LanguageFeatureTotals> TotalsByLanguageFeature { get; init; } = [];

    /// <summary>Chat activity by language and model.</summary>
    [JsonPropertyName("totals_by_language_model")]
    public IReadOnlyList<LanguageModelTotals> TotalsByLanguageModel { get; init; } = [];

    /// <summary>Chat activity by model and feature.</summary>
    [JsonPropertyName("totals_by_model_feature")]
    public IReadOnlyList<ModelFeatureTotals> TotalsByModelFeature { get; init; } = [];

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}

/// <summary>
/// An organization's or enterprise's totals for one day: the object of an <c>organization-1-day</c> or
/// <c>enterprise-1-day</c> report, and each <c>day_totals</c> entry of a 28-day report.
/// </summary>
public sealed class AggregateDayRecord : ActivityTotals, IReportRecord
{
    /// <summary>The day (UTC).</summary>
    [JsonPropertyName("day")]
    [JsonRequired]
    public DateOnly Day { get; init; }

    /// <summary>The enterprise id (a string).</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The organization id (a string); organization-scope reports only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>Unique Copilot users that day.</summary>
    [JsonPropertyName("daily_active_users")]
    public int DailyActiveUsers { get; init; }

    /// <summary>Unique users in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_active_users")]
    public int WeeklyActiveUsers { get; init; }

    /// <summary>Unique users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_users")]
    public int MonthlyActiveUsers { get; init; }

    /// <summary>Unique chat users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_chat_users")]
    public int MonthlyActiveChatUsers { get; init; }

    /// <summary>Unique IDE agent-mode users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_agent_users")]
    public int MonthlyActiveAgentUsers { get; init; }

    /// <summary>Unique Copilot cloud agent users that day; <see langword="null"/> without cloud-agent data.</summary>
    [JsonPropertyName("daily_active_copilot_cloud_agent_users")]
    public int? DailyActiveCopilotCloudAgentUsers { get; init; }

    /// <summary>Unique Copilot cloud agent users in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_active_copilot_cloud_agent_users")]
    public int? WeeklyActiveCopilotCloudAgentUsers { get; init; }

    /// <summary>Unique Copilot cloud agent users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_copilot_cloud_agent_users")]
    public int? MonthlyActiveCopilotCloudAgentUsers { get; init; }

    /// <summary>Users who actively used Copilot code review that day.</summary>
    [JsonPropertyName("daily_active_copilot_code_review_users")]
    public int? DailyActiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who actively used Copilot code review in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_active_copilot_code_review_users")]
    public int? WeeklyActiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who actively used Copilot code review in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_copilot_code_review_users")]
    public int? MonthlyActiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who only had Copilot assigned as reviewer that day.</summary>
    [JsonPropertyName("daily_passive_copilot_code_review_users")]
    public int? DailyPassiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who only had Copilot assigned as reviewer in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_passive_copilot_code_review_users")]
    public int? WeeklyPassiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who only had Copilot assigned as reviewer in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_passive_copilot_code_review_users")]
    public int? MonthlyPassiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Unique Copilot CLI users that day; <see langword="null"/> without CLI use.</summary>
    [JsonPropertyName("daily_active_cli_users")]
    public int? DailyActiveCliUsers { get; init; }

    /// <summary>Activity by IDE (aggregate rows carry no version samples and may include an <c>others</c> bucket).</summary>
    [JsonPropertyName("totals_by_ide")]
    public IReadOnlyList<IdeTotals> TotalsByIde { get; init; } = [];

    /// <summary>Activity by feature.</summary>
    [JsonPropertyName("totals_by_feature")]
    public IReadOnlyList<FeatureTotals> TotalsByFeature { get; init; } = [];

    /// <summary>Activity by language and feature.</summary>
    [JsonPropertyName("totals_by_language_feature")]
    public IReadOnlyList<LanguageFeatureTotals> TotalsByLanguageFeature { get; init; } = [];

    /// <summary>Chat activity by language and model.</summary>
    [JsonPropertyName("totals_by_language_model")]
    public IReadOnlyList<LanguageModelTotals> TotalsByLanguageModel { get; init; } = [];

    /// <summary>Chat activity by model and feature.</summary>
    [JsonPropertyName("totals_by_model_feature")]
    public IReadOnlyList<ModelFeatureTotals> TotalsByModelFeature { get; init; } = [];

    /// <summary>CLI usage; <see langword="null"/> without CLI use.</summary>
    [JsonPropertyName("totals_by_cli")]
    public CliTotals? TotalsByCli { get; init; }

    /// <summary>Activity by AI-adoption phase; <see langword="null"/> without phase data.</summary>
    [JsonPropertyName("totals_by_ai_adoption_phase")]
    public IReadOnlyList<AiAdoptionPhaseTotals>? TotalsByAiAdoptionPhase { get; init; }

    /// <summary>Pull-request activity.</summary>
    [JsonPropertyName("pull_requests")]
    public PullRequestTotals? PullRequests { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}

/// <summary>
/// The object of an <c>organization-28-day</c> or <c>enterprise-28-day</c> report: a window and one
/// <see cref="AggregateDayRecord"/> per day. <see cref="ReportReader.ReadAggregateDaysAsync"/> yields the days.
/// </summary>
public sealed class AggregateReport : ReportObject
{
    /// <summary>First day of the window.</summary>
    [JsonPropertyName("report_start_day")]
    public DateOnly ReportStartDay { get; init; }

    /// <summary>Last day of the window.</summary>
    [JsonPropertyName("report_end_day")]
    public DateOnly ReportEndDay { get; init; }

    /// <summary>When GitHub generated the report.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The enterprise id.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The organization id; organization scope only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>One record per processed day of the window.</summary>
    [JsonPropertyName("day_totals")]
    public IReadOnlyList<AggregateDayRecord> DayTotals { get; init; } = [];
}

/// <summary>A user's membership of one team on one day: a line of a <c>user-teams-1-day</c> report (one row per user and team).</summary>
public sealed class UserTeamRecord : ReportObject, IReportRecord
{
    /// <summary>The membership day.</summary>
    [JsonPropertyName("day")]
    [JsonRequired]
    public DateOnly Day { get; init; }

    /// <summary>The GitHub user id.</summary>
    [JsonPropertyName("user_id")]
    [JsonRequired]
    public long UserId { get; init; }

    /// <summary>The GitHub login.</summary>
    [JsonPropertyName("user_login")]
    public string? UserLogin { get; init; }

    /// <summary>The organization id; organization scope only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The enterprise id; enterprise scope only.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The team id.</summary>
    [JsonPropertyName("team_id")]
    [JsonRequired]
    public long TeamId { get; init; }

    /// <summary>The team slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}

/// <summary>
/// One repository's pull-request activity on one day: a line of a <c>repos-1-day</c> report. GitHub does not
/// document this record's fields; the id and name are modelled and everything else is kept in
/// <see cref="ReportObject.AdditionalProperties"/>.
/// </summary>
public sealed class RepositoryDayRecord : ReportObject, IReportRecord
{
    /// <summary>The day, when the row carries one.</summary>
    [JsonPropertyName("day")]
    public DateOnly? Day { get; init; }

    /// <summary>The repository id (<c>repo_id</c>).</summary>
    [JsonPropertyName("repo_id")]
    public long? RepositoryId { get; init; }

    /// <summary>The repository name (<c>repo_name</c>), usually <c>owner/name</c>.</summary>
    [JsonPropertyName("repo_name")]
    public string? RepositoryName { get; init; }

    /// <summary>The organization id, when present.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The enterprise id, when present.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}
