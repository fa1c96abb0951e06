using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_ide</c> row.</summary>
public sealed class IdeTotals : ActivityTotals
{
    /// <summary>The IDE, for example <c>vscode</c> or <c>intellij</c>; aggregate reports may carry an <c>others</c> bucket.</summary>
    [JsonPropertyName("ide")]
    public string Ide { get; init; } = "";

    /// <summary>The last IDE version seen that day (per-user rows only).</summary>
    [JsonPropertyName("last_known_ide_version")]
    public IdeVersion? LastKnownIdeVersion { get; init; }

    /// <summary>The last Copilot plugin version seen that day (per-user rows only).</summary>
    [JsonPropertyName("last_known_plugin_version")]
    public PluginVersion? LastKnownPluginVersion { get; init; }
}

/// <summary>A <c>totals_by_feature</c> row.</summary>
public sealed class FeatureTotals : ActivityTotals
{
    /// <summary>The feature, for example <c>code_completion</c>, <c>chat_panel_agent_mode</c> or <c>agent_edit</c> (an open set).</summary>
    [JsonPropertyName("feature")]
    public string Feature { get; init; } = "";
}

/// <summary>A <c>totals_by_language_feature</c> row.</summary>
public sealed class LanguageFeatureTotals : ActivityTotals
{
    /// <summary>The language, free-form; <c>unknown</c> when the IDE could not tell.</summary>
    [JsonPropertyName("language")]
    public string Language { get; init; } = "";

    /// <summary>The feature.</summary>
    [JsonPropertyName("feature")]
    public string Feature { get; init; } = "";
}

/// <summary>A <c>totals_by_language_model</c> row (chat activity only).</summary>
public sealed class LanguageModelTotals : ActivityTotals
{
    /// <summary>The language.</summary>
    [JsonPropertyName("language")]
    public string Language { get; init; } = "";

    /// <summary>The model, for example <c>gpt-5.4</c>, <c>auto</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";
}

/// <summary>A <c>totals_by_model_feature</c> row (chat activity only).</summary>
public sealed class ModelFeatureTotals : ActivityTotals
{
    /// <summary>The model.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    /// <summary>The feature.</summary>
    [JsonPropertyName("feature")]
    public string Feature { get; init; } = "";
}

/// <summary>An IDE version sample (<c>last_known_ide_version</c>).</summary>
public sealed class IdeVersion : ReportObject
{
    /// <summary>The IDE's version string.</summary>
    [JsonPropertyName("ide_version")]
    public string? Version { get; init; }

    /// <summary>When the version was sampled.</summary>
    [JsonPropertyName("sampled_at")]
    public DateTimeOffset? SampledAt { get; init; }
}

/// <summary>A Copilot plugin version sample (<c>last_known_plugin_version</c>).</summary>
public sealed class PluginVersion : ReportObject
{
    /// <summary>The plugin, for example <c>copilot-chat</c>.</summary>
    [JsonPropertyName("plugin")]
    public string? Plugin { get; init; }

    /// <summary>The plugin's version string.</summary>
    [JsonPropertyName("plugin_version")]
    public string? Version { get; init; }

    /// <summary>When the version was sampled.</summary>
    [JsonPropertyName("sampled_at")]
    public DateTimeOffset? SampledAt { get; init; }
}

/// <summary>Copilot CLI usage (<c>totals_by_cli</c>). CLI use is not part of the IDE breakdowns.</summary>
public sealed class CliTotals : ReportObject
{
    /// <summary>Distinct CLI sessions.</summary>
    [JsonPropertyName("session_count")]
    public long SessionCount { get; init; }

    /// <summary>Requests to Copilot through the CLI, including automated agentic follow-ups.</summary>
    [JsonPropertyName("request_count")]
    public long RequestCount { get; init; }

    /// <summary>User prompts, commands and queries.</summary>
    [JsonPropertyName("prompt_count")]
    public long PromptCount { get; init; }

