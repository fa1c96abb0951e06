using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Internal;

/// <summary>The seven activity counters as a mutable value, for summing.</summary>
internal struct Counts
{
    public long UserInitiated;
    public long Generated;
    public long Accepted;
    public long LocSuggestedToAdd;
    public long LocSuggestedToDelete;
    public long LocAdded;
    public long LocDeleted;

    public void Add(in Counts other)
    {
        UserInitiated += other.UserInitiated;
        Generated += other.Generated;
        Accepted += other.Accepted;
        LocSuggestedToAdd += other.LocSuggestedToAdd;
        LocSuggestedToDelete += other.LocSuggestedToDelete;
        LocAdded += other.LocAdded;
        LocDeleted += other.LocDeleted;
    }

    public void Add(ActivityTotals t)
    {
        UserInitiated += t.UserInitiatedInteractionCount;
        Generated += t.CodeGenerationActivityCount;
        Accepted += t.CodeAcceptanceActivityCount;
        LocSuggestedToAdd += t.LocSuggestedToAddSum;
        LocSuggestedToDelete += t.LocSuggestedToDeleteSum;
        LocAdded += t.LocAddedSum;
        LocDeleted += t.LocDeletedSum;
    }
}
