using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_language_model</c> row (chat activity only).</summary>
/// <remarks>
/// GitHub's language rows carry no <c>user_initiated_interaction_count</c>: it reads as 0 and is written back as 0. It is
/// written, although the input lacked it, because stores hash records as this library writes them: leaving it out now
/// would change the content hash of every stored day.
/// </remarks>
public sealed class LanguageModelTotals : ActivityTotals
{
    private string? _language;
    private string? _model;

    /// <summary>The language.</summary>
    [JsonPropertyName("language")]
    public string Language { get => _language ?? ""; init => _language = value; }

    /// <summary>The model, for example <c>gpt-5.4</c>, <c>auto</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("model")]
    public string Model { get => _model ?? ""; init => _model = value; }
}
