using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Internal;

/// <summary>Builds breakdown rows from <see cref="Counts"/> (their counters are init-only).</summary>
internal static class Rows
{
    public static IdeTotals Ide(string ide, in Counts c, IdeVersion? ideVersion, PluginVersion? pluginVersion) => new()
    {
        Ide = ide,
        UserInitiatedInteractionCount = c.UserInitiated,
        CodeGenerationActivityCount = c.Generated,
        CodeAcceptanceActivityCount = c.Accepted,
        LocSuggestedToAddSum = c.LocSuggestedToAdd,
        LocSuggestedToDeleteSum = c.LocSuggestedToDelete,
        LocAddedSum = c.LocAdded,
        LocDeletedSum = c.LocDeleted,
        LastKnownIdeVersion = ideVersion,
        LastKnownPluginVersion = pluginVersion,
    };

    public static FeatureTotals Feature(string feature, in Counts c) => new()
    {
        Feature = feature,
        UserInitiatedInteractionCount = c.UserInitiated,
        CodeGenerationActivityCount = c.Generated,
        CodeAcceptanceActivityCount = c.Accepted,
        LocSuggestedToAddSum = c.LocSuggestedToAdd,
        LocSuggestedToDeleteSum = c.LocSuggestedToDelete,
        LocAddedSum = c.LocAdded,
        LocDeletedSum = c.LocDeleted,
    };

    /// <summary>A language/feature row; GitHub's language breakdowns carry no interaction count, so it is 0.</summary>
    public static LanguageFeatureTotals LanguageFeature(string language, string feature, in Counts c) => new()
    {
        Language = language,
        Feature = feature,
        CodeGenerationActivityCount = c.Generated,
        CodeAcceptanceActivityCount = c.Accepted,
        LocSuggestedToAddSum = c.LocSuggestedToAdd,
        LocSuggestedToDeleteSum = c.LocSuggestedToDelete,
        LocAddedSum = c.LocAdded,
        LocDeletedSum = c.LocDeleted,
    };

    /// <summary>A language/model row; no interaction count, as for <see cref="LanguageFeature"/>.</summary>
    public static LanguageModelTotals LanguageModel(string language, string model, in Counts c) => new()
    {
        Language = language,
        Model = model,
        CodeGenerationActivityCount = c.Generated,
        CodeAcceptanceActivityCount = c.Accepted,
        LocSuggestedToAddSum = c.LocSuggestedToAdd,
        LocSuggestedToDeleteSum = c.LocSuggestedToDelete,
        LocAddedSum = c.LocAdded,
        LocDeletedSum = c.LocDeleted,
    };

    public static ModelFeatureTotals ModelFeature(string model, string feature, in Counts c) => new()
    {
        Model = model,
        Feature = feature,
        UserInitiatedInteractionCount = c.UserInitiated,
        CodeGenerationActivityCount = c.Generated,
        CodeAcceptanceActivityCount = c.Accepted,
        LocSuggestedToAddSum = c.LocSuggestedToAdd,
        LocSuggestedToDeleteSum = c.LocSuggestedToDelete,
        LocAddedSum = c.LocAdded,
        LocDeletedSum = c.LocDeleted,
    };
}
