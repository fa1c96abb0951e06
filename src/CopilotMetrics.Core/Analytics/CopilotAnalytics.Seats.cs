using CopilotMetrics.Seats;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Analytics;

public sealed partial class CopilotAnalytics
{
    /// <summary>
    /// The seats of the scope's latest snapshot, counted the one way (see <see cref="SeatSummary"/>), or
    /// <see langword="null"/> when no snapshot is stored.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="activeWithinDays">The activity window, 1–365; <see langword="null"/> for <see cref="AnalyticsOptions.SeatActiveWithinDays"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activeWithinDays"/> is out of range.</exception>
    public async Task<SeatSummary?> GetSeatSummaryAsync(MetricsScope scope, int? activeWithinDays = null, CancellationToken cancellationToken = default)
    {
        var window = SeatWindow(activeWithinDays);
        var snapshot = await Reader.GetLatestSeatSnapshotAsync(scope, cancellationToken).ConfigureAwait(false);
        return snapshot is null ? null : Summarize(scope, snapshot, window);
    }

    /// <summary>
    /// The inactive and never-used assignees of the scope's latest snapshot (login, last activity, assigned since,
    /// team), or <see langword="null"/> when no snapshot is stored. Logins are pseudonyms when
    /// <see cref="AnalyticsOptions.PseudonymSecret"/> is set.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="activeWithinDays">The activity window, 1–365; <see langword="null"/> for <see cref="AnalyticsOptions.SeatActiveWithinDays"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The list with the snapshot's counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activeWithinDays"/> is out of range.</exception>
    public async Task<InactiveSeatList?> GetInactiveSeatsAsync(MetricsScope scope, int? activeWithinDays = null, CancellationToken cancellationToken = default)
    {
        var window = SeatWindow(activeWithinDays);
        var snapshot = await Reader.GetLatestSeatSnapshotAsync(scope, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        var cutoff = Cutoff(snapshot.Day, window);
        var seats = Assignees(snapshot)
            .Where(a => a.LastActivityAt is null || a.LastActivityAt < cutoff)
            .OrderBy(a => a.LastActivityAt ?? DateTimeOffset.MinValue)
            .ThenBy(a => a.UserId)
            .Select(a => new InactiveSeat(a.UserId, DisplayLogin(a.UserId, a.Login), a.LastActivityAt, a.Editor, a.AssignedSince, a.Team, a.PendingCancellation))
            .ToList();
        return new InactiveSeatList(Summarize(scope, snapshot, window), seats, Options.PseudonymSecret is not null);
    }

    /// <summary>Counts one snapshot's seats the one way every host shows them (see <see cref="SeatSummary"/>).</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="activeWithinDays">The activity window, 1–365.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activeWithinDays"/> is out of range.</exception>
    public static SeatSummary Summarize(MetricsScope scope, SeatSnapshot snapshot, int activeWithinDays)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(activeWithinDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(activeWithinDays, 365);
        var cutoff = Cutoff(snapshot.Day, activeWithinDays);
        var assignees = Assignees(snapshot);
        int active = 0, inactive = 0, never = 0, pending = 0;
        foreach (var a in assignees)
        {
            if (a.LastActivityAt is not { } at)
            {
                never++;
            }
            else if (at >= cutoff)
            {
                active++;
            }
            else
            {
                inactive++;
            }

            if (a.PendingCancellation is not null)
            {
                pending++;
            }
        }

        var byPlan = assignees.GroupBy(a => a.Plan ?? "unknown", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SeatCount(g.Key, g.Count()))
            .ToList();
        var byEditor = assignees.Where(a => a.Editor is not null)
            .GroupBy(a => a.Editor!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SeatCount(g.Key, g.Count()))
            .ToList();
        return new SeatSummary(scope, snapshot.Day, activeWithinDays, assignees.Count, active, inactive, never, pending, byPlan, byEditor);
    }

    private int SeatWindow(int? activeWithinDays)
    {
        var window = activeWithinDays ?? Options.SeatActiveWithinDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1, nameof(activeWithinDays));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, 365, nameof(activeWithinDays));
        return window;
    }

    private static DateTimeOffset Cutoff(DateOnly day, int activeWithinDays) =>
        new(day.AddDays(-activeWithinDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>One entry per assignee id: the latest activity (and its editor) over their seats, the earliest creation, a team, the earliest pending cancellation.</summary>
    private static List<Assignee> Assignees(SeatSnapshot snapshot)
    {
        var byId = new Dictionary<long, Assignee>();
        foreach (var seat in snapshot.Seats)
        {
            if (seat.Assignee?.Id is not { } id)
            {
                continue;
            }

            if (!byId.TryGetValue(id, out var a))
            {
                a = new Assignee(id, seat.Assignee.Login ?? "");
                byId.Add(id, a);
            }

            a.Add(seat);
        }

        return [.. byId.Values.OrderBy(a => a.UserId)];
    }

    private sealed class Assignee(long userId, string login)
    {
        public long UserId { get; } = userId;

        public string Login { get; } = login;

        public DateTimeOffset? LastActivityAt { get; private set; }

        public string? Editor { get; private set; }

        public DateTimeOffset? AssignedSince { get; private set; }

        public string? Team { get; private set; }

        public string? Plan { get; private set; }

        public DateOnly? PendingCancellation { get; private set; }

        public void Add(CopilotSeat seat)
        {
            if (seat.LastActivityAt is { } at && (LastActivityAt is null || at > LastActivityAt))
            {
                LastActivityAt = at;
                Editor = EditorNames.Normalize(seat.LastActivityEditor);
            }

            if (seat.CreatedAt is { } created && (AssignedSince is null || created < AssignedSince))
            {
                AssignedSince = created;
            }

            Team ??= seat.AssigningTeam?.Slug;
            Plan ??= seat.PlanType;
            if (seat.PendingCancellationDate is { } pending && (PendingCancellation is null || pending < PendingCancellation))
            {
                PendingCancellation = pending;
            }
        }
    }
}
