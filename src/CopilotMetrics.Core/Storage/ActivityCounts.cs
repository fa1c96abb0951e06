using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage;

/// <summary>The seven activity counters, summed.</summary>
/// <param name="UserInitiatedInteractions">Sum of <c>user_initiated_interaction_count</c>.</param>
/// <param name="CodeGenerations">Sum of <c>code_generation_activity_count</c>.</param>
/// <param name="CodeAcceptances">Sum of <c>code_acceptance_activity_count</c>.</param>
/// <param name="LocSuggestedToAdd">Sum of <c>loc_suggested_to_add_sum</c>.</param>
/// <param name="LocSuggestedToDelete">Sum of <c>loc_suggested_to_delete_sum</c>.</param>
/// <param name="LocAdded">Sum of <c>loc_added_sum</c>.</param>
/// <param name="LocDeleted">Sum of <c>loc_deleted_sum</c>.</param>
public readonly record struct ActivityCounts(long UserInitiatedInteractions, long CodeGenerations, long CodeAcceptances, long LocSuggestedToAdd, long LocSuggestedToDelete, long LocAdded, long LocDeleted)
{
    /// <summary>Acceptances ÷ generations (GitHub's dashboard formula); <see langword="null"/> without generations.</summary>
    public double? AcceptanceRate => CodeGenerations == 0 ? null : (double)CodeAcceptances / CodeGenerations;

    /// <summary>The counters of a record or breakdown row.</summary>
    /// <param name="totals">The record.</param>
    /// <returns>The counters.</returns>
    public static ActivityCounts From(ActivityTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new(totals.UserInitiatedInteractionCount, totals.CodeGenerationActivityCount, totals.CodeAcceptanceActivityCount, totals.LocSuggestedToAddSum, totals.LocSuggestedToDeleteSum, totals.LocAddedSum, totals.LocDeletedSum);
    }

    /// <summary>Adds two sets of counters.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    /// <returns>The sums.</returns>
    public static ActivityCounts operator +(ActivityCounts a, ActivityCounts b) => new(
        a.UserInitiatedInteractions + b.UserInitiatedInteractions, a.CodeGenerations + b.CodeGenerations, a.CodeAcceptances + b.CodeAcceptances,
        a.LocSuggestedToAdd + b.LocSuggestedToAdd, a.LocSuggestedToDelete + b.LocSuggestedToDelete, a.LocAdded + b.LocAdded, a.LocDeleted + b.LocDeleted);

    /// <summary>Adds two sets of counters.</summary>
    /// <param name="other">The other.</param>
    /// <returns>The sums.</returns>
    public ActivityCounts Add(ActivityCounts other) => this + other;
}
