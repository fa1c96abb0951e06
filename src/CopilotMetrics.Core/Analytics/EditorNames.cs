namespace CopilotMetrics.Analytics;

/// <summary>
/// One name per editor: GitHub's seat field <c>last_activity_editor</c> (<c>vscode/1.108.2/copilot-chat/0.37.1</c>,
/// <c>VisualStudio/17.14.21/copilot-vs/18.0.610.1</c>) and the metrics' <c>ide</c> values (<c>vscode</c>,
/// <c>visualstudio</c>) spell one editor differently.
/// </summary>
public static class EditorNames
{
    /// <summary>
    /// The editor's name: the part before the first <c>/</c>, trimmed and lower-cased (invariant); JetBrains
    /// products (<c>JetBrains-IU</c>, <c>JetBrains-PY</c>…) are one editor, <c>jetbrains</c>. <see langword="null"/> or
    /// blank stays <see langword="null"/>.
    /// </summary>
    /// <param name="editor">The raw value.</param>
    /// <returns>The normalized name, or <see langword="null"/>.</returns>
    public static string? Normalize(string? editor)
    {
        if (string.IsNullOrWhiteSpace(editor))
        {
            return null;
        }

        var slash = editor.IndexOf('/', StringComparison.Ordinal);
        var name = (slash < 0 ? editor : editor[..slash]).Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            return null;
        }

        return name.StartsWith("jetbrains", StringComparison.Ordinal) ? "jetbrains" : name;
    }
}
