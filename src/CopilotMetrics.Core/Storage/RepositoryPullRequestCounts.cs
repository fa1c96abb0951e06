namespace CopilotMetrics.Storage;

/// <summary>
/// A repository's pull-request activity of one day as a store keeps it typed: the twelve counts and three medians of the
/// row's <c>pull_requests</c> object (the comment-type list stays in the lossless copy only). A median is
/// <see langword="null"/> when the row did not report it, never 0.
/// </summary>
/// <param name="TotalCreated">Pull requests created.</param>
/// <param name="TotalReviewed">Pull requests reviewed.</param>
/// <param name="TotalMerged">Pull requests merged.</param>
/// <param name="MedianMinutesToMerge">Median minutes from creation to merge.</param>
/// <param name="TotalSuggestions">Review suggestions.</param>
/// <param name="TotalAppliedSuggestions">Review suggestions applied.</param>
/// <param name="TotalCreatedByCopilot">Pull requests created by Copilot.</param>
/// <param name="TotalReviewedByCopilot">Pull requests reviewed by Copilot.</param>
/// <param name="TotalMergedCreatedByCopilot">Merged pull requests Copilot created.</param>
/// <param name="TotalMergedReviewedByCopilot">Merged pull requests Copilot reviewed.</param>
/// <param name="MedianMinutesToMergeCopilotAuthored">Median minutes to merge, Copilot-authored.</param>
/// <param name="MedianMinutesToMergeCopilotReviewed">Median minutes to merge, Copilot-reviewed.</param>
/// <param name="TotalCopilotSuggestions">Suggestions Copilot made in reviews.</param>
/// <param name="TotalCopilotAppliedSuggestions">Copilot review suggestions applied.</param>
public sealed record RepositoryPullRequestCounts(
    long TotalCreated,
    long TotalReviewed,
    long TotalMerged,
    double? MedianMinutesToMerge,
    long TotalSuggestions,
    long TotalAppliedSuggestions,
    long TotalCreatedByCopilot,
    long TotalReviewedByCopilot,
    long TotalMergedCreatedByCopilot,
    long TotalMergedReviewedByCopilot,
    double? MedianMinutesToMergeCopilotAuthored,
    double? MedianMinutesToMergeCopilotReviewed,
    long TotalCopilotSuggestions,
    long TotalCopilotAppliedSuggestions);
