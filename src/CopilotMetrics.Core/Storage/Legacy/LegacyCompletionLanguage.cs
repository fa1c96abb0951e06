using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>Code completions in one language.</summary>
public sealed class LegacyCompletionLanguage
{
    /// <summary>The language.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users with completion activity in the language.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Completions shown.</summary>
    [JsonPropertyName("total_code_suggestions")]
    public long TotalCodeSuggestions { get; init; }

    /// <summary>Completions accepted.</summary>
    [JsonPropertyName("total_code_acceptances")]
    public long TotalCodeAcceptances { get; init; }

    /// <summary>Lines suggested.</summary>
    [JsonPropertyName("total_code_lines_suggested")]
    public long TotalCodeLinesSuggested { get; init; }

    /// <summary>Lines accepted.</summary>
    [JsonPropertyName("total_code_lines_accepted")]
    public long TotalCodeLinesAccepted { get; init; }
}
