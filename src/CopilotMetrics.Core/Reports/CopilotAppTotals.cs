using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// GitHub Copilot app usage (<c>totals_by_copilot_app</c>): the shape of <see cref="CliTotals"/> without a version
/// sample. Aggregate records carry it from 2026-07-17, per-user records from 2026-07-28; it is absent (or
/// <see langword="null"/>) for a scope or user with no app activity, and every count may be <see langword="null"/>.
/// </summary>
/// <remarks>
/// App usage is reported here and is never part of <c>totals_by_ide</c>. GitHub's 2026-07-17 changelog also kept it out
/// of <c>totals_by_feature</c>, the model and language breakdowns and the lines-of-code totals; its 2026-07-28
/// changelog says app coding activity now also appears there under the feature <c>copilot_app</c>. Either way, never add
/// these counts to the activity totals of the record: that would count the same work twice or mix units.
/// </remarks>
public sealed class CopilotAppTotals : ReportObject
{
    /// <summary>Distinct app sessions (<c>session_count</c>).</summary>
    [JsonPropertyName("session_count")]
    public long? SessionCount { get; init; }

    /// <summary>Requests to Copilot from the app, including automated agentic follow-ups (<c>request_count</c>).</summary>
    [JsonPropertyName("request_count")]
    public long? RequestCount { get; init; }

    /// <summary>User prompts sent from the app (<c>prompt_count</c>).</summary>
    [JsonPropertyName("prompt_count")]
    public long? PromptCount { get; init; }

    /// <summary>Token usage (<c>token_usage</c>), the same object as the CLI's.</summary>
    [JsonPropertyName("token_usage")]
    public CliTokenUsage? TokenUsage { get; init; }
}
