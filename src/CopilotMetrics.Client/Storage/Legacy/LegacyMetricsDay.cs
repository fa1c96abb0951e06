using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>
/// One day of the retired <c>/copilot/metrics</c> API (schema <c>copilot-usage-metrics-day</c>, sunset 2026-04-02),
/// as <see cref="LegacyMetricsProjection"/> rebuilds it from the new reports. Serialize it with
/// <see cref="LegacyMetricsJson"/> to get the snake_case JSON that existing dashboards read.
/// </summary>
public sealed class LegacyMetricsDay
{
    /// <summary>The day (<c>YYYY-MM-DD</c>).</summary>
    [JsonPropertyName("date")]
    public DateOnly Date { get; init; }

    /// <summary>Users with any Copilot activity that day.</summary>
    [JsonPropertyName("total_active_users")]
    public int TotalActiveUsers { get; init; }

    /// <summary>Users who engaged with Copilot that day.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>IDE code completions.</summary>
    [JsonPropertyName("copilot_ide_code_completions")]
    public LegacyIdeCodeCompletions? CopilotIdeCodeCompletions { get; init; }

    /// <summary>IDE chat.</summary>
    [JsonPropertyName("copilot_ide_chat")]
    public LegacyIdeChat? CopilotIdeChat { get; init; }

    /// <summary>GitHub.com chat (not in the new reports: always <see langword="null"/> in a projection).</summary>
    [JsonPropertyName("copilot_dotcom_chat")]
    public LegacyDotcomChat? CopilotDotcomChat { get; init; }

    /// <summary>Pull-request summaries on GitHub.com (not in the new reports: always <see langword="null"/> in a projection).</summary>
    [JsonPropertyName("copilot_dotcom_pull_requests")]
    public LegacyDotcomPullRequests? CopilotDotcomPullRequests { get; init; }
}

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
}

/// <summary>Code completions in one language.</summary>
public sealed class LegacyCompletionLanguage
{
    /// <summary>The language.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users with completion activity in the language.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Completions shown.</summary>
    [JsonPropertyName("total_code_suggestions")]
    public long TotalCodeSuggestions { get; init; }

    /// <summary>Completions accepted.</summary>
    [JsonPropertyName("total_code_acceptances")]
    public long TotalCodeAcceptances { get; init; }

    /// <summary>Lines suggested.</summary>
    [JsonPropertyName("total_code_lines_suggested")]
    public long TotalCodeLinesSuggested { get; init; }

    /// <summary>Lines accepted.</summary>
    [JsonPropertyName("total_code_lines_accepted")]
    public long TotalCodeLinesAccepted { get; init; }
}

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

/// <summary>The <c>copilot_ide_chat</c> object.</summary>
public sealed class LegacyIdeChat
{
    /// <summary>Users with IDE chat activity.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Chat activity by editor.</summary>
    [JsonPropertyName("editors")]
    public IReadOnlyList<LegacyChatEditor> Editors { get; init; } = [];

    /// <summary>
    /// Chat activity by model over all editors. Not in the legacy schema (which carried models per editor only);
    /// a projection fills it because the new reports have no editor × model breakdown (see <see cref="LegacyMetricsProjection"/>).
    /// </summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyChatModel> Models { get; init; } = [];
}

/// <summary>IDE chat in one editor.</summary>
public sealed class LegacyChatEditor
{
    /// <summary>The editor.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users with chat activity in the editor.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>Chat activity by model in the editor.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyChatModel> Models { get; init; } = [];
}

/// <summary>IDE chat with one model.</summary>
public sealed class LegacyChatModel
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

    /// <summary>Code inserted from chat.</summary>
    [JsonPropertyName("total_chat_insertion_events")]
    public long TotalChatInsertionEvents { get; init; }

    /// <summary>Code copied from chat.</summary>
    [JsonPropertyName("total_chat_copy_events")]
    public long TotalChatCopyEvents { get; init; }
}

/// <summary>The <c>copilot_dotcom_chat</c> object (GitHub.com chat).</summary>
public sealed class LegacyDotcomChat
{
    /// <summary>Users of GitHub.com chat.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>By model.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyDotcomChatModel> Models { get; init; } = [];
}

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

/// <summary>The <c>copilot_dotcom_pull_requests</c> object (pull-request summaries on GitHub.com).</summary>
public sealed class LegacyDotcomPullRequests
{
    /// <summary>Users who generated pull-request summaries.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>By repository.</summary>
    [JsonPropertyName("repositories")]
    public IReadOnlyList<LegacyPullRequestRepository> Repositories { get; init; } = [];
}

/// <summary>Pull-request summaries in one repository.</summary>
public sealed class LegacyPullRequestRepository
{
    /// <summary>The repository.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Users who generated summaries in the repository.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>By model.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<LegacyPullRequestModel> Models { get; init; } = [];
}

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
