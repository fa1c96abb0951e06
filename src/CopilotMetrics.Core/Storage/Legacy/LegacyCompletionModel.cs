using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>Code completions of one model in one editor.</summary>
public sealed class LegacyCompletionModel
{
    /// <summary>The model; <c>default</c> for the default model.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Whether it is a custom model.</summary>
    [JsonPropertyName("is_custom_model")]
    public bool IsCustomModel { get; init; }

    /// <summary>When a custom model was trained; <see langword="null"/> otherwise.</summary>
    [JsonPropertyName("custom_model_training_date")]
    public string? CustomModelTrainingDate { get; init; }

    /// <summary>Users with completion activity with the model in the editor.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Completion activity by language.</summary>
    [JsonPropertyName("languages")]
    public IReadOnlyList<LegacyCompletionLanguage> Languages { get; init; } = [];
}
