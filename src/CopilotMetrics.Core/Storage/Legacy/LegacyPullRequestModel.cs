using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>Pull-request summaries by one model in one repository.</summary>
public sealed class LegacyPullRequestModel
{
    /// <summary>The model.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Whether it is a custom model.</summary>
    [JsonPropertyName("is_custom_model")]
    public bool IsCustomModel { get; init; }

    /// <summary>When a custom model was trained; <see langword="null"/> otherwise.</summary>
    [JsonPropertyName("custom_model_training_date")]
    public string? CustomModelTrainingDate { get; init; }

    /// <summary>Summaries created.</summary>
    [JsonPropertyName("total_pr_summaries_created")]
    public long TotalPrSummariesCreated { get; init; }

    /// <summary>Users who generated summaries with the model.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }
}
