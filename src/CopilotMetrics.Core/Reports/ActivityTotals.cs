using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>The seven activity counters shared by per-user records, aggregate day records and every <c>totals_by_*</c> breakdown row.</summary>
/// <remarks>
/// Round trip: the seven counters are always written, as 0 when the input lacked them (GitHub sends them on every record
/// and row, except <c>user_initiated_interaction_count</c> on the language breakdowns: see <see cref="LanguageFeatureTotals"/>).
/// A breakdown row's dimension (<c>ide</c>, <c>feature</c>, <c>language</c>, <c>model</c>) reads as <c>""</c>, never
/// <see langword="null"/>, when absent, and is written back as <c>""</c>.
/// </remarks>
public abstract class ActivityTotals : ReportObject
{
    internal Internal.ActivityCounters Counters;

    private protected ActivityTotals()
    {
    }

    /// <summary>Prompts and messages the user actively sent (<c>user_initiated_interaction_count</c>). Absent from language breakdowns, where it reads 0.</summary>
    [JsonPropertyName("user_initiated_interaction_count")]
    public long UserInitiatedInteractionCount { get => Counters.UserInitiated; init => Counters.UserInitiated = value; }

    /// <summary>Distinct output events such as code blocks and completions (<c>code_generation_activity_count</c>).</summary>
    [JsonPropertyName("code_generation_activity_count")]
    public long CodeGenerationActivityCount { get => Counters.Generated; init => Counters.Generated = value; }

    /// <summary>Built-in accept actions: apply, insert, copy button (<c>code_acceptance_activity_count</c>).</summary>
    [JsonPropertyName("code_acceptance_activity_count")]
    public long CodeAcceptanceActivityCount { get => Counters.Accepted; init => Counters.Accepted = value; }

    /// <summary>Lines suggested to add, excluding agent edits (<c>loc_suggested_to_add_sum</c>).</summary>
    [JsonPropertyName("loc_suggested_to_add_sum")]
    public long LocSuggestedToAddSum { get => Counters.LocSuggestedToAdd; init => Counters.LocSuggestedToAdd = value; }

    /// <summary>Lines suggested to delete (<c>loc_suggested_to_delete_sum</c>).</summary>
    [JsonPropertyName("loc_suggested_to_delete_sum")]
    public long LocSuggestedToDeleteSum { get => Counters.LocSuggestedToDelete; init => Counters.LocSuggestedToDelete = value; }

    /// <summary>Lines actually added, including agent edits (<c>loc_added_sum</c>).</summary>
    [JsonPropertyName("loc_added_sum")]
    public long LocAddedSum { get => Counters.LocAdded; init => Counters.LocAdded = value; }

    /// <summary>Lines deleted (<c>loc_deleted_sum</c>).</summary>
    [JsonPropertyName("loc_deleted_sum")]
    public long LocDeletedSum { get => Counters.LocDeleted; init => Counters.LocDeleted = value; }
}
