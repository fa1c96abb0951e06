namespace CopilotMetrics.Storage;

/// <summary>
/// One <c>pull_request_review_times</c> entry of a repository day as a store keeps it typed. Every value is
/// <see langword="null"/> when the entry lacked it, never 0.
/// </summary>
/// <param name="AuthoredBy">Who opened the pull requests (<c>human</c> today).</param>
/// <param name="ReviewedBy">Who reviewed them (<c>human</c> today).</param>
/// <param name="TotalMerged">Qualifying pull requests merged that day.</param>
/// <param name="MedianMinutesReadyToFirstReview">Median minutes from ready for review to the first review.</param>
/// <param name="P90MinutesReadyToFirstReview">90th percentile of the same.</param>
/// <param name="MedianMinutesFirstToFinalReview">Median minutes from the first to the final review.</param>
/// <param name="P90MinutesFirstToFinalReview">90th percentile of the same.</param>
/// <param name="MedianMinutesFinalReviewToMerge">Median minutes from the final review to the merge.</param>
/// <param name="P90MinutesFinalReviewToMerge">90th percentile of the same.</param>
public sealed record RepositoryReviewTimes(
    string? AuthoredBy,
    string? ReviewedBy,
    long? TotalMerged,
    double? MedianMinutesReadyToFirstReview,
    double? P90MinutesReadyToFirstReview,
    double? MedianMinutesFirstToFinalReview,
    double? P90MinutesFirstToFinalReview,
    double? MedianMinutesFinalReviewToMerge,
    double? P90MinutesFinalReviewToMerge);
