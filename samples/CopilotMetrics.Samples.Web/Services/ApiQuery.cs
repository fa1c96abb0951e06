using System.Globalization;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>A validated scope and day range of a request.</summary>
internal readonly record struct ScopeRange(MetricsScope Scope, DateRange Range);

/// <summary>Validation of the common query parameters (<c>scope</c>, <c>since</c>, <c>until</c>) into 400 problems.</summary>
internal static class ApiQuery
{
    /// <summary>The longest range the store-backed endpoints accept.</summary>
    public const int MaxStoreDays = 366;

    public static bool TryParseScope(WebSettings settings, string? text, out MetricsScope scope, out IResult? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            scope = settings.Scopes[0];
            return true;
        }

        if (!MetricsScope.TryParse(text, out scope))
        {
            problem = Problems.BadRequest($"scope must be org:NAME or enterprise:SLUG, one of: {string.Join(", ", settings.Scopes)}.");
            return false;
        }

        var parsed = scope;
        var known = settings.Scopes.FirstOrDefault(s => s == parsed); // names ignore case: the configured spelling is used
        if (known == default)
        {
            problem = Problems.BadRequest($"Unknown scope {Problems.Quote(parsed.ToString())}: this server knows {string.Join(", ", settings.Scopes)}.");
            return false;
        }

        scope = known;
        return true;
    }

    public static bool TryParseDay(string? text, string name, out DateOnly? day, out IResult? problem)
    {
        day = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        problem = Problems.BadRequest($"{name} must be a date written YYYY-MM-DD.");
        return false;
    }

    /// <summary>
    /// Parses scope, since and until. A missing until is <paramref name="defaultUntil"/> (of the scope, and not before
    /// since); a missing since is <paramref name="defaultDays"/> days before until. A date GitHub cannot have is a 400
    /// (<see cref="GitHubDays"/>), checked before any arithmetic.
    /// </summary>
    public static async Task<(ScopeRange Value, IResult? Problem)> ResolveAsync(
        WebSettings settings, TimeProvider time, string? scopeText, string? sinceText, string? untilText, Func<MetricsScope, Task<DateOnly>> defaultUntil, int defaultDays, int maxDays)
    {
        if (!TryParseScope(settings, scopeText, out var scope, out var problem)
            || !TryParseDay(sinceText, "since", out var since, out problem)
            || !TryParseDay(untilText, "until", out var until, out problem))
        {
            return (default, problem);
        }

        var fallback = until is null ? await defaultUntil(scope) : default;
        if (since is { } from && fallback < from)
        {
            fallback = from;
        }

        var (range, error) = GitHubDays.Resolve(since, until, "since", "until", fallback, defaultDays, time);
        if (error is not null)
        {
            return (default, Problems.BadRequest(error));
        }

        if (range.Days > maxDays)
        {
            return (default, Problems.BadRequest($"The range {range} has {range.Days} days; at most {maxDays} are allowed."));
        }

        return (new ScopeRange(scope, range), null);
    }

    public static DateOnly Today(TimeProvider time) => GitHubDays.Today(time);

    /// <summary>The latest day with a stored aggregate for the scope, or yesterday when the store has none.</summary>
    public static async Task<DateOnly> LatestStoredDayAsync(IMetricsReader store, MetricsScope scope, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var today = Today(time);
        var series = await store.GetDailySeriesAsync(scope, new DateRange(today.AddDays(-400), today), cancellationToken);
        return series.Count > 0 ? series.Max(d => d.Day) : today.AddDays(-1);
    }

}
