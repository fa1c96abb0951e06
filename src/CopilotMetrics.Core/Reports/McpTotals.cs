using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>An MCP server used by the CLI (a <c>totals_by_mcp</c> entry). <see cref="CustomizationTotals.InteractionCount"/> counts connection and reconnection attempts, successful or not: calling more tools on a connected server does not raise it, so it is not a tool-call count.</summary>
public sealed class McpTotals : CustomizationTotals
{
    /// <summary>The server; customer-defined servers read <c>other</c>.</summary>
    [JsonPropertyName("mcp")]
    public string? Mcp { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? Name => Mcp;
}
