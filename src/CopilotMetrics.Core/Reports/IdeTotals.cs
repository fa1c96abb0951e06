using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A <c>totals_by_ide</c> row.</summary>
public sealed class IdeTotals : ActivityTotals
{
    private string? _ide;

    /// <summary>The IDE, for example <c>vscode</c> or <c>intellij</c>; aggregate reports may carry an <c>others</c> bucket.</summary>
    [JsonPropertyName("ide")]
    public string Ide { get => _ide ?? ""; init => _ide = value; }

    /// <summary>The last IDE version seen that day (per-user rows only).</summary>
    [JsonPropertyName("last_known_ide_version")]
    public IdeVersion? LastKnownIdeVersion { get; init; }

    /// <summary>The last Copilot plugin version seen that day (per-user rows only).</summary>
    [JsonPropertyName("last_known_plugin_version")]
    public PluginVersion? LastKnownPluginVersion { get; init; }
}
