using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

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
