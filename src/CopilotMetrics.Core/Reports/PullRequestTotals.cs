using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

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
