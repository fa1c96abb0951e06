using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_language_feature</c> row.</summary>
/// <remarks>
/// GitHub's language rows carry no <c>user_initiated_interaction_count</c>: it reads as 0 and is written back as 0. It is
/// written, although the input lacked it, because stores hash records as this library writes them: leaving it out now
/// would change the content hash of every stored day.
/// </remarks>
public sealed class LanguageFeatureTotals : ActivityTotals
{
    private string? _language;
    private string? _feature;

    /// <summary>The language, free-form; <c>unknown</c> when the IDE could not tell.</summary>
    [JsonPropertyName("language")]
    public string Language { get => _language ?? ""; init => _language = value; }

    /// <summary>The feature.</summary>
    [JsonPropertyName("feature")]
    public string Feature { get => _feature ?? ""; init => _feature = value; }
}
