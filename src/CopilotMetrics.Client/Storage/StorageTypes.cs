using System.Globalization;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage;

/// <summary>An inclusive range of days (UTC).</summary>
public readonly record struct DateRange
{
    /// <summary>Creates the range <paramref name="from"/>..<paramref name="to"/>, both included.</summary>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    public DateRange(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }

        From = from;
        To = to;
    }

    /// <summary>The first day.</summary>
    public DateOnly From { get; }

    /// <summary>The last day.</summary>
    public DateOnly To { get; }

    /// <summary>The number of days.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Whether <paramref name="day"/> is in the range.</summary>
    /// <param name="day">The day.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>Every day of the range, ascending.</summary>
    /// <returns>The days.</returns>
    public IEnumerable<DateOnly> EachDay()
    {
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    /// <summary>The <paramref name="days"/> days ending on <paramref name="last"/>.</summary>
    /// <param name="last">The last day.</param>
    /// <param name="days">How many days (at least 1).</param>
    /// <returns>The range.</returns>
    public static DateRange Ending(DateOnly last, int days) => new(last.AddDays(1 - Math.Max(1, days)), last);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");
}

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
}

/// <summary>The state of a report-day's sync.</summary>
public enum SyncDayState
{
    /// <summary>Known to be due, not tried yet.</summary>
    Pending = 0,

    /// <summary>A worker is on it.</summary>
    InProgress = 1,

    /// <summary>Stored.</summary>
    Completed = 2,

    /// <summary>GitHub has no report for the day (204 or no links).</summary>
    Empty = 3,

    /// <summary>The last attempt failed; see <see cref="SyncDayStatus.LastError"/>.</summary>
    Failed = 4,
}

/// <summary>A report-day: one dataset of one scope on one day.</summary>
/// <param name="Scope">The organization or enterprise.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Day">The day.</param>
public readonly record struct SyncDayKey(MetricsScope Scope, SyncDataset Dataset, DateOnly Day)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scope} {Dataset} {Day:yyyy-MM-dd}");
}

/// <summary>What the sync knows about one report-day.</summary>
public sealed record SyncDayStatus
{
    /// <summary>The report-day.</summary>
    public required SyncDayKey Key { get; init; }

    /// <summary>The state.</summary>
    public SyncDayState State { get; init; }

    /// <summary>Attempts so far (reset when the day completes).</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed (file and line number for a malformed record).</summary>
    public string? LastError { get; init; }

    /// <summary>Rows stored by the last successful attempt.</summary>
    public long RowCount { get; init; }

    /// <summary>Malformed lines skipped by the last successful attempt (when skipping was allowed).</summary>
    public long SkippedLines { get; init; }

