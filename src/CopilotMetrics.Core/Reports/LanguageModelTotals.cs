using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_language_model</c> row (chat activity only).</summary>
public sealed class LanguageModelTotals : ActivityTotals
{
    /// <summary>The language.</summary>
    [JsonPropertyName("language")]
    public string Language { get; init; } = "";

    /// <summary>The model, for example <c>gpt-5.4</c>, <c>auto</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";
}
