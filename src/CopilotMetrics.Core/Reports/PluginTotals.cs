using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A plugin of the CLI (a <c>totals_by_plugin</c> entry). <see cref="CustomizationTotals.InteractionCount"/> counts the skill invocations that came from the plugin: they are a subset of the skill counts, so never add plugin and skill counts.</summary>
public sealed class PluginTotals : CustomizationTotals
{
    /// <summary>The plugin; customer-defined plugins read <c>other</c>.</summary>
    [JsonPropertyName("plugin")]
    public string? Plugin { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? Name => Plugin;
}
