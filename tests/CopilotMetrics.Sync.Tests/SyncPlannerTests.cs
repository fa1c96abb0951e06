using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync.Tests;

/// <summary>
/// The pure planner on hand-built statuses. Unless a test says otherwise the run is at 2026-06-10 07:00 UTC with a
/// 3-day window (06-07..06-09), the last 2 days (06-08, 06-09) refreshed after an hour, and 3 attempts per day.
/// Every expected value is worked out by hand from those numbers.
/// </summary>
public sealed class SyncPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 7, 0, 0, TimeSpan.Zero);
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    private static readonly MetricsScope Ent = MetricsScope.Enterprise("octo-ent");

    private static DateOnly June(int day) => new(2026, 6, day);

    private static SyncOptions Options(params SyncDataset[] datasets)
    {
        var options = new SyncOptions { BackfillDays = 3, RefreshDays = 2, RefreshAfter = TimeSpan.FromHours(1), MaxAttempts = 3 };
        if (datasets.Length > 0)
        {
            options.Datasets.Clear();
            options.Datasets.UnionWith(datasets);
        }

        return options;
    }

    private static SyncDayKey Key(SyncDataset dataset, int day, MetricsScope? scope = null) => new(scope ?? Org, dataset, June(day));

    private static SyncDayStatus Status(SyncDataset dataset, int day, SyncDayState state, MetricsScope? scope = null) =>
        new() { Key = Key(dataset, day, scope), State = state, UpdatedAt = Now.AddDays(-30), CompletedAt = state is SyncDayState.Completed or SyncDayState.Empty ? Now.AddDays(-30) : null };

    private static ScopePlan Plan(SyncOptions options, params SyncDayStatus[] statuses) => SyncPlanner.Plan(Org, statuses, options, Now);

    private static List<SyncDayKey> DueKeys(ScopePlan plan) => [.. plan.Due.Select(d => d.Key)];

    [Fact]
    public void Without_statuses_every_day_of_the_window_is_due_by_dataset_then_day_and_seats_for_today_last()
    {
        // Added out of order: the plan follows the datasets' order (Aggregate, Users, UserTeams, Repositories), then seats.
        var plan = Plan(Options(SyncDataset.Seats, SyncDataset.Repositories, SyncDataset.Users, SyncDataset.Aggregate));

        SyncDayKey[] expected =
        [
            Key(SyncDataset.Aggregate, 7), Key(SyncDataset.Aggregate, 8), Key(SyncDataset.Aggregate, 9),
            Key(SyncDataset.Users, 7), Key(SyncDataset.Users, 8), Key(SyncDataset.Users, 9),
            Key(SyncDataset.Repositories, 7), Key(SyncDataset.Repositories, 8), Key(SyncDataset.Repositories, 9),
            Key(SyncDataset.Seats, 10),
        ];
        Assert.Equal(expected, DueKeys(plan));
        Assert.All(plan.Due, d => Assert.Null(d.Planned));
        Assert.Empty(plan.Waiting);
        Assert.Empty(plan.GaveUp);
        Assert.Equal(0, plan.Complete);
    }

    [Fact]
    public void Pending_and_in_progress_days_are_due_with_the_status_they_had()
    {
        var pending = Status(SyncDataset.Users, 7, SyncDayState.Pending);
        var inProgress = Status(SyncDataset.Users, 8, SyncDayState.InProgress) with { Attempts = 2 };
        var done = Status(SyncDataset.Users, 9, SyncDayState.Completed) with { CompletedAt = Now.AddMinutes(-5) };

        var plan = Plan(Options(SyncDataset.Users), pending, inProgress, done);

        Assert.Equal([new PlannedDay(Key(SyncDataset.Users, 7), pending), new PlannedDay(Key(SyncDataset.Users, 8), inProgress)], plan.Due);
        Assert.Equal(1, plan.Complete); // 06-09, completed five minutes ago
    }

    [Fact]
    public void Completed_and_empty_days_in_the_refresh_window_are_due_only_once_older_than_RefreshAfter()
    {
        // Refresh window 06-08..06-09; RefreshAfter 1 h, so a day completed at 06:00 or earlier is due again.
        var completedAnHourAgo = Status(SyncDataset.Users, 8, SyncDayState.Completed) with { CompletedAt = Now.AddHours(-1) };
        var completedJustNow = Status(SyncDataset.Users, 9, SyncDayState.Completed) with { CompletedAt = Now.AddMinutes(-59) };
        var emptyLongAgo = Status(SyncDataset.Aggregate, 9, SyncDayState.Empty) with { CompletedAt = Now.AddHours(-2) };
        var emptyRecently = Status(SyncDataset.Aggregate, 8, SyncDayState.Empty) with { CompletedAt = Now.AddMinutes(-30) };
        // Without CompletedAt the time of the last update counts: 06:30 is too recent, 05:00 is not.
        var recentUpdate = Status(SyncDataset.UserTeams, 8, SyncDayState.Completed) with { CompletedAt = null, UpdatedAt = Now.AddMinutes(-30) };
        var oldUpdate = Status(SyncDataset.UserTeams, 9, SyncDayState.Completed) with { CompletedAt = null, UpdatedAt = Now.AddHours(-2) };
        var outside = new[] { Status(SyncDataset.Aggregate, 7, SyncDayState.Completed), Status(SyncDataset.Users, 7, SyncDayState.Completed), Status(SyncDataset.UserTeams, 7, SyncDayState.Empty) };

        var plan = Plan(Options(SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.UserTeams), [completedAnHourAgo, completedJustNow, emptyLongAgo, emptyRecently, recentUpdate, oldUpdate, .. outside]);

        Assert.Equal([new PlannedDay(Key(SyncDataset.Aggregate, 9), emptyLongAgo), new PlannedDay(Key(SyncDataset.Users, 8), completedAnHourAgo), new PlannedDay(Key(SyncDataset.UserTeams, 9), oldUpdate)], plan.Due);
        Assert.Equal(6, plan.Complete); // three too recent in the refresh window, three outside it
    }

    [Fact]
    public void Completed_days_before_the_refresh_window_are_skipped_however_old_and_counted_complete()
    {
        var options = Options(SyncDataset.Users);
        options.BackfillDays = 5; // 06-05..06-09; refreshed: 06-08, 06-09
        var old = Enumerable.Range(5, 3).Select(d => Status(SyncDataset.Users, d, SyncDayState.Completed) with { CompletedAt = Now.AddDays(-300) }).ToArray();

        var plan = Plan(options, old);

        Assert.Equal([Key(SyncDataset.Users, 8), Key(SyncDataset.Users, 9)], DueKeys(plan)); // missing, so due
        Assert.Equal(3, plan.Complete);
        Assert.Empty(plan.Waiting);
        Assert.Empty(plan.GaveUp);
    }

    [Fact]
    public void With_RefreshDays_0_no_completed_day_is_fetched_again()
    {
        var options = Options(SyncDataset.Users);
        options.RefreshDays = 0;
        var statuses = Enumerable.Range(7, 3).Select(d => Status(SyncDataset.Users, d, SyncDayState.Completed) with { CompletedAt = Now.AddDays(-1) }).ToArray();

        var plan = Plan(options, statuses);

        Assert.Empty(plan.Due);
        Assert.Equal(3, plan.Complete);
    }

    [Fact]
    public void A_failed_day_waiting_for_its_retry_time_is_listed_in_Waiting_with_the_time_and_the_reason()
    {
        var waiting = Status(SyncDataset.Users, 7, SyncDayState.Failed) with { Attempts = 2, LastError = "HTTP 502", NextAttemptAt = Now.AddMinutes(10) };

        var plan = Plan(Options(SyncDataset.Users), waiting);

        var failure = Assert.Single(plan.Waiting);
        Assert.Equal(new SyncFailure(Key(SyncDataset.Users, 7), "waiting to retry after 2026-06-10 07:10:00Z: HTTP 502", 2), failure);
        Assert.Equal([Key(SyncDataset.Users, 8), Key(SyncDataset.Users, 9)], DueKeys(plan));
        Assert.Empty(plan.GaveUp);
        Assert.Equal(0, plan.Complete);
    }

    [Fact]
    public void A_failed_day_with_MaxAttempts_or_more_attempts_gave_up_even_before_its_retry_time()
    {
        var atMax = Status(SyncDataset.Users, 7, SyncDayState.Failed) with { Attempts = 3, LastError = "HTTP 403", NextAttemptAt = Now.AddHours(1) };
        var beyond = Status(SyncDataset.Users, 8, SyncDayState.Failed) with { Attempts = 7, LastError = null, NextAttemptAt = Now.AddHours(-1) };
        var oneLeft = Status(SyncDataset.Users, 9, SyncDayState.Failed) with { Attempts = 2, LastError = "HTTP 403", NextAttemptAt = Now.AddHours(-1) };

        var plan = Plan(Options(SyncDataset.Users), atMax, beyond, oneLeft);

        Assert.Equal([new SyncFailure(Key(SyncDataset.Users, 7), "HTTP 403", 3), new SyncFailure(Key(SyncDataset.Users, 8), "failed", 7)], plan.GaveUp);
        Assert.Equal([new PlannedDay(Key(SyncDataset.Users, 9), oneLeft)], plan.Due);
        Assert.Empty(plan.Waiting);
    }

    [Fact]
    public void A_failed_day_whose_retry_time_has_come_or_that_has_none_is_due()
    {
        var dueNow = Status(SyncDataset.Users, 7, SyncDayState.Failed) with { Attempts = 1, NextAttemptAt = Now };
        var duePast = Status(SyncDataset.Users, 8, SyncDayState.Failed) with { Attempts = 1, NextAttemptAt = Now.AddSeconds(-1) };
        var noTime = Status(SyncDataset.Users, 9, SyncDayState.Failed) with { Attempts = 2, NextAttemptAt = null };

        var plan = Plan(Options(SyncDataset.Users), dueNow, duePast, noTime);

        Assert.Equal([new PlannedDay(Key(SyncDataset.Users, 7), dueNow), new PlannedDay(Key(SyncDataset.Users, 8), duePast), new PlannedDay(Key(SyncDataset.Users, 9), noTime)], plan.Due);
        Assert.Empty(plan.Waiting);
        Assert.Empty(plan.GaveUp);
    }

    [Fact]
    public void Seats_are_planned_for_today_only_and_a_snapshot_taken_today_is_not_taken_again()
    {
        var yesterday = Status(SyncDataset.Seats, 9, SyncDayState.Completed);

        var first = Plan(Options(SyncDataset.Seats), yesterday);

        Assert.Equal([Key(SyncDataset.Seats, 10)], DueKeys(first));
        Assert.Equal(0, first.Complete); // yesterday's snapshot is not a day of the plan at all

        // Today's snapshot is not in the refresh window, however long ago it was taken.
        var today = Status(SyncDataset.Seats, 10, SyncDayState.Completed) with { CompletedAt = Now.AddHours(-6) };
        var second = Plan(Options(SyncDataset.Seats), yesterday, today);

        Assert.Empty(second.Due);
        Assert.Equal(1, second.Complete);
    }

    [Fact]
    public void Statuses_of_other_scopes_are_ignored()
    {
        var otherOrg = MetricsScope.Organization("other-org");
        SyncDayStatus[] elsewhere =
        [
            .. Enumerable.Range(7, 3).Select(d => Status(SyncDataset.Users, d, SyncDayState.Completed, otherOrg)),
            .. Enumerable.Range(7, 3).Select(d => Status(SyncDataset.Users, d, SyncDayState.Failed, Ent) with { Attempts = 9 }),
            Status(SyncDataset.Seats, 10, SyncDayState.Completed, Ent),
        ];

        var plan = Plan(Options(SyncDataset.Users, SyncDataset.Seats), elsewhere);

        Assert.Equal([Key(SyncDataset.Users, 7), Key(SyncDataset.Users, 8), Key(SyncDataset.Users, 9), Key(SyncDataset.Seats, 10)], DueKeys(plan));
        Assert.All(plan.Due, d => Assert.Null(d.Planned));
        Assert.Empty(plan.GaveUp);
        Assert.Equal(0, plan.Complete);
    }

    [Fact]
    public void One_plan_sorts_every_kind_of_status()
    {
        // 06-07..06-09 of Aggregate and Users, plus seats.
        SyncDayStatus[] statuses =
        [
            Status(SyncDataset.Aggregate, 7, SyncDayState.Completed),                                              // complete
            Status(SyncDataset.Aggregate, 8, SyncDayState.Failed) with { Attempts = 3, LastError = "gone" },       // gave up
            /* Aggregate 06-09: missing */                                                                         // due
            Status(SyncDataset.Users, 7, SyncDayState.Failed) with { Attempts = 1, LastError = "x", NextAttemptAt = Now.AddSeconds(1) }, // waiting
            Status(SyncDataset.Users, 8, SyncDayState.Completed) with { CompletedAt = Now.AddHours(-3) },          // due: refresh
            Status(SyncDataset.Users, 9, SyncDayState.Empty) with { CompletedAt = Now.AddMinutes(-1) },            // complete
            Status(SyncDataset.Seats, 10, SyncDayState.InProgress),                                                // due
        ];

        var plan = Plan(Options(SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.Seats), statuses);

        Assert.Equal([Key(SyncDataset.Aggregate, 9), Key(SyncDataset.Users, 8), Key(SyncDataset.Seats, 10)], DueKeys(plan));
        Assert.Equal([Key(SyncDataset.Users, 7)], plan.Waiting.Select(w => w.Key));
        Assert.Equal([Key(SyncDataset.Aggregate, 8)], plan.GaveUp.Select(g => g.Key));
        Assert.Equal(2, plan.Complete);
        // Every report-day of the run lands in exactly one place: 3 days x 2 datasets + today's seats.
        Assert.Equal(7, plan.Due.Count + plan.Waiting.Count + plan.GaveUp.Count + plan.Complete);
    }

    [Fact]
    public void The_window_ends_yesterday_in_UTC_and_starts_BackfillDays_earlier()
    {
        Assert.Equal(new DateRange(June(7), June(9)), SyncPlanner.Window(Org, Now, 3));
        Assert.Equal(new DateRange(June(9), June(9)), SyncPlanner.Window(Org, Now, 1));
        Assert.Equal(new DateRange(new DateOnly(2026, 5, 13), June(9)), SyncPlanner.Window(Org, Now, 28));

        // 01:00 at UTC+05:00 is 20:00 UTC the day before: "today" is 06-09, so the window ends 06-08.
        Assert.Equal(new DateRange(June(6), June(8)), SyncPlanner.Window(Org, new DateTimeOffset(2026, 6, 10, 1, 0, 0, TimeSpan.FromHours(5)), 3));
        // Just before midnight UTC it is still 06-09.
        Assert.Equal(new DateRange(June(6), June(8)), SyncPlanner.Window(Org, new DateTimeOffset(2026, 6, 9, 23, 59, 59, TimeSpan.Zero), 3));
    }

    [Fact]
    public void The_window_starts_no_earlier_than_GitHubs_first_day_nor_a_year_back()
    {
        // Organizations from 2025-12-12, enterprises from 2025-10-10.
        var january = new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateRange(new DateOnly(2025, 12, 12), new DateOnly(2026, 1, 4)), SyncPlanner.Window(Org, january, 100));
        Assert.Equal(new DateRange(new DateOnly(2025, 10, 10), new DateOnly(2026, 1, 4)), SyncPlanner.Window(Ent, january, 365));

        // GitHub keeps a year: never more than 365 days before today (2027-03-01 - 365 days = 2026-03-01), even for a
        // longer window (400 days before 2027-02-28 would be 2026-01-25).
        var later = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateRange(new DateOnly(2026, 3, 1), new DateOnly(2027, 2, 28)), SyncPlanner.Window(Ent, later, 400));
        Assert.Equal(new DateRange(new DateOnly(2026, 3, 2), new DateOnly(2027, 2, 28)), SyncPlanner.Window(Ent, later, 364));

        // On GitHub's first organization day nothing is due yet; the day after, that first day is.
        Assert.Null(SyncPlanner.Window(Org, new DateTimeOffset(2025, 12, 12, 12, 0, 0, TimeSpan.Zero), 28));
        Assert.Equal(new DateRange(new DateOnly(2025, 12, 12), new DateOnly(2025, 12, 12)), SyncPlanner.Window(Org, new DateTimeOffset(2025, 12, 13, 0, 0, 0, TimeSpan.Zero), 28));
        Assert.NotNull(SyncPlanner.Window(Ent, new DateTimeOffset(2025, 12, 12, 12, 0, 0, TimeSpan.Zero), 28));
    }

    [Fact]
    public void StatusRange_is_the_window_through_today_so_that_the_seat_snapshot_status_is_read()
    {
        Assert.Equal(new DateRange(June(7), June(10)), SyncPlanner.StatusRange(Org, Now, 3));
        Assert.Equal(new DateRange(new DateOnly(2025, 12, 12), new DateOnly(2025, 12, 20)), SyncPlanner.StatusRange(Org, new DateTimeOffset(2025, 12, 20, 8, 0, 0, TimeSpan.Zero), 28));
        Assert.Null(SyncPlanner.StatusRange(Org, new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), 28));
    }

    [Fact]
    public void Without_a_window_nothing_is_planned_not_even_seats()
    {
        var beforeFirstDay = new DateTimeOffset(2025, 12, 12, 9, 0, 0, TimeSpan.Zero);

        var plan = SyncPlanner.Plan(Org, [], Options(), beforeFirstDay);

        Assert.Empty(plan.Due);
        Assert.Empty(plan.Waiting);
        Assert.Empty(plan.GaveUp);
        Assert.Equal(0, plan.Complete);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>("statuses", () => SyncPlanner.Plan(Org, null!, Options(), Now));
        Assert.Throws<ArgumentNullException>("options", () => SyncPlanner.Plan(Org, [], null!, Now));
    }
}
