using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>The <c>copilot_ide_chat</c> object.</summary>
public sealed class LegacyIdeChat
{
    /// <summary>Users with IDE chat activity.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Chat activity by editor.</summary>
    [JsonPropertyName("editors")]
    public IReadOnlyList<LegacyChatEditor> Editors { get; init; } = [];

    /// <summary>
    /// Chat activity by model over all editors. Not in the legacy schema (which carried models per editor only);
    /// a projection fills it because the new reports have no editor × model breakdown (see <see cref="LegacyMetricsProjection"/>).
    /// </summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyChatModel> Models { get; init; } = [];
}
