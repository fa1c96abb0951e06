using CopilotMetrics.Storage;

namespace CopilotMetrics.Analytics;

/// <summary>
/// The seats of one snapshot, counted the one way every host shows them: per assignee (a user with seats from two
/// organizations counts once; seats without an assignee are not counted), active when the latest
/// <c>last_activity_at</c> of their seats is on or after 00:00 UTC of <see cref="Day"/> minus
/// <see cref="ActiveWithinDays"/> days, never used when none of their seats has one, inactive otherwise.
/// <see cref="Assigned"/> = <see cref="Active"/> + <see cref="Inactive"/> + <see cref="NeverUsed"/>.
/// </summary>
/// <param name="Scope">The organization or enterprise.</param>
/// <param name="Day">The snapshot's day.</param>
/// <param name="ActiveWithinDays">The activity window, days.</param>
/// <param name="Assigned">Assignees with a seat.</param>
/// <param name="Active">Assignees active within the window.</param>
/// <param name="Inactive">Assignees whose last activity is before the window.</param>
/// <param name="NeverUsed">Assignees without any recorded activity.</param>
/// <param name="PendingCancellation">Assignees with a seat that has a pending cancellation date.</param>
/// <param name="ByPlan">Assignees per plan type (<c>unknown</c> when absent), by name.</param>
/// <param name="ByEditor">Assignees per last editor (<see cref="EditorNames.Normalize"/>; never-used assignees are not counted), most first.</param>
public sealed record SeatSummary(
    MetricsScope Scope,
    DateOnly Day,
    int ActiveWithinDays,
    int Assigned,
    int Active,
    int Inactive,
    int NeverUsed,
    int PendingCancellation,
    IReadOnlyList<SeatCount> ByPlan,
    IReadOnlyList<SeatCount> ByEditor);

/// <summary>A number of assignees for one key.</summary>
/// <param name="Key">The plan type or the editor.</param>
/// <param name="Seats">The assignees.</param>
public sealed record SeatCount(string Key, int Seats);

/// <summary>
/// One assignee whose seat is not in use (inactive or never used) on the snapshot day: a candidate for reclaiming
/// the licence.
/// </summary>
/// <param name="UserId">The assignee's id.</param>
/// <param name="Login">The login, or its pseudonym when <see cref="AnalyticsOptions.PseudonymSecret"/> is set.</param>
/// <param name="LastActivityAt">The latest activity of their seats; <see langword="null"/>: never used.</param>
/// <param name="LastActivityEditor">The editor of that activity, normalized (<see cref="EditorNames.Normalize"/>).</param>
/// <param name="AssignedSince">The earliest <c>created_at</c> of their seats, when reported.</param>
/// <param name="Team">The slug of the team that assigned a seat, when one did.</param>
/// <param name="PendingCancellationDate">The earliest pending cancellation date of their seats, when any.</param>
public sealed record InactiveSeat(
    long UserId,
    string Login,
    DateTimeOffset? LastActivityAt,
    string? LastActivityEditor,
    DateTimeOffset? AssignedSince,
    string? Team,
    DateOnly? PendingCancellationDate);

/// <summary>The inactive seats of the latest snapshot, oldest activity first (never used first of all), then by user id.</summary>
/// <param name="Summary">The counts of the same snapshot.</param>
/// <param name="Seats">The inactive and never-used assignees.</param>
/// <param name="Pseudonymized">Whether the logins are pseudonyms.</param>
public sealed record InactiveSeatList(SeatSummary Summary, IReadOnlyList<InactiveSeat> Seats, bool Pseudonymized);
