using CopilotMetrics.Reports;

namespace CopilotMetrics.Samples.Console.Reporting;

/// <summary>Running sums of the activity counters that every record and breakdown row carries.</summary>
public sealed class ActivityCounts
{
    /// <summary>Prompts and messages users sent (<c>user_initiated_interaction_count</c>).</summary>
    public long Interactions { get; private set; }

    /// <summary>Code generations: completions, code blocks (<c>code_generation_activity_count</c>).</summary>
    public long Generations { get; private set; }

    /// <summary>Accept actions (<c>code_acceptance_activity_count</c>).</summary>
    public long Acceptances { get; private set; }

    /// <summary>Lines suggested to add (<c>loc_suggested_to_add_sum</c>).</summary>
    public long LinesSuggested { get; private set; }

    /// <summary>Lines added (<c>loc_added_sum</c>).</summary>
    public long LinesAdded { get; private set; }

    /// <summary>Lines deleted (<c>loc_deleted_sum</c>).</summary>
    public long LinesDeleted { get; private set; }

    /// <summary>Acceptances ÷ generations; <see langword="null"/> when there were no generations.</summary>
    public double? AcceptanceRate => Generations == 0 ? null : (double)Acceptances / Generations;

    /// <summary>Adds a record's or a breakdown row's counters.</summary>
    public void Add(ActivityTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        Interactions += totals.UserInitiatedInteractionCount;
        Generations += totals.CodeGenerationActivityCount;
        Acceptances += totals.CodeAcceptanceActivityCount;
        LinesSuggested += totals.LocSuggestedToAddSum;
        LinesAdded += totals.LocAddedSum;
        LinesDeleted += totals.LocDeletedSum;
    }
}
