using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>IDE chat in one editor.</summary>
public sealed class LegacyChatEditor
{
    /// <summary>The editor.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users with chat activity in the editor.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Chat activity by model in the editor.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyChatModel> Models { get; init; } = [];
}
