namespace CopilotMetrics.Storage;

/// <summary>What an engagement row counts.</summary>
public enum EngagementKind
{
    /// <summary>Users with a row that day (any activity).</summary>
    Active = 0,

    /// <summary>Users who prompted or accepted something (interactions or acceptances above zero).</summary>
    Engaged = 1,

    /// <summary>Users with activity in an IDE (key = IDE).</summary>
    Ide = 2,

    /// <summary>Users with activity in a feature (key = feature).</summary>
    Feature = 3,

    /// <summary>Users with code-completion activity in a language (key = language).</summary>
    CompletionLanguage = 4,

    /// <summary>Users with chat activity with a model (key = model).</summary>
    ChatModel = 5,

    /// <summary>Users with code-completion activity in an IDE (key = IDE; from per-user IDE rows of users with completion activity).</summary>
    CompletionIde = 6,

    /// <summary>Users with chat activity in an IDE (key = IDE).</summary>
    ChatIde = 7,

    /// <summary>
    /// Users with code-completion activity with a model (key = model; from per-user <c>totals_by_model_feature</c> rows
    /// of the <c>code_completion</c> feature, which GitHub's reports carry for some scopes and days only).
    /// </summary>
    CompletionModel = 8,
}
