using System.Globalization;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;

namespace CopilotMetrics.Samples;

/// <summary>
/// The days GitHub can have Copilot usage reports for, the one rule both samples hold every requested date to (the
/// web host's <c>since</c>/<c>until</c> on every endpoint, the CLI's <c>--since</c>/<c>--until</c>): from
/// <see cref="First"/> (2025-10-10, the first day of the enterprise reports) to tomorrow (UTC, by the host's
/// <see cref="TimeProvider"/>: tomorrow, not today, so that a caller a few hours ahead of UTC is not refused). A date
/// outside is a bad request with <see cref="Check"/>'s message, before any range arithmetic or store sees it. Compiled into both samples.
/// </summary>
internal static class GitHubDays
{
    /// <summary>The first day GitHub has reports for (enterprises; organizations start on <see cref="SyncEngine.FirstOrganizationDay"/>).</summary>
    public static DateOnly First => SyncEngine.FirstEnterpriseDay;

    /// <summary>Today (UTC) by <paramref name="time"/>.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    }

    /// <summary>The last day a request may name: tomorrow (UTC).</summary>
    public static DateOnly Last(TimeProvider time) => Today(time).AddDays(1);

    /// <summary>Whether <paramref name="day"/> is a day GitHub can have.</summary>
    public static bool Contains(DateOnly day, TimeProvider time) => day >= First && day <= Last(time);

    /// <summary>
    /// <see langword="null"/> when <paramref name="day"/> is a day GitHub can have; otherwise the message, naming the
    /// parameter or option (<c>since</c>, <c>--until</c>) — the same words on every endpoint and command.
    /// </summary>
    public static string? Check(DateOnly day, string name, TimeProvider time)
    {
        if (day < First)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name} ({day:yyyy-MM-dd}) is before {First:yyyy-MM-dd}: GitHub has no Copilot usage reports before that day.");
        }

        var last = Last(time);
        return day > last
            ? string.Create(CultureInfo.InvariantCulture, $"{name} ({day:yyyy-MM-dd}) is after {last:yyyy-MM-dd} (tomorrow, UTC): GitHub has no reports for days to come.")
            : null;
    }

    /// <summary>
    /// The range that <paramref name="since"/>/<paramref name="until"/> name, with the defaults: until is
    /// <paramref name="defaultUntil"/>, since is <paramref name="defaultDays"/> days before until (not before
    /// <see cref="First"/>). Both given dates are checked first (<see cref="Check"/>), so no arithmetic leaves the calendar.
    /// </summary>
    /// <returns>The range, or the message of the first bad date or order.</returns>
    public static (DateRange Range, string? Error) Resolve(DateOnly? since, DateOnly? until, string sinceName, string untilName, DateOnly defaultUntil, int defaultDays, TimeProvider time)
    {
        if ((since is { } s ? Check(s, sinceName, time) : null) is { } sinceError)
        {
            return (default, sinceError);
        }

        if ((until is { } u ? Check(u, untilName, time) : null) is { } untilError)
        {
            return (default, untilError);
        }

        var last = until ?? Clamp(defaultUntil, time);
        if (since is { } first && first > last)
        {
            return (default, string.Create(CultureInfo.InvariantCulture, $"{untilName} ({last:yyyy-MM-dd}) is before {sinceName} ({first:yyyy-MM-dd})."));
        }

        var from = since ?? Max(First, DateRange.Ending(last, defaultDays).From);
        return (new DateRange(Min(from, last), last), null);
    }

    private static DateOnly Clamp(DateOnly day, TimeProvider time) => day < First ? First : day > Last(time) ? Last(time) : day;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