    /// <summary>Token usage.</summary>
    [JsonPropertyName("token_usage")]
    public CliTokenUsage? TokenUsage { get; init; }

    /// <summary>The last CLI version seen (per-user rows only).</summary>
    [JsonPropertyName("last_known_cli_version")]
    public CliVersion? LastKnownCliVersion { get; init; }
}

/// <summary>CLI token usage (<c>totals_by_cli.token_usage</c>).</summary>
public sealed class CliTokenUsage : ReportObject
{
    /// <summary>Output tokens.</summary>
    [JsonPropertyName("output_tokens_sum")]
    public long OutputTokensSum { get; init; }

    /// <summary>Prompt tokens.</summary>
    [JsonPropertyName("prompt_tokens_sum")]
    public long PromptTokensSum { get; init; }

    /// <summary>(output + prompt) / requests; <see langword="null"/> when there were no requests.</summary>
    [JsonPropertyName("avg_tokens_per_request")]
    public double? AverageTokensPerRequest { get; init; }
}

/// <summary>A CLI version sample (<c>last_known_cli_version</c>).</summary>
public sealed class CliVersion : ReportObject
{
    /// <summary>The CLI's version; <c>unknown</c> when it was not detected.</summary>
    [JsonPropertyName("cli_version")]
    public string? Version { get; init; }

    /// <summary>When the version was sampled.</summary>
    [JsonPropertyName("sampled_at")]
    public DateTimeOffset? SampledAt { get; init; }
}

/// <summary>A user's AI-adoption cohort (<c>ai_adoption_phase</c>).</summary>
public sealed class AiAdoptionPhase : ReportObject
{
    /// <summary>The phase number; 0 is "No Cohort".</summary>
    [JsonPropertyName("phase_number")]
    public int PhaseNumber { get; init; }

    /// <summary>The phase name, for example <c>Phase 2</c> (an open set).</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; init; }

    /// <summary>The classification version, for example <c>v1</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}

/// <summary>A <c>totals_by_ai_adoption_phase</c> row of an aggregate day.</summary>
public sealed class AiAdoptionPhaseTotals : ReportObject
{
    /// <summary>The phase name.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; init; }

    /// <summary>The phase number.</summary>
    [JsonPropertyName("phase_number")]
    public int PhaseNumber { get; init; }

    /// <summary>Users in the phase.</summary>
    [JsonPropertyName("total_engaged_users")]
    public long TotalEngagedUsers { get; init; }

    /// <summary>Average user-initiated interactions per user.</summary>
    [JsonPropertyName("avg_user_initiated_interactions")]
    public double? AverageUserInitiatedInteractions { get; init; }

    /// <summary>Average code generation activities per user.</summary>
    [JsonPropertyName("avg_code_generation_activities")]
    public double? AverageCodeGenerationActivities { get; init; }

    /// <summary>Average code acceptance activities per user.</summary>
    [JsonPropertyName("avg_code_acceptance_activities")]
    public double? AverageCodeAcceptanceActivities { get; init; }

    /// <summary>Average lines added per user.</summary>
    [JsonPropertyName("avg_loc_added")]
    public double? AverageLocAdded { get; init; }

    /// <summary>Average lines deleted per user.</summary>
    [JsonPropertyName("avg_loc_deleted")]
    public double? AverageLocDeleted { get; init; }

    /// <summary>Average pull requests reviewed per user.</summary>
    [JsonPropertyName("avg_pull_requests_reviewed")]
    public double? AveragePullRequestsReviewed { get; init; }

    /// <summary>Average pull requests created per user.</summary>
    [JsonPropertyName("avg_pull_requests_created")]
    public double? AveragePullRequestsCreated { get; init; }

    /// <summary>Average pull requests merged per user.</summary>
    [JsonPropertyName("avg_pull_requests_merged")]
    public double? AveragePullRequestsMerged { get; init; }

