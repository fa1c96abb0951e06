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
