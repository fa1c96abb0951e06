using System.Globalization;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage;

/// <summary>
/// Checks the records of one report-day as a store consumes them, so that every <see cref="IMetricsWriter"/> refuses
/// the same streams: a <see langword="null"/> record, a record of another day, and a repeated key (a user twice in the
/// per-user rows, a user twice in one team). The store then throws before it stores anything of the day. One
/// instance checks one stream; it is not thread-safe.
/// </summary>
public sealed class DayRecordValidator
{
    private readonly string _parameterName;
    private HashSet<long>? _users;
    private HashSet<(long Team, long User)>? _members;

    /// <summary>Creates a validator for the records of <paramref name="day"/>.</summary>
    /// <param name="day">The day being written.</param>
    /// <param name="parameterName">The parameter named by the exceptions.</param>
    public DayRecordValidator(DateOnly day, string parameterName = "records")
    {
        Day = day;
        _parameterName = parameterName;
    }

    /// <summary>The day being written.</summary>
    public DateOnly Day { get; }

    /// <summary>Checks a per-user record: not null, of <see cref="Day"/>, its user not seen before.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">The record is refused; the message says why and that nothing was stored.</exception>
    public UserDayRecord Check(UserDayRecord? record)
    {
        NotNull(record);
        CheckDay(record.Day, "per-user");
        if (!(_users ??= []).Add(record.UserId))
        {
            throw Refused($"User {record.UserId} appears twice in the per-user rows of {Day:yyyy-MM-dd}; a users report has one row per user and day.");
        }

        return record;
    }

    /// <summary>Checks a user-team record: not null, of <see cref="Day"/>, its (team, user) pair not seen before.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">The record is refused; the message says why and that nothing was stored.</exception>
    public UserTeamRecord Check(UserTeamRecord? record)
    {
        NotNull(record);
        CheckDay(record.Day, "user-team");
        if (!(_members ??= []).Add((record.TeamId, record.UserId)))
        {
            throw Refused($"User {record.UserId} appears twice in team {record.TeamId} on {Day:yyyy-MM-dd}; a user-teams report has one row per user and team.");
        }

        return record;
    }

    /// <summary>Checks a repository record: not null and, when it carries a day, of <see cref="Day"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">The record is refused; the message says why and that nothing was stored.</exception>
    public RepositoryDayRecord Check(RepositoryDayRecord? record)
    {
        NotNull(record);
        if (record.Day is { } day)
        {
            CheckDay(day, "repository");
        }

        return record;
    }

    /// <summary>Checks a seat: not null.</summary>
    /// <param name="seat">The seat.</param>
    /// <returns>The seat.</returns>
    /// <exception cref="ArgumentException">The seat is null; nothing was stored.</exception>
    public CopilotSeat Check(CopilotSeat? seat)
    {
        NotNull(seat);
        return seat;
    }

    /// <summary>Checks an AI-credit usage item: not null (items carry no day; the write's day is theirs).</summary>
    /// <param name="item">The item.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentException">The item is null; nothing was stored.</exception>
    public Billing.AiCreditUsageItem Check(Billing.AiCreditUsageItem? item)
    {
        NotNull(item);
        return item;
    }

    private void NotNull<T>([System.Diagnostics.CodeAnalysis.NotNull] T? record)
        where T : class
    {
        if (record is null)
        {
            throw Refused($"The {typeof(T).Name} stream yielded null.");
        }
    }

    private void CheckDay(DateOnly recordDay, string what)
    {
        if (recordDay != Day)
        {
            throw Refused($"A {what} record of {recordDay:yyyy-MM-dd} was written to the day {Day:yyyy-MM-dd}.");
        }
    }

    private ArgumentException Refused(FormattableString reason) =>
        new(reason.ToString(CultureInfo.InvariantCulture) + " Nothing was stored.", _parameterName);
}
