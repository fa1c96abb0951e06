using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

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
