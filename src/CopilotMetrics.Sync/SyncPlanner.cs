using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync;

/// <summary>
/// Decides what a sync run fetches: a pure function of the options, the recorded statuses and the time of the run.
/// The engine only carries the plan out.
/// </summary>
internal static class SyncPlanner
{
    /// <summary>The days a scope's window covers for a run at <paramref name="now"/> (see <see cref="SyncEngine.Window"/>).</summary>
    public static DateRange? Window(MetricsScope scope, DateTimeOffset now, int backfillDays)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var last = today.AddDays(-1);
        var first = last.AddDays(1 - backfillDays);
        var earliest = scope.Kind == ScopeKind.Enterprise ? SyncEngine.FirstEnterpriseDay : SyncEngine.FirstOrganizationDay;
        var yearAgo = today.AddDays(-365);
        if (first < earliest)
        {
            first = earliest;
        }

        if (first < yearAgo)
        {
            first = yearAgo;
        }

        return first > last ? null : new DateRange(first, last);
    }

    /// <summary>The days whose statuses <see cref="Plan"/> needs for a scope: the window through today (the seat snapshot's day).</summary>
    public static DateRange? StatusRange(MetricsScope scope, DateTimeOffset now, int backfillDays) =>
        Window(scope, now, backfillDays) is { } window ? new DateRange(window.From, DateOnly.FromDateTime(now.UtcDateTime)) : null;

    /// <summary>
    /// The report-days of one scope that a run at <paramref name="now"/> fetches: every day of the window without a
    /// finished status, the trailing <see cref="SyncOptions.RefreshDays"/> once they are older than
    /// <see cref="SyncOptions.RefreshAfter"/>, failed days whose retry time has come, and today's seat snapshot.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="statuses">The scope's recorded statuses over <see cref="StatusRange"/> (others are ignored).</param>
    /// <param name="options">The options.</param>
    /// <param name="now">The time of the run.</param>
    /// <returns>The plan.</returns>
    public static ScopePlan Plan(MetricsScope scope, IEnumerable<SyncDayStatus> statuses, SyncOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(options);
        var plan = new ScopePlan();
        if (Window(scope, now, options.BackfillDays) is not { } window)
        {
            return plan;
        }

        var byKey = new Dictionary<SyncDayKey, SyncDayStatus>();
        foreach (var status in statuses)
        {
            if (status.Key.Scope == scope)
            {
                byKey[status.Key] = status;
            }
        }

        var refreshFrom = window.To.AddDays(1 - options.RefreshDays);
        foreach (var dataset in options.Datasets.Where(static d => d != SyncDataset.Seats).Order())
        {
            foreach (var day in window.EachDay())
            {
                Consider(plan, new SyncDayKey(scope, dataset, day), byKey, options.RefreshDays > 0 && day >= refreshFrom, options, now);
            }
        }

        if (options.Datasets.Contains(SyncDataset.Seats))
        {
            Consider(plan, new SyncDayKey(scope, SyncDataset.Seats, DateOnly.FromDateTime(now.UtcDateTime)), byKey, refresh: false, options, now);
        }

        return plan;
    }

    private static void Consider(ScopePlan plan, SyncDayKey key, Dictionary<SyncDayKey, SyncDayStatus> statuses, bool refresh, SyncOptions options, DateTimeOffset now)
    {
        statuses.TryGetValue(key, out var status);
        switch (status?.State)
        {
            case null or SyncDayState.Pending or SyncDayState.InProgress:
                plan.Due.Add(new PlannedDay(key, status));
                break;
            case SyncDayState.Completed or SyncDayState.Empty when refresh && (status.CompletedAt ?? status.UpdatedAt) <= now - options.RefreshAfter:
                plan.Due.Add(new PlannedDay(key, status));
                break;
            case SyncDayState.Failed when status.Attempts >= options.MaxAttempts:
                plan.GaveUp.Add(new SyncFailure(key, status.LastError ?? "failed", status.Attempts));
                break;
            case SyncDayState.Failed when status.NextAttemptAt is { } next && next > now:
                plan.Waiting.Add(new SyncFailure(key, $"waiting to retry after {next:u}: {status.LastError}", status.Attempts));
                break;
            case SyncDayState.Failed:
                plan.Due.Add(new PlannedDay(key, status));
                break;
            default:
                plan.Complete++;
                break;
        }
    }
}

/// <summary>A report-day to fetch, with the status it had when the run planned it.</summary>
/// <param name="Key">The report-day.</param>
/// <param name="Planned">Its status at planning time; <see langword="null"/> when none was recorded.</param>
internal sealed record PlannedDay(SyncDayKey Key, SyncDayStatus? Planned);

/// <summary>What a run does with one scope's report-days.</summary>
internal sealed class ScopePlan
{
    /// <summary>The days to fetch, by dataset then day.</summary>
    public List<PlannedDay> Due { get; } = [];

    /// <summary>Failed days whose retry time has not come.</summary>
    public List<SyncFailure> Waiting { get; } = [];

    /// <summary>Failed days that used up <see cref="SyncOptions.MaxAttempts"/>.</summary>
    public List<SyncFailure> GaveUp { get; } = [];

    /// <summary>Days already complete (stored or empty) and not due for a refresh.</summary>
    public int Complete { get; set; }
}
