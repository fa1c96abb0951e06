namespace CopilotMetrics.Reports;

/// <summary>
/// The values of the <c>feature</c> dimension that queries single out. GitHub treats the set as open: chat features
/// are every <c>chat_*</c> value (<c>chat_inline</c>, <c>chat_panel_ask_mode</c>, <c>chat_panel_agent_mode</c>, …).
/// </summary>
public static class FeatureNames
{
    /// <summary><c>code_completion</c>: inline code completions.</summary>
    public const string CodeCompletion = "code_completion";

    /// <summary><c>agent_edit</c>: lines written into files by agent or edit mode (no suggestion-style counts).</summary>
    public const string AgentEdit = "agent_edit";

    /// <summary>The prefix of every chat feature, <c>chat_</c>.</summary>
    public const string ChatPrefix = "chat_";

    /// <summary>Whether <paramref name="feature"/> is a chat feature (starts with <c>chat_</c>).</summary>
    /// <param name="feature">The feature value.</param>
    /// <returns><see langword="true"/> for a chat feature.</returns>
    public static bool IsChat(string? feature) => feature is not null && feature.StartsWith(ChatPrefix, StringComparison.Ordinal);
}
