using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A custom agent of the CLI (a <c>totals_by_custom_agent</c> entry); <see cref="CustomizationTotals.InteractionCount"/> counts agent starts.</summary>
public sealed class CustomAgentTotals : CustomizationTotals
{
    /// <summary>The agent; customer-defined agents read <c>other</c>.</summary>
    [JsonPropertyName("custom_agent")]
    public string? CustomAgent { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? Name => CustomAgent;
}
