using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// How long a repository's merged pull requests spent in each stage of review (a <c>pull_request_review_times</c>
/// entry of a <c>repos-1-day</c> row, from 2026-09-21). Durations are in minutes and belong to the day the pull request
/// merged. Only pull requests a person opened and another person reviewed count; Copilot code review, bots and the
/// author's own reviews are ignored.
/// </summary>
public sealed class PullRequestReviewTimes : ReportObject
{
    /// <summary>Who opened the pull requests (<c>authored_by</c>); <c>human</c> today.</summary>
    [JsonPropertyName("authored_by")]
    public string? AuthoredBy { get; init; }

    /// <summary>Who reviewed them (<c>reviewed_by</c>); <c>human</c> today.</summary>
    [JsonPropertyName("reviewed_by")]
    public string? ReviewedBy { get; init; }

    /// <summary>Qualifying pull requests merged that day (<c>total_merged</c>); usually fewer than <see cref="PullRequestTotals.TotalMerged"/>, which also counts unreviewed merges.</summary>
    [JsonPropertyName("total_merged")]
    public long? TotalMerged { get; init; }

    /// <summary>Median minutes from ready for review to the first review.</summary>
    [JsonPropertyName("median_minutes_ready_to_first_review")]
    public double? MedianMinutesReadyToFirstReview { get; init; }

    /// <summary>90th percentile of the minutes from ready for review to the first review.</summary>
    [JsonPropertyName("p90_minutes_ready_to_first_review")]
    public double? P90MinutesReadyToFirstReview { get; init; }

    /// <summary>Median minutes from the first to the final review; 0 when the pull requests had a single review.</summary>
    [JsonPropertyName("median_minutes_first_to_final_review")]
    public double? MedianMinutesFirstToFinalReview { get; init; }

    /// <summary>90th percentile of the minutes from the first to the final review.</summary>
    [JsonPropertyName("p90_minutes_first_to_final_review")]
    public double? P90MinutesFirstToFinalReview { get; init; }

    /// <summary>Median minutes from the final review to the merge.</summary>
    [JsonPropertyName("median_minutes_final_review_to_merge")]
    public double? MedianMinutesFinalReviewToMerge { get; init; }

    /// <summary>90th percentile of the minutes from the final review to the merge.</summary>
    [JsonPropertyName("p90_minutes_final_review_to_merge")]
    public double? P90MinutesFinalReviewToMerge { get; init; }
}
