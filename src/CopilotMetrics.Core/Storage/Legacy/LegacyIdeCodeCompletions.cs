using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>The <c>copilot_ide_code_completions</c> object.</summary>
public sealed class LegacyIdeCodeCompletions
{
    /// <summary>Users with code-completion activity.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>
    /// Completion activity by language. The legacy schema has only <c>name</c> and <c>total_engaged_users</c> here;
    /// a projection also fills the four counters, which the legacy API carried per editor and model (see
    /// <see cref="LegacyMetricsProjection"/>).
    /// </summary>
    [JsonPropertyName("languages")]
    public IReadOnlyList<LegacyCompletionLanguage> Languages { get; init; } = [];

    /// <summary>Completion activity by editor.</summary>
    [JsonPropertyName("editors")]
    public IReadOnlyList<LegacyCompletionEditor> Editors { get; init; } = [];

    /// <summary>
    /// Completion activity by model over all editors. Not in the legacy schema (which carried models per editor only);
    /// a projection fills it from the reports' <c>code_completion</c> rows of <c>totals_by_model_feature</c>, because the
    /// new reports have no editor × model breakdown (see <see cref="LegacyMetricsProjection"/>). Empty when the reports
    /// name no completion model.
    /// </summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyCompletionModel> Models { get; init; } = [];
}
