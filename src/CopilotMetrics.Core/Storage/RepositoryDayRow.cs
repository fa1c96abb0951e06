using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage;

/// <summary>
/// One repository on one stored day, typed: what <see cref="IMetricsReader.GetRepositoryRowsAsync"/> returns for
/// queries (the record itself, unknown fields included, comes from <see cref="IMetricsReader.GetRepositoryDayAsync"/>).
/// </summary>
/// <remarks>
/// <see cref="PullRequests"/> is <see langword="null"/> when the row had no <c>pull_requests</c> object;
/// <see cref="ReviewTimes"/> is <see langword="null"/> when the row had no <c>pull_request_review_times</c> (every day
/// before 2026-09-21: "not reported") and empty when it was reported with no entry.
/// </remarks>
/// <param name="Day">The stored day (the write's day, also for a row that carried none).</param>
/// <param name="RepositoryId">The repository id (<c>repo_id</c>).</param>
/// <param name="OwnerName">The owner's login (<c>repo_owner_name</c>).</param>
/// <param name="Name">The bare repository name (<c>repo_name</c>).</param>
/// <param name="Visibility">The visibility (<c>repo_visibility</c>).</param>
/// <param name="PullRequests">The pull-request counts and medians.</param>
/// <param name="ReviewTimes">The review-time entries.</param>
public sealed record RepositoryDayRow(
    DateOnly Day,
    long? RepositoryId,
    string? OwnerName,
    string? Name,
    string? Visibility,
    RepositoryPullRequestCounts? PullRequests,
    IReadOnlyList<RepositoryReviewTimes>? ReviewTimes)
{
    /// <summary>The typed facts of a repository record stored for <paramref name="day"/>.</summary>
    /// <param name="day">The stored day.</param>
    /// <param name="record">The record.</param>
    /// <returns>The row.</returns>
    public static RepositoryDayRow From(DateOnly day, RepositoryDayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var p = record.PullRequests;
        return new RepositoryDayRow(
            day,
            record.RepositoryId,
            record.RepositoryOwnerName,
            record.RepositoryName,
            record.RepositoryVisibility,
            p is null
                ? null
                : new RepositoryPullRequestCounts(
                    p.TotalCreated,
                    p.TotalReviewed,
                    p.TotalMerged,
                    p.MedianMinutesToMerge,
                    p.TotalSuggestions,
                    p.TotalAppliedSuggestions,
                    p.TotalCreatedByCopilot,
                    p.TotalReviewedByCopilot,
                    p.TotalMergedCreatedByCopilot,
                    p.TotalMergedReviewedByCopilot,
                    p.MedianMinutesToMergeCopilotAuthored,
                    p.MedianMinutesToMergeCopilotReviewed,
                    p.TotalCopilotSuggestions,
                    p.TotalCopilotAppliedSuggestions),
            record.PullRequestReviewTimes?.Where(static t => t is not null).Select(static t => new RepositoryReviewTimes(
                t.AuthoredBy,
                t.ReviewedBy,
                t.TotalMerged,
                t.MedianMinutesReadyToFirstReview,
                t.P90MinutesReadyToFirstReview,
                t.MedianMinutesFirstToFinalReview,
                t.P90MinutesFirstToFinalReview,
                t.MedianMinutesFinalReviewToMerge,
                t.P90MinutesFinalReviewToMerge)).ToList().AsReadOnly());
    }
}