    /// <summary>SHA-256 of the stored content (<see cref="StoredDay.ContentHash"/>), to tell a late correction from a repeat.</summary>
    public string? ContentHash { get; init; }

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the day last completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Not before this time should a failed day be tried again.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>The result of storing a report-day.</summary>
/// <param name="Rows">Rows stored.</param>
/// <param name="ContentHash">Hex SHA-256 over the stored records' JSON (see <see cref="ContentHash"/>), the same in every store.</param>
/// <param name="Replaced">Whether an earlier version of the day was replaced.</param>
public sealed record StoredDay(long Rows, string ContentHash, bool Replaced);

/// <summary>The seven activity counters, summed.</summary>
/// <param name="UserInitiatedInteractions">Sum of <c>user_initiated_interaction_count</c>.</param>
/// <param name="CodeGenerations">Sum of <c>code_generation_activity_count</c>.</param>
/// <param name="CodeAcceptances">Sum of <c>code_acceptance_activity_count</c>.</param>
/// <param name="LocSuggestedToAdd">Sum of <c>loc_suggested_to_add_sum</c>.</param>
/// <param name="LocSuggestedToDelete">Sum of <c>loc_suggested_to_delete_sum</c>.</param>
/// <param name="LocAdded">Sum of <c>loc_added_sum</c>.</param>
/// <param name="LocDeleted">Sum of <c>loc_deleted_sum</c>.</param>
public readonly record struct ActivityCounts(long UserInitiatedInteractions, long CodeGenerations, long CodeAcceptances, long LocSuggestedToAdd, long LocSuggestedToDelete, long LocAdded, long LocDeleted)
{
    /// <summary>Acceptances ÷ generations (GitHub's dashboard formula); <see langword="null"/> without generations.</summary>
    public double? AcceptanceRate => CodeGenerations == 0 ? null : (double)CodeAcceptances / CodeGenerations;

    /// <summary>The counters of a record or breakdown row.</summary>
    /// <param name="totals">The record.</param>
    /// <returns>The counters.</returns>
    public static ActivityCounts From(ActivityTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new(totals.UserInitiatedInteractionCount, totals.CodeGenerationActivityCount, totals.CodeAcceptanceActivityCount, totals.LocSuggestedToAddSum, totals.LocSuggestedToDeleteSum, totals.LocAddedSum, totals.LocDeletedSum);
    }

    /// <summary>Adds two sets of counters.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    /// <returns>The sums.</returns>
    public static ActivityCounts operator +(ActivityCounts a, ActivityCounts b) => new(
        a.UserInitiatedInteractions + b.UserInitiatedInteractions, a.CodeGenerations + b.CodeGenerations, a.CodeAcceptances + b.CodeAcceptances,
        a.LocSuggestedToAdd + b.LocSuggestedToAdd, a.LocSuggestedToDelete + b.LocSuggestedToDelete, a.LocAdded + b.LocAdded, a.LocDeleted + b.LocDeleted);

    /// <summary>Adds two sets of counters.</summary>
    /// <param name="other">The other.</param>
    /// <returns>The sums.</returns>
    public ActivityCounts Add(ActivityCounts other) => this + other;
}

/// <summary>One day of the daily series, from the aggregate record.</summary>
/// <param name="Day">The day.</param>
/// <param name="DailyActiveUsers">GitHub's daily active users.</param>
/// <param name="WeeklyActiveUsers">GitHub's 7-day active users.</param>
/// <param name="MonthlyActiveUsers">GitHub's 28-day active users.</param>
/// <param name="MonthlyActiveChatUsers">GitHub's 28-day chat users.</param>
/// <param name="MonthlyActiveAgentUsers">GitHub's 28-day agent-mode users.</param>
/// <param name="Activity">The day's counters.</param>
public sealed record DailyMetrics(DateOnly Day, int DailyActiveUsers, int WeeklyActiveUsers, int MonthlyActiveUsers, int MonthlyActiveChatUsers, int MonthlyActiveAgentUsers, ActivityCounts Activity);

/// <summary>A breakdown dimension.</summary>
public enum BreakdownDimension
{
    /// <summary>By IDE (<c>totals_by_ide</c>).</summary>
    Ide = 0,

    /// <summary>By feature (<c>totals_by_feature</c>).</summary>
    Feature = 1,

    /// <summary>By language (<c>totals_by_language_feature</c>, summed over features).</summary>
    Language = 2,

    /// <summary>By model (<c>totals_by_model_feature</c>, summed over features; chat activity only).</summary>
    Model = 3,
}

/// <summary>One key of a breakdown over a range.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Key">The IDE, feature, language or model.</param>
/// <param name="Activity">Sums from the aggregate records.</param>
/// <param name="ActiveUsers">Distinct users with a per-user row for the key in the range.</param>
public sealed record BreakdownRow(BreakdownDimension Dimension, string Key, ActivityCounts Activity, int ActiveUsers);

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

/// <summary>Sort and page of <see cref="IMetricsStore.GetUserTotalsAsync"/>.</summary>
public sealed record UserTotalsQuery
{
    /// <summary>The sort key. Default interactions.</summary>
    public UserTotalsSort SortBy { get; init; } = UserTotalsSort.Interactions;

