using CopilotMetrics.Storage;

namespace CopilotMetrics.Analytics;

/// <summary>Where a figure comes from: GitHub's aggregate counts or the stored per-user rows.</summary>
public static class FigureSources
{
    /// <summary>GitHub's own count in the aggregate record (<c>daily_active_*</c>, <c>weekly_*</c>, <c>monthly_*</c>).</summary>
    public const string GitHub = "github";

    /// <summary>Distinct users recomputed from the stored per-user rows.</summary>
    public const string PerUserRows = "per-user rows";
}

/// <summary>A team an answer is about.</summary>
/// <param name="TeamId">The team id.</param>
/// <param name="Slug">The team slug (the latest seen in the range).</param>
public sealed record TeamRef(long TeamId, string Slug);

/// <summary>Distinct users of each Copilot surface per day and over a range, with adoption as shares (<see cref="CopilotAnalytics.GetSurfacesAsync"/>).</summary>
/// <param name="Scope">The organization or enterprise.</param>
/// <param name="Range">The days asked for.</param>
/// <param name="Team">The team, or <see langword="null"/> for the whole scope.</param>
/// <param name="Suppressed">
/// The whole answer is suppressed (a team of fewer active users than the minimum group size): <see cref="Days"/> and
/// <see cref="Totals"/> are empty.
/// </param>
/// <param name="SuppressedFigures">Figures left out because fewer users than the minimum group size had them.</param>
/// <param name="Days">One entry per day with stored aggregate or per-user data (for a team: per day with members), ascending.</param>
/// <param name="Totals">Distinct users over the whole range (recomputed from per-user rows, never a sum of days).</param>
public sealed record SurfaceUsage(
    MetricsScope Scope,
    DateRange Range,
    TeamRef? Team,
    bool Suppressed,
    int SuppressedFigures,
    IReadOnlyList<SurfaceDayUsage> Days,
    SurfaceTotals Totals);

/// <summary>One day of <see cref="SurfaceUsage"/>.</summary>
/// <param name="Day">The day.</param>
/// <param name="Seats">Assigned seats of the latest snapshot on or before the day (<see langword="null"/> for teams and when no snapshot is stored).</param>
/// <param name="Members">The team's members that day (teams only).</param>
/// <param name="ActiveUsers">Active users that day (GitHub's <c>daily_active_users</c> for the scope when reported, else per-user rows).</param>
/// <param name="ActiveUsersSource">The source of <paramref name="ActiveUsers"/> (<see cref="FigureSources"/>).</param>
/// <param name="Surfaces">The surfaces used that day, ordered by key.</param>
public sealed record SurfaceDayUsage(DateOnly Day, int? Seats, int? Members, int? ActiveUsers, string ActiveUsersSource, IReadOnlyList<SurfaceFigure> Surfaces);

/// <summary>The range figures of <see cref="SurfaceUsage"/>.</summary>
/// <param name="Seats">Assigned seats of the latest snapshot on or before the range end (scope only).</param>
/// <param name="Members">Distinct team members over the range (teams only).</param>
/// <param name="ActiveUsers">Distinct users with a per-user row in the range (for a team: on a day they were members).</param>
/// <param name="Surfaces">Distinct users per surface over the range (source: per-user rows), ordered by key.</param>
public sealed record SurfaceTotals(int? Seats, int? Members, int ActiveUsers, IReadOnlyList<SurfaceFigure> Surfaces);

/// <summary>Distinct users of one surface.</summary>
/// <param name="Surface">The key (<see cref="SurfaceKeys"/>).</param>
/// <param name="Users">Distinct users.</param>
/// <param name="Source">Where <paramref name="Users"/> comes from (<see cref="FigureSources"/>).</param>
/// <param name="ShareOfSeats">Users / seats (scope) or / members (team); <see langword="null"/> when that is unknown or 0.</param>
/// <param name="ShareOfActiveUsers">Users / active users; <see langword="null"/> when unknown or 0.</param>
/// <param name="WeeklyUsers">GitHub's 7-day count for the surface that day, where it reports one (scope days only).</param>
/// <param name="MonthlyUsers">GitHub's 28-day count for the surface that day, where it reports one (scope days only).</param>
public sealed record SurfaceFigure(string Surface, int Users, string Source, double? ShareOfSeats, double? ShareOfActiveUsers, int? WeeklyUsers, int? MonthlyUsers);
