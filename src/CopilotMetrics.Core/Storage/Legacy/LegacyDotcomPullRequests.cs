using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>The <c>copilot_dotcom_pull_requests</c> object (pull-request summaries on GitHub.com).</summary>
public sealed class LegacyDotcomPullRequests
{
    /// <summary>Users who generated pull-request summaries.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>By repository.</summary>
    [JsonPropertyName("repositories")]
    public IReadOnlyList<LegacyPullRequestRepository> Repositories { get; init; } = [];
}
