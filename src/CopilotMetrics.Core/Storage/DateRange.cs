using System.Globalization;

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

    /// <summary>Every day of the range, ascending (a range ending on <see cref="DateOnly.MaxValue"/> included).</summary>
    /// <returns>The days.</returns>
    public IEnumerable<DateOnly> EachDay()
    {
        // By day number, never one day past To: the day after DateOnly.MaxValue does not exist.
        for (var n = From.DayNumber; n <= To.DayNumber; n++)
        {
            yield return DateOnly.FromDayNumber(n);
        }
    }

    /// <summary>
    /// The <paramref name="days"/> days ending on <paramref name="last"/>; a range that would start before
    /// <see cref="DateOnly.MinValue"/> starts there (it is shorter).
    /// </summary>
    /// <param name="last">The last day.</param>
    /// <param name="days">How many days (at least 1).</param>
    /// <returns>The range.</returns>
    public static DateRange Ending(DateOnly last, int days) =>
        new(DateOnly.FromDayNumber(Math.Max(DateOnly.MinValue.DayNumber, last.DayNumber - (Math.Max(1, days) - 1))), last);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");
}
