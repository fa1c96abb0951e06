using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>Code completions in one editor.</summary>
public sealed class LegacyCompletionEditor
{
    /// <summary>The editor, for example <c>vscode</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users with completion activity in the editor.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Completion activity by model.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyCompletionModel> Models { get; init; } = [];
}
