using CopilotMetrics.Storage;

namespace CopilotMetrics.Core.Tests.Storage;

/// <summary>The range arithmetic at the edges of <see cref="DateOnly"/>: it must never step past them.</summary>
public sealed class DateRangeTests
{
    [Fact]
    public void EachDay_OfARangeEndingOnTheLastDay_EndsThere()
    {
        var range = new DateRange(new DateOnly(9999, 12, 29), DateOnly.MaxValue);
        Assert.Equal([new DateOnly(9999, 12, 29), new DateOnly(9999, 12, 30), new DateOnly(9999, 12, 31)], range.EachDay().ToList());
        Assert.Equal(3, range.Days);
    }

    [Fact]
    public void EachDay_OfTheFirstDayAlone_IsThatDay()
    {
        Assert.Equal([DateOnly.MinValue], new DateRange(DateOnly.MinValue, DateOnly.MinValue).EachDay().ToList());
        Assert.Equal([DateOnly.MaxValue], new DateRange(DateOnly.MaxValue, DateOnly.MaxValue).EachDay().ToList());
    }

    [Fact]
    public void EachDay_CountsEveryDayOfTheWholeCalendar()
    {
        // 0001-01-01..9999-12-31 has 3,652,059 days (DayNumber 0..3,652,058).
        var all = new DateRange(DateOnly.MinValue, DateOnly.MaxValue);
        Assert.Equal(3_652_059, all.Days);
        Assert.Equal(3_652_059, all.EachDay().LongCount());
    }

    [Fact]
    public void Ending_NearTheFirstDay_StartsOnTheFirstDay()
    {
        Assert.Equal(new DateRange(DateOnly.MinValue, DateOnly.MinValue), DateRange.Ending(DateOnly.MinValue, 28));
        Assert.Equal(new DateRange(DateOnly.MinValue, new DateOnly(1, 1, 10)), DateRange.Ending(new DateOnly(1, 1, 10), 28));
        Assert.Equal(new DateRange(DateOnly.MinValue, DateOnly.MaxValue), DateRange.Ending(DateOnly.MaxValue, int.MaxValue));
    }

    [Fact]
    public void Ending_OnTheLastDay_EndsThere()
    {
        Assert.Equal(new DateRange(new DateOnly(9999, 12, 4), DateOnly.MaxValue), DateRange.Ending(DateOnly.MaxValue, 28));
        Assert.Equal(new DateRange(new DateOnly(2026, 6, 14), new DateOnly(2026, 6, 14)), DateRange.Ending(new DateOnly(2026, 6, 14), 0));
        Assert.Equal(new DateRange(new DateOnly(2026, 6, 14), new DateOnly(2026, 6, 14)), DateRange.Ending(new DateOnly(2026, 6, 14), int.MinValue));
    }
}
