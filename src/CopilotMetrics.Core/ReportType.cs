namespace CopilotMetrics;

/// <summary>The Copilot usage metrics reports.</summary>
public enum ReportType
{
    /// <summary>The scope's totals for one day (<c>organization-1-day</c> / <c>enterprise-1-day</c>).</summary>
    Aggregate1Day = 0,

    /// <summary>The scope's totals for each day of the latest 28 days (<c>organization-28-day/latest</c> / <c>enterprise-28-day/latest</c>).</summary>
    Aggregate28Day = 1,

    /// <summary>One row per user for one day (<c>users-1-day</c>).</summary>
    Users1Day = 2,

    /// <summary>One row per user and day of the latest 28 days (<c>users-28-day/latest</c>).</summary>
    Users28Day = 3,

    /// <summary>One row per user and team for one day (<c>user-teams-1-day</c>).</summary>
    UserTeams1Day = 4,

    /// <summary>One row per repository with pull-request activity for one day (<c>repos-1-day</c>).</summary>
    Repositories1Day = 5,
}
