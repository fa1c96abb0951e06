using CopilotMetrics.Reports;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Analytics;

/// <summary>Surfaces over time (issue 15, item 1).</summary>
public sealed partial class CopilotAnalytics
{
    /// <summary>How far before the range a seat snapshot is looked for (the latest on or before each day).</summary>
    internal const int SeatLookBackDays = 90;

    /// <summary>
    /// Distinct users of each surface (<see cref="SurfaceKeys"/>) per day and over the range. For the scope, a day's
    /// figure is GitHub's aggregate count where the aggregate record reports one for that surface (cloud agent, code
    /// review active and passive, CLI, the app, VS Code agents, and <c>daily_active_users</c>), with its 7- and 28-day
    /// counts; otherwise, and for teams and range totals, distinct users recomputed from the per-user rows. Adoption is
    /// the share of seats (latest snapshot on or before the day, looked for up to 90 days back) or, for a team, of its
    /// members, and the share of active users. Per-user-row figures of fewer users than the minimum group size are
    /// left out and counted; a team with fewer active users in the range is suppressed whole.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="team">A team id or slug (slug compared ignoring case), or <see langword="null"/> for the scope.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The answer, or <see langword="null"/> when <paramref name="team"/> had no members in the range.</returns>
    public async Task<SurfaceUsage?> GetSurfacesAsync(MetricsScope scope, DateRange range, string? team = null, CancellationToken cancellationToken = default)
    {
        TeamRef? teamRef = null;
        if (team is not null)
        {
            teamRef = await FindTeamAsync(scope, range, team, cancellationToken).ConfigureAwait(false);
            if (teamRef is null)
            {
                return null;
            }
        }

        var counts = await Reader.GetSurfaceUsersAsync(scope, range, teamRef?.TeamId, cancellationToken).ConfigureAwait(false);
        var aggregates = new Dictionary<DateOnly, AggregateDayRecord>();
        var seats = new List<SeatHistoryPoint>();
        if (teamRef is null)
        {
            await foreach (var record in Reader.GetAggregateDaysAsync(scope, range, cancellationToken).ConfigureAwait(false))
            {
                aggregates[record.Day] = record;
            }

            var seatFrom = range.From.DayNumber > SeatLookBackDays ? range.From.AddDays(-SeatLookBackDays) : DateOnly.MinValue;
            seats.AddRange(await Reader.GetSeatHistoryAsync(scope, new DateRange(seatFrom, range.To), 30, cancellationToken).ConfigureAwait(false));
        }

        var rangeRows = counts.Where(static c => c.Day is null).ToDictionary(static c => c.Surface, static c => c.Users, StringComparer.Ordinal);
        var rangeActive = rangeRows.GetValueOrDefault(SurfaceKeys.Active);
        if (teamRef is not null && IsSuppressed(rangeActive))
        {
            return new SurfaceUsage(scope, range, teamRef, true, 0, [], new SurfaceTotals(null, null, 0, []));
        }

        var suppressed = 0;
        var byDay = counts.Where(static c => c.Day is not null).GroupBy(static c => c.Day!.Value).ToDictionary(static g => g.Key, static g => g.ToList());
        var days = new List<SurfaceDayUsage>();
        foreach (var day in byDay.Keys.Union(aggregates.Keys).Order())
        {
            var rows = byDay.TryGetValue(day, out var list) ? list : [];
            var perUser = rows.ToDictionary(static r => r.Surface, static r => r.Users, StringComparer.Ordinal);
            aggregates.TryGetValue(day, out var aggregate);
            int? daySeats = SeatsOn(day);
            int? members = teamRef is null ? null : perUser.GetValueOrDefault(SurfaceKeys.Members);
            int? active = aggregate is not null ? aggregate.DailyActiveUsers : perUser.TryGetValue(SurfaceKeys.Active, out var a) ? a : null;
            var activeSource = aggregate is not null ? FigureSources.GitHub : FigureSources.PerUserRows;
            var denominator = teamRef is null ? daySeats : members;
            var figures = new SortedDictionary<string, SurfaceFigure>(StringComparer.Ordinal);
            foreach (var (key, users) in perUser)
            {
                if (key is SurfaceKeys.Active or SurfaceKeys.Members)
                {
                    continue;
                }

                if (IsSuppressed(users))
                {
                    suppressed++;
                    continue;
                }

                figures[key] = Figure(key, users, FigureSources.PerUserRows, denominator, active, null, null);
            }

            if (aggregate is not null)
            {
                foreach (var (key, daily, weekly, monthly) in GitHubCounts(aggregate))
                {
                    if (daily is { } users)
                    {
                        figures[key] = Figure(key, users, FigureSources.GitHub, denominator, active, weekly, monthly);
                    }
                    else if (figures.TryGetValue(key, out var figure) && (weekly ?? monthly) is not null)
                    {
                        figures[key] = figure with { WeeklyUsers = weekly, MonthlyUsers = monthly };
                    }
                }
            }

            days.Add(new SurfaceDayUsage(day, teamRef is null ? daySeats : null, members, active, activeSource, [.. figures.Values]));
        }

        var totalSeats = teamRef is null ? SeatsOn(range.To) : null;
        int? totalMembers = teamRef is null ? null : rangeRows.GetValueOrDefault(SurfaceKeys.Members);
        var totals = new List<SurfaceFigure>();
        foreach (var (key, users) in rangeRows.OrderBy(static r => r.Key, StringComparer.Ordinal))
        {
            if (key is SurfaceKeys.Active or SurfaceKeys.Members)
            {
                continue;
            }

            if (IsSuppressed(users))
            {
                suppressed++;
                continue;
            }

            totals.Add(Figure(key, users, FigureSources.PerUserRows, teamRef is null ? totalSeats : totalMembers, rangeActive, null, null));
        }

        return new SurfaceUsage(scope, range, teamRef, false, suppressed, days, new SurfaceTotals(totalSeats, totalMembers, rangeActive, totals));

        int? SeatsOn(DateOnly day)
        {
            SeatHistoryPoint? latest = null;
            foreach (var point in seats)
            {
                if (point.Day > day)
                {
                    break;
                }

                latest = point;
            }

            return latest?.Assigned;
        }
    }

