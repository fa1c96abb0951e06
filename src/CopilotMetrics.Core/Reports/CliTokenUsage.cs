using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>CLI token usage (<c>totals_by_cli.token_usage</c>).</summary>
public sealed class CliTokenUsage : ReportObject
{
    /// <summary>Output tokens.</summary>
    [JsonPropertyName("output_tokens_sum")]
    public long OutputTokensSum { get; init; }

    /// <summary>Prompt tokens.</summary>
    [JsonPropertyName("prompt_tokens_sum")]
    public long PromptTokensSum { get; init; }

    /// <summary>(output + prompt) / requests; <see langword="null"/> when there were no requests.</summary>
    [JsonPropertyName("avg_tokens_per_request")]
    public double? AverageTokensPerRequest { get; init; }
}
