using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A CLI version sample (<c>last_known_cli_version</c>).</summary>
public sealed class CliVersion : ReportObject
{
    /// <summary>The CLI's version; <c>unknown</c> when it was not detected.</summary>
    [JsonPropertyName("cli_version")]
    public string? Version { get; init; }

    /// <summary>When the version was sampled.</summary>
    [JsonPropertyName("sampled_at")]
    public DateTimeOffset? SampledAt { get; init; }
}
