using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>An IDE version sample (<c>last_known_ide_version</c>).</summary>
public sealed class IdeVersion : ReportObject
{
    /// <summary>The IDE's version string.</summary>
    [JsonPropertyName("ide_version")]
    public string? Version { get; init; }

    /// <summary>When the version was sampled.</summary>
    [JsonPropertyName("sampled_at")]
    public DateTimeOffset? SampledAt { get; init; }
}