    /// <summary>Average of the per-user median minutes to merge.</summary>
    [JsonPropertyName("avg_pull_requests_median_minutes_to_merge")]
    public double? AveragePullRequestsMedianMinutesToMerge { get; init; }
}

/// <summary>Pull-request activity of an aggregate day (<c>pull_requests</c>).</summary>
public sealed class PullRequestTotals : ReportObject
{
    /// <summary>Pull requests created that day.</summary>
    [JsonPropertyName("total_created")]
    public long TotalCreated { get; init; }

    /// <summary>Pull requests reviewed that day (once per PR per day).</summary>
    [JsonPropertyName("total_reviewed")]
    public long TotalReviewed { get; init; }

    /// <summary>Pull requests merged that day.</summary>
    [JsonPropertyName("total_merged")]
    public long TotalMerged { get; init; }

    /// <summary>Median minutes from creation to merge.</summary>
    [JsonPropertyName("median_minutes_to_merge")]
    public double? MedianMinutesToMerge { get; init; }

    /// <summary>Review suggestions, whoever wrote them.</summary>
    [JsonPropertyName("total_suggestions")]
    public long TotalSuggestions { get; init; }

    /// <summary>Review suggestions applied, whoever wrote them.</summary>
    [JsonPropertyName("total_applied_suggestions")]
    public long TotalAppliedSuggestions { get; init; }

    /// <summary>Pull requests created by Copilot.</summary>
    [JsonPropertyName("total_created_by_copilot")]
    public long TotalCreatedByCopilot { get; init; }

    /// <summary>Pull requests reviewed by Copilot.</summary>
    [JsonPropertyName("total_reviewed_by_copilot")]
    public long TotalReviewedByCopilot { get; init; }

    /// <summary>Merged pull requests that Copilot created.</summary>
    [JsonPropertyName("total_merged_created_by_copilot")]
    public long TotalMergedCreatedByCopilot { get; init; }

    /// <summary>Merged pull requests that Copilot reviewed.</summary>
    [JsonPropertyName("total_merged_reviewed_by_copilot")]
    public long TotalMergedReviewedByCopilot { get; init; }

    /// <summary>Median minutes to merge for Copilot-authored pull requests.</summary>
    [JsonPropertyName("median_minutes_to_merge_copilot_authored")]
    public double? MedianMinutesToMergeCopilotAuthored { get; init; }

    /// <summary>Median minutes to merge for Copilot-reviewed pull requests.</summary>
    [JsonPropertyName("median_minutes_to_merge_copilot_reviewed")]
    public double? MedianMinutesToMergeCopilotReviewed { get; init; }

    /// <summary>Suggestions Copilot made in reviews.</summary>
    [JsonPropertyName("total_copilot_suggestions")]
    public long TotalCopilotSuggestions { get; init; }

    /// <summary>Copilot review suggestions that were applied.</summary>
    [JsonPropertyName("total_copilot_applied_suggestions")]
    public long TotalCopilotAppliedSuggestions { get; init; }

    /// <summary>Copilot review suggestions by comment type.</summary>
    [JsonPropertyName("copilot_suggestions_by_comment_type")]
    public IReadOnlyList<CommentTypeSuggestions> CopilotSuggestionsByCommentType { get; init; } = [];
}

/// <summary>Copilot review suggestions of one comment type.</summary>
public sealed class CommentTypeSuggestions : ReportObject
{
    /// <summary>The comment type, for example <c>security</c> or <c>bug_risk</c>.</summary>
    [JsonPropertyName("comment_type")]
    public string? CommentType { get; init; }

    /// <summary>Suggestions Copilot made.</summary>
    [JsonPropertyName("total_copilot_suggestions")]
    public long TotalCopilotSuggestions { get; init; }

    /// <summary>Suggestions applied.</summary>
    [JsonPropertyName("total_copilot_applied_suggestions")]
    public long TotalCopilotAppliedSuggestions { get; init; }
}
