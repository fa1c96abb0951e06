using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// One third-party agent app's activity (a <c>totals_by_3rd_party_agent</c> entry, from 2026-08-07), such as an agent
/// from a partner that runs on GitHub. Agents GitHub cannot identify are left out of the array.
/// </summary>
public sealed class ThirdPartyAgentTotals : ReportObject
{
    /// <summary>The agent's stable identifier (<c>agent_id</c>, a string): group and join on this, not on the name.</summary>
    [JsonPropertyName("agent_id")]
    public string? AgentId { get; init; }

    /// <summary>The agent's display name (<c>agent_name</c>); it can change over time.</summary>
    [JsonPropertyName("agent_name")]
    public string? AgentName { get; init; }

    /// <summary>
    /// User-initiated agent job starts (<c>user_initiated_interaction_count</c>). Not the record's top-level field of the
    /// same name, which counts prompts: never add the two or treat them as the same unit.
    /// </summary>
    [JsonPropertyName("user_initiated_interaction_count")]
    public long? UserInitiatedInteractionCount { get; init; }

    /// <summary>Agent app sessions (<c>session_count</c>); aggregate records only, absent from per-user entries.</summary>
    [JsonPropertyName("session_count")]
    public long? SessionCount { get; init; }
}
