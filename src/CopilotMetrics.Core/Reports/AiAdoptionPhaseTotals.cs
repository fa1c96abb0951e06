using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_ai_adoption_phase</c> row of an aggregate day.</summary>
/// <remarks>
/// The pull-request velocity fields added in June and July 2026 count merged pull requests only, each on its merge day;
/// they are <see langword="null"/> on older records. Round trip: <c>phase_number</c> and <c>total_engaged_users</c> are
/// always written (0 when absent), everything else only when present.
/// </remarks>
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

    /// <summary>Pull requests the phase's users merged that day (<c>total_pull_requests_merged</c>, from 2026-06-26); <see langword="null"/> on older records.</summary>
    [JsonPropertyName("total_pull_requests_merged")]
    public long? TotalPullRequestsMerged { get; init; }

    /// <summary>
    /// Minutes from creation to the first review of the phase's merged pull requests (<c>avg_pull_requests_minutes_to_review</c>,
    /// from 2026-07-07). GitHub names it an average but describes a median; <see langword="null"/> on older records.
    /// </summary>
    [JsonPropertyName("avg_pull_requests_minutes_to_review")]
    public double? AveragePullRequestsMinutesToReview { get; init; }

    /// <summary>
    /// Review submissions before merge of the phase's merged pull requests (<c>avg_pull_requests_review_cycles</c>, from
    /// 2026-07-07; a median, despite the name); <see langword="null"/> on older records.
    /// </summary>
    [JsonPropertyName("avg_pull_requests_review_cycles")]
    public double? AveragePullRequestsReviewCycles { get; init; }
}
