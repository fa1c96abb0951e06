using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_language_feature</c> row.</summary>
public sealed class LanguageFeatureTotals : ActivityTotals
{
    /// <summary>The language, free-form; <c>unknown</c> when the IDE could not tell.</summary>
    [JsonPropertyName("language")]
    public string Language { get; init; } = "";

    /// <summary>The feature.</summary>
    [JsonPropertyName("feature")]
    public string Feature { get; init; } = "";
}
