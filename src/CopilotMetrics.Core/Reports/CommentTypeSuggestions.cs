using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

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
