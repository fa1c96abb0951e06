namespace CopilotMetrics.Testing.Internal;

/// <summary>
/// Every user's <see cref="DayFlags"/> for a run of consecutive days, from which the distinct-user counts of the
/// trailing 1/7/28-day windows are recomputed (distinct users are never summed).
/// </summary>
internal sealed class ActivityWindows
{
    public const int MonthDays = 28;
    public const int WeekDays = 7;

    private readonly DayFlags[] _flags;
    private readonly int _firstDay;
    private readonly int _days;
    private readonly int _users;

    /// <param name="users">The population.</param>
    /// <param name="firstDay">The <see cref="DateOnly.DayNumber"/> of the first day.</param>
    /// <param name="days">Consecutive days.</param>
    /// <param name="flagsOf">The flags of (user index, day number).</param>
    public ActivityWindows(int users, int firstDay, int days, Func<int, int, DayFlags> flagsOf)
    {
        _users = users;
        _firstDay = firstDay;
        _days = days;
        _flags = new DayFlags[(long)users * days];
        for (var u = 0; u < users; u++)
        {
            var row = _flags.AsSpan(u * days, days);
            for (var d = 0; d < days; d++)
            {
                row[d] = flagsOf(u, firstDay + d);
            }
        }
    }

    /// <summary>Counts the windows ending on <paramref name="dayNumber"/>; needs the 27 days before it.</summary>
    public WindowCounts Count(int dayNumber)
    {
        var end = dayNumber - _firstDay;
        if (end < MonthDays - 1 || end >= _days)
        {
            throw new ArgumentOutOfRangeException(nameof(dayNumber));
        }

        var counts = default(WindowCounts);
        for (var u = 0; u < _users; u++)
        {
            var month = _flags.AsSpan((u * _days) + end - (MonthDays - 1), MonthDays);
            var day = month[^1];
            DayFlags week = 0, all = 0;
            for (var d = 0; d < MonthDays; d++)
            {
                all |= month[d];
                if (d >= MonthDays - WeekDays)
                {
                    week |= month[d];
                }
            }

            counts.Add(day, week, all);
        }

        return counts;
    }
}

/// <summary>Distinct users of one day and its trailing week and 28 days.</summary>
internal struct WindowCounts
{
    public int Daily;
    public int Weekly;
    public int Monthly;
    public int MonthlyChat;
    public int MonthlyAgent;
    public int DailyCloudAgent;
    public int WeeklyCloudAgent;
    public int MonthlyCloudAgent;
    public int DailyReviewActive;
    public int WeeklyReviewActive;
    public int MonthlyReviewActive;
    public int DailyReviewPassive;
    public int WeeklyReviewPassive;
    public int MonthlyReviewPassive;
    public int WeeklyCli;
    public int MonthlyCli;
    public int DailyApp;
    public int WeeklyApp;
    public int MonthlyApp;
    public int DailyVscodeAgent;
    public int WeeklyVscodeAgent;
    public int MonthlyVscodeAgent;

    public void Add(DayFlags day, DayFlags week, DayFlags month)
    {
        Daily += Has(day, DayFlags.Active);
        Weekly += Has(week, DayFlags.Active);
        Monthly += Has(month, DayFlags.Active);
        MonthlyChat += Has(month, DayFlags.Chat);
        MonthlyAgent += Has(month, DayFlags.Agent);
        DailyCloudAgent += Has(day, DayFlags.CloudAgent);
        WeeklyCloudAgent += Has(week, DayFlags.CloudAgent);
        MonthlyCloudAgent += Has(month, DayFlags.CloudAgent);
        DailyReviewActive += Has(day, DayFlags.ReviewActive);
        WeeklyReviewActive += Has(week, DayFlags.ReviewActive);
        MonthlyReviewActive += Has(month, DayFlags.ReviewActive);
        WeeklyCli += Has(week, DayFlags.Cli);
        MonthlyCli += Has(month, DayFlags.Cli);
        DailyApp += Has(day, DayFlags.App);
        WeeklyApp += Has(week, DayFlags.App);
        MonthlyApp += Has(month, DayFlags.App);
        DailyVscodeAgent += Has(day, DayFlags.VscodeAgent);
        WeeklyVscodeAgent += Has(week, DayFlags.VscodeAgent);
        MonthlyVscodeAgent += Has(month, DayFlags.VscodeAgent);

        // A user with both signals in the window counts as active only.
        DailyReviewPassive += PassiveOnly(day);
        WeeklyReviewPassive += PassiveOnly(week);
        MonthlyReviewPassive += PassiveOnly(month);
    }

    private static int Has(DayFlags flags, DayFlags flag) => (flags & flag) != 0 ? 1 : 0;

    private static int PassiveOnly(DayFlags flags) =>
        (flags & (DayFlags.ReviewPassive | DayFlags.ReviewActive)) == DayFlags.ReviewPassive ? 1 : 0;
}
