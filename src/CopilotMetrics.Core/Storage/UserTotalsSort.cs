namespace CopilotMetrics.Storage;

/// <summary>How per-user totals are sorted.</summary>
public enum UserTotalsSort
{
    /// <summary>By user-initiated interactions.</summary>
    Interactions = 0,

    /// <summary>By code generations.</summary>
    Generations = 1,

    /// <summary>By code acceptances.</summary>
    Acceptances = 2,

    /// <summary>By lines added.</summary>
    LocAdded = 3,

    /// <summary>By days active.</summary>
    ActiveDays = 4,

    /// <summary>By login (ordinal).</summary>
    Login = 5,
}
