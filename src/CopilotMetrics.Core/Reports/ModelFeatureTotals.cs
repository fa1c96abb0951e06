using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_model_feature</c> row (chat activity only).</summary>
public sealed class ModelFeatureTotals : ActivityTotals
{
    private string? _model;
    private string? _feature;

    /// <summary>The model.</summary>
    [JsonPropertyName("model")]
    public string Model { get => _model ?? ""; init => _model = value; }

    /// <summary>The feature.</summary>
    [JsonPropertyName("feature")]
    public string Feature { get => _feature ?? ""; init => _feature = value; }
}
