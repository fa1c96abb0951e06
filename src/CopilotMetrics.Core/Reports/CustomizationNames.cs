namespace CopilotMetrics.Reports;

/// <summary>The names GitHub puts in place of customer-defined items in the CLI customization breakdowns (<see cref="CustomizationTotals"/>).</summary>
public static class CustomizationNames
{
    /// <summary><c>other</c>: every customer-defined skill, custom agent, MCP server or plugin, grouped in one entry.</summary>
    public const string Other = "other";

    /// <summary><c>custom</c>: every customer-defined slash command, grouped in one entry.</summary>
    public const string Custom = "custom";
}
