using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>Pull-request summaries in one repository.</summary>
public sealed class LegacyPullRequestRepository
{
    /// <summary>The repository.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users who generated summaries in the repository.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>By model.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyPullRequestModel> Models { get; init; } = [];
}
