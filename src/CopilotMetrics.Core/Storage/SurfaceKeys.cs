using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage;

/// <summary>
/// The surfaces a per-user row can show a user on, as the keys <see cref="IMetricsReader.GetSurfaceUsersAsync"/> counts
/// distinct users of. A stored day's keys are those of <see cref="Collect"/>, one definition every store applies when a
/// day is written.
/// </summary>
public static class SurfaceKeys
{
    /// <summary>The users with a per-user row (for a team: members with a row that day).</summary>
    public const string Active = "active";

    /// <summary>A team's members that day (team answers only; not a surface).</summary>
    public const string Members = "members";

    /// <summary>IDE code completions: a <c>code_completion</c> feature row.</summary>
    public const string Completions = "completions";

    /// <summary>IDE chat: <c>used_chat</c>.</summary>
    public const string Chat = "chat";

    /// <summary>The prefix of one chat mode's key, followed by the feature name (<c>chat_mode:chat_panel_ask_mode</c>): a <c>chat_*</c> feature row.</summary>
    public const string ChatModePrefix = "chat_mode:";

    /// <summary>IDE agent mode: <c>used_agent</c>.</summary>
    public const string AgentMode = "agent_mode";

    /// <summary>The Copilot cloud (coding) agent: <c>used_copilot_cloud_agent</c> or its old name <c>used_copilot_coding_agent</c>.</summary>
    public const string CloudAgent = "cloud_agent";

    /// <summary>Copilot code review, requested by the user: <c>used_copilot_code_review_active</c>.</summary>
    public const string CodeReviewActive = "code_review_active";

    /// <summary>Copilot code review on the user's pull requests: <c>used_copilot_code_review_passive</c>.</summary>
    public const string CodeReviewPassive = "code_review_passive";

    /// <summary>The Copilot CLI: <c>used_cli</c>.</summary>
    public const string Cli = "cli";

    /// <summary>The Copilot app: <c>used_copilot_app</c>.</summary>
    public const string CopilotApp = "copilot_app";

    /// <summary>VS Code agents: <c>used_vscode_agent</c>.</summary>
    public const string VscodeAgent = "vscode_agent";

    /// <summary>The prefix of one third-party agent's key, followed by its <c>agent_id</c> (its name when it has no id): a <c>totals_by_3rd_party_agent</c> row.</summary>
    public const string ThirdPartyAgentPrefix = "third_party_agent:";

    /// <summary>Adds the surfaces <paramref name="record"/> shows its user on to <paramref name="keys"/>, each once.</summary>
    /// <param name="record">A per-user row.</param>
    /// <param name="keys">Receives the keys (cleared first).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Collect(UserDayRecord record, List<string> keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(keys);
        keys.Clear();
        foreach (var row in record.TotalsByFeature ?? [])
        {
            if (row?.Feature is { } feature)
            {
                if (feature == FeatureNames.CodeCompletion)
                {
                    AddDistinct(keys, Completions);
                }
                else if (FeatureNames.IsChat(feature))
                {
                    AddDistinct(keys, ChatModePrefix + feature);
                }
            }
        }

        Flag(record.UsedChat, Chat);
        Flag(record.UsedAgent, AgentMode);
        Flag(record.UsedCopilotCloudAgent || record.UsedCopilotCodingAgent, CloudAgent);
        Flag(record.UsedCopilotCodeReviewActive == true, CodeReviewActive);
        Flag(record.UsedCopilotCodeReviewPassive == true, CodeReviewPassive);
        Flag(record.UsedCli, Cli);
        Flag(record.UsedCopilotApp == true, CopilotApp);
        Flag(record.UsedVscodeAgent == true, VscodeAgent);
        foreach (var agent in record.TotalsByThirdPartyAgent ?? [])
        {
            if (agent is not null && (agent.AgentId ?? agent.AgentName) is { } id)
            {
                AddDistinct(keys, ThirdPartyAgentPrefix + id);
            }
        }

        void Flag(bool used, string key)
        {
            if (used)
            {
                keys.Add(key);
            }
        }
    }

    private static void AddDistinct(List<string> keys, string key)
    {
        foreach (var k in keys)
        {
            if (string.Equals(k, key, StringComparison.Ordinal))
            {
                return;
            }
        }

        keys.Add(key);
    }
}
