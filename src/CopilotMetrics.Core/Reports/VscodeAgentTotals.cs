using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// Activity in the dedicated VS Code Agents window (<c>totals_by_vscode_agent</c>, from 2026-09-11): an object, not an
/// array. It is separate from agent mode in the editor window (<c>used_agent</c>, <c>chat_panel_agent_mode</c>), and
/// absent or <see langword="null"/> when there is no such data: absent is "not reported", not zero.
/// </summary>
public sealed class VscodeAgentTotals : ReportObject
{
    /// <summary>Agents-window sessions (<c>session_count</c>).</summary>
    [JsonPropertyName("session_count")]
    public long? SessionCount { get; init; }

    /// <summary>Messages the user sent in the Agents window (<c>total_user_messages</c>).</summary>
    [JsonPropertyName("total_user_messages")]
    public long? TotalUserMessages { get; init; }
}
