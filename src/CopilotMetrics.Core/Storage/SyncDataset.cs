namespace CopilotMetrics.Storage;

/// <summary>The datasets that are stored by day.</summary>
public enum SyncDataset
{
    /// <summary>The aggregate 1-day report.</summary>
    Aggregate = 0,

    /// <summary>The per-user 1-day report.</summary>
    Users = 1,

    /// <summary>The user-teams 1-day report.</summary>
    UserTeams = 2,

    /// <summary>The repositories 1-day report.</summary>
    Repositories = 3,

    /// <summary>The daily seat snapshot.</summary>
    Seats = 4,

    /// <summary>
    /// The AI-credit usage of a day (GitHub's billing endpoint, by product, SKU and model), from 2026-06-01 on; needs
    /// billing read access to the scope.
    /// </summary>
    AiCredits = 5,
}