    /// <summary>The team with that id or slug (slug ignoring case) that had members in the range, or <see langword="null"/>.</summary>
    internal async Task<TeamRef?> FindTeamAsync(MetricsScope scope, DateRange range, string team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var teams = await Reader.GetTeamMetricsAsync(scope, range, cancellationToken).ConfigureAwait(false);
        var match = long.TryParse(team, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? teams.FirstOrDefault(t => t.TeamId == id)
            : null;
        match ??= teams.FirstOrDefault(t => string.Equals(t.Slug, team, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : new TeamRef(match.TeamId, match.Slug);
    }

    private static SurfaceFigure Figure(string key, int users, string source, int? seats, int? active, int? weekly, int? monthly) =>
        new(key, users, source, Share(users, seats), Share(users, active), weekly, monthly);

    private static double? Share(int users, int? of) => of is > 0 ? Math.Round((double)users / of.Value, 4) : null;

    /// <summary>The surfaces GitHub counts in the aggregate record: (key, daily, weekly, monthly), each null when not reported.</summary>
    private static IEnumerable<(string Key, int? Daily, int? Weekly, int? Monthly)> GitHubCounts(AggregateDayRecord a)
    {
        yield return (SurfaceKeys.CloudAgent, a.DailyActiveCopilotCloudAgentUsers, a.WeeklyActiveCopilotCloudAgentUsers, a.MonthlyActiveCopilotCloudAgentUsers);
        yield return (SurfaceKeys.CodeReviewActive, a.DailyActiveCopilotCodeReviewUsers, a.WeeklyActiveCopilotCodeReviewUsers, a.MonthlyActiveCopilotCodeReviewUsers);
        yield return (SurfaceKeys.CodeReviewPassive, a.DailyPassiveCopilotCodeReviewUsers, a.WeeklyPassiveCopilotCodeReviewUsers, a.MonthlyPassiveCopilotCodeReviewUsers);
        yield return (SurfaceKeys.Cli, a.DailyActiveCliUsers, a.WeeklyActiveCliUsers, a.MonthlyActiveCliUsers);
        yield return (SurfaceKeys.CopilotApp, a.DailyActiveCopilotAppUsers, a.WeeklyActiveCopilotAppUsers, a.MonthlyActiveCopilotAppUsers);
        yield return (SurfaceKeys.VscodeAgent, a.DailyActiveVscodeAgentUsers, a.WeeklyActiveVscodeAgentUsers, a.MonthlyActiveVscodeAgentUsers);
        yield return (SurfaceKeys.Chat, null, null, a.MonthlyActiveChatUsers);
        yield return (SurfaceKeys.AgentMode, null, null, a.MonthlyActiveAgentUsers);
    }
}