    /// <summary>Largest first. Default <see langword="true"/>. Ties are broken by user id, ascending.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Rows to return (1–1000). Default 50.</summary>
    public int Limit { get; init; } = 50;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, 1000);
    }
}

/// <summary>One user's totals over a range.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Login">The latest login seen in the range.</param>
/// <param name="ActiveDays">Days with a row.</param>
/// <param name="LastActiveDay">The last day with a row.</param>
/// <param name="Activity">Sums over the days.</param>
/// <param name="AiCreditsUsed">Sum of AI credits.</param>
public sealed record UserTotals(long UserId, string Login, int ActiveDays, DateOnly LastActiveDay, ActivityCounts Activity, double AiCreditsUsed);

/// <summary>A page of per-user totals.</summary>
/// <param name="Items">The page.</param>
/// <param name="TotalUsers">Users in the range, across all pages.</param>
public sealed record UserTotalsPage(IReadOnlyList<UserTotals> Items, int TotalUsers);

/// <summary>One team's metrics over a range.</summary>
/// <param name="TeamId">The team id.</param>
/// <param name="Slug">The team slug (the latest seen).</param>
/// <param name="Members">Distinct users who were members on any day of the range.</param>
/// <param name="ActiveUsers">Distinct members with a per-user row on a day they were members.</param>
/// <param name="Activity">Counters summed over the joined (member, day) rows.</param>
public sealed record TeamMetrics(long TeamId, string Slug, int Members, int ActiveUsers, ActivityCounts Activity);

/// <summary>Active users on a day, recomputed from per-user rows.</summary>
/// <param name="Day">The day.</param>
/// <param name="Daily">Distinct users that day.</param>
/// <param name="Weekly">Distinct users in the 7 days ending that day.</param>
/// <param name="Monthly">Distinct users in the 28 days ending that day.</param>
public sealed record ActiveUsersPoint(DateOnly Day, int Daily, int Weekly, int Monthly);

/// <summary>What an engagement row counts.</summary>
public enum EngagementKind
{
    /// <summary>Users with a row that day (any activity).</summary>
    Active = 0,

    /// <summary>Users who prompted or accepted something (interactions or acceptances above zero).</summary>
    Engaged = 1,

    /// <summary>Users with activity in an IDE (key = IDE).</summary>
    Ide = 2,

    /// <summary>Users with activity in a feature (key = feature).</summary>
    Feature = 3,

    /// <summary>Users with code-completion activity in a language (key = language).</summary>
    CompletionLanguage = 4,

    /// <summary>Users with chat activity with a model (key = model).</summary>
    ChatModel = 5,

    /// <summary>Users with code-completion activity in an IDE (key = IDE; from per-user IDE rows of users with completion activity).</summary>
    CompletionIde = 6,

    /// <summary>Users with chat activity in an IDE (key = IDE).</summary>
    ChatIde = 7,
}

/// <summary>Distinct users of one kind and key on one day.</summary>
/// <param name="Day">The day.</param>
/// <param name="Kind">What is counted.</param>
/// <param name="Key">The key (empty for <see cref="EngagementKind.Active"/> and <see cref="EngagementKind.Engaged"/>).</param>
/// <param name="Users">Distinct users.</param>
public sealed record DailyEngagement(DateOnly Day, EngagementKind Kind, string Key, int Users);

/// <summary>A stored seat snapshot.</summary>
/// <param name="Day">The day it was taken.</param>
/// <param name="Seats">The seats, as GitHub listed them.</param>
public sealed record SeatSnapshot(DateOnly Day, IReadOnlyList<CopilotSeat> Seats);

/// <summary>Seat counts of one snapshot.</summary>
/// <param name="Day">The snapshot day.</param>
/// <param name="Assigned">Distinct assignees.</param>
/// <param name="Active">Assignees with activity within the asked number of days before the snapshot day.</param>
/// <param name="NeverUsed">Assignees with no recorded activity.</param>
public sealed record SeatHistoryPoint(DateOnly Day, int Assigned, int Active, int NeverUsed);
