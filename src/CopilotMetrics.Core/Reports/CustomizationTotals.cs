using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// An entry of one of the Copilot CLI customization breakdowns added on 2026-09-17 (<c>totals_by_skill</c>,
/// <c>totals_by_custom_agent</c>, <c>totals_by_mcp</c>, <c>totals_by_slash_cmd</c>, <c>totals_by_plugin</c>): each
/// breakdown lists at most the five items with the most activity.
/// </summary>
/// <remarks>
/// <para>
/// GitHub shows the names of items it provides. Customer-defined skills, custom agents, MCP servers and plugins are
/// masked and grouped under <see cref="CustomizationNames.Other"/>; customer-defined slash commands under
/// <see cref="CustomizationNames.Custom"/>. One masked entry therefore stands for one or more items.
/// </para>
/// <para>
/// The record's matching <c>distinct_*_use_count</c> counts every different item used, the masked ones and those
/// outside the top five included; it is never the number of entries.
/// </para>
/// </remarks>
public abstract class CustomizationTotals : ReportObject
{
    private protected CustomizationTotals()
    {
    }

    /// <summary>The item's name, whichever JSON key holds it (<c>skill</c>, <c>custom_agent</c>, <c>mcp</c>, <c>slash_cmd</c> or <c>plugin</c>).</summary>
    [JsonIgnore]
    public abstract string? Name { get; }

    /// <summary>
    /// The item's activity (<c>interaction_count</c>): invocations for skills, slash commands and plugins, starts for
    /// custom agents, connection attempts for MCP servers (see each type).
    /// </summary>
    [JsonPropertyName("interaction_count")]
    public long? InteractionCount { get; init; }
}
