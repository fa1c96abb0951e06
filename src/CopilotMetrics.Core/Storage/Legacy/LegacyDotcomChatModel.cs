using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>GitHub.com chat with one model.</summary>
public sealed class LegacyDotcomChatModel
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

    /// <summary>Users who chatted with the model.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Chat turns.</summary>
    [JsonPropertyName("total_chats")]
    public long TotalChats { get; init; }
}
