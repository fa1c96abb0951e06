using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>Copilot CLI usage (<c>totals_by_cli</c>). CLI use is not part of the IDE breakdowns.</summary>
public sealed class CliTotals : ReportObject
{
    /// <summary>Distinct CLI sessions.</summary>
    [JsonPropertyName("session_count")]
    public long SessionCount { get; init; }

    /// <summary>Requests to Copilot through the CLI, including automated agentic follow-ups.</summary>
    [JsonPropertyName("request_count")]
    public long RequestCount { get; init; }

    /// <summary>User prompts, commands and queries.</summary>
    [JsonPropertyName("prompt_count")]
    public long PromptCount { get; init; }

    /// <summary>Token usage.</summary>
    [JsonPropertyName("token_usage")]
    public CliTokenUsage? TokenUsage { get; init; }

    /// <summary>The last CLI version seen (per-user rows only).</summary>
    [JsonPropertyName("last_known_cli_version")]
    public CliVersion? LastKnownCliVersion { get; init; }
}
