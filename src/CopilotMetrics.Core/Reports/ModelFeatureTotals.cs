using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_model_feature</c> row (chat activity only).</summary>
public sealed class ModelFeatureTotals : ActivityTotals
{
    /// <summary>The model.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    /// <summary>The feature.</summary>
    [JsonPropertyName("feature")]
    public string Feature { get; init; } = "";
}
