using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_feature</c> row.</summary>
public sealed class FeatureTotals : ActivityTotals
{
    private string? _feature;

    /// <summary>The feature, for example <c>code_completion</c>, <c>chat_panel_agent_mode</c> or <c>agent_edit</c> (an open set).</summary>
    [JsonPropertyName("feature")]
    public string Feature { get => _feature ?? ""; init => _feature = value; }
}
