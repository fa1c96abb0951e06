using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Internal;

/// <summary>
/// A user's day on the surfaces GitHub added in 2026, kept beside the record for the aggregate: it also holds what the
/// per-user row does not show (app usage before 2026-07-28, agent sessions, every customization item and its real name).
/// Scratch: reused for each user.
/// </summary>
internal sealed class DayExtras
{
    public CopilotAppTotals? App { get; set; }

    public VscodeAgentTotals? VscodeAgent { get; set; }

    public long[] AgentStarts { get; } = new long[Catalog.Agents.Length];

    public long[] AgentSessions { get; } = new long[Catalog.Agents.Length];

    public bool UsedAgents { get; set; }

    /// <summary>Whether the day has CLI customization data (a CLI user on a day from 2026-09-17).</summary>
    public bool Customized { get; set; }

    /// <summary>Per <see cref="Customization"/>, each item used and its count (plugins: the plugin's skill invocations).</summary>
    public List<(int Key, long Count)>[] Usage { get; } = [[], [], [], [], []];

    public void Clear()
    {
        App = null;
        VscodeAgent = null;
        Array.Clear(AgentStarts);
        Array.Clear(AgentSessions);
        UsedAgents = false;
        Customized = false;
        foreach (var list in Usage)
        {
            list.Clear();
        }
    }
}
