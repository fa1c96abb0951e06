using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// Pull-request activity (<c>pull_requests</c>) of an aggregate day, or of one repository on a <c>repos-1-day</c> row. The
/// counts of a day's repository rows add up to the aggregate's; the medians do not (a median of medians is not the median).
/// </summary>
/// <remarks>
/// Round trip: the twelve counts are always written (0 when the input lacked them); the medians and the comment-type list
/// only when present.
/// </remarks>
public sealed class PullRequestTotals : ReportObject
{
    private IReadOnlyList<CommentTypeSuggestions>? _byCommentType;

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

    /// <summary>Copilot review suggestions by comment type; empty when none.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<CommentTypeSuggestions> CopilotSuggestionsByCommentType { get => _byCommentType ?? []; init => _byCommentType = value; }

    // The list as the JSON holds it: null when the object lacked it, so that it is written back only when read.
    [JsonInclude]
    [JsonPropertyName("copilot_suggestions_by_comment_type")]
    internal IReadOnlyList<CommentTypeSuggestions>? ByCommentTypeJson { get => _byCommentType; init => _byCommentType = value; }
}
