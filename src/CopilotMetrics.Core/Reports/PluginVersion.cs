using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A Copilot plugin version sample (<c>last_known_plugin_version</c>).</summary>
public sealed class PluginVersion : ReportObject
{
    /// <summary>The plugin, for example <c>copilot-chat</c>.</summary>
    [JsonPropertyName("plugin")]
    public string? Plugin { get; init; }

    /// <summary>The plugin's version string.</summary>
    [JsonPropertyName("plugin_version")]
    public string? Version { get; init; }

    /// <summary>When the version was sampled.</summary>
    [JsonPropertyName("sampled_at")]
    public DateTimeOffset? SampledAt { get; init; }
}
