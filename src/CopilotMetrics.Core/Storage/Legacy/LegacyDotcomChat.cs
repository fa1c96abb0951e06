using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>The <c>copilot_dotcom_chat</c> object (GitHub.com chat).</summary>
public sealed class LegacyDotcomChat
{
    /// <summary>Users of GitHub.com chat.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>By model.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyDotcomChatModel> Models { get; init; } = [];
}
