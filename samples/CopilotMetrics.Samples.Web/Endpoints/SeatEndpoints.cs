using System.Globalization;
using System.Text;
using CopilotMetrics.Analytics;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Web.Endpoints;

/// <summary><c>/api/seats</c> and <c>/api/seats/inactive</c>: the one seat definition of <see cref="CopilotAnalytics"/>.</summary>
internal static class SeatEndpoints
{
    public static void MapSeats(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/seats").AddEndpointFilter(QueryRules.RejectRepeatedAsync);
        api.MapGet("", GetSeatsAsync);
        api.MapGet("/inactive", GetInactiveAsync);
    }

    /// <summary>The latest snapshot's counts (no logins) and the seat history of the last 90 days, counted the same way.</summary>
    private static async Task<IResult> GetSeatsAsync(HttpContext context, WebSettings settings, TimeProvider time, string? scope, string? activeWithinDays, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        if (!ApiQuery.TryParseScope(settings, scope, out var parsed, out var problem) || !TryParseWindow(settings, activeWithinDays, out var window, out problem))
        {
            return problem!;
        }

        var analytics = context.RequestServices.GetRequiredService<CopilotAnalytics>();
        var summary = await analytics.GetSeatSummaryAsync(parsed, window, cancellationToken);
        var today = ApiQuery.Today(time);
        var history = await store.GetSeatHistoryAsync(parsed, new DateRange(today.AddDays(-89), today), window, cancellationToken);
        return Results.Ok(new { scope = parsed.ToString(), activeWithinDays = window, latest = summary is null ? null : Json(summary), history });
    }

    /// <summary>The inactive and never-used seats (login, last activity, assigned since, team), as JSON or <c>?format=csv</c>; per-user data, governed by PER_USER_ACCESS.</summary>
    private static async Task<IResult> GetInactiveAsync(HttpContext context, WebSettings settings, AdminAuth admin, string? scope, string? activeWithinDays, string? format, CancellationToken cancellationToken)
    {
        if (PerUserGate.Check(context, settings, admin) is { } denied)
        {
            return denied;
        }

        if (context.RequestServices.GetService<IMetricsReader>() is null)
        {
            return Problems.NoStore();
        }

        if (!ApiQuery.TryParseScope(settings, scope, out var parsed, out var problem) || !TryParseWindow(settings, activeWithinDays, out var window, out problem))
        {
            return problem!;
        }

        var csv = false;
        if (!string.IsNullOrWhiteSpace(format))
        {
            switch (format.Trim().ToLowerInvariant())
            {
                case "csv":
                    csv = true;
                    break;
                case "json":
                    break;
                default:
                    return Problems.BadRequest("format must be json or csv.");
            }
        }

        var analytics = context.RequestServices.GetRequiredService<CopilotAnalytics>();
        var list = await analytics.GetInactiveSeatsAsync(parsed, window, cancellationToken);
        if (csv)
        {
            return Results.Text(Csv(parsed, list), "text/csv; charset=utf-8", Encoding.UTF8);
        }

        return Results.Ok(new
        {
            scope = parsed.ToString(),
            activeWithinDays = window,
            day = list is null ? null : ApiEndpoints.Day(list.Summary.Day),
            pseudonymized = analytics.Pseudonymizes,
            summary = list is null ? null : Json(list.Summary),
            seats = list?.Seats ?? [],
        });
    }

    /// <summary>The CSV of the inactive seats: the header of <see cref="InactiveSeatsCsv.Header"/>, one line per assignee.</summary>
    private static string Csv(MetricsScope scope, InactiveSeatList? list)
    {
        var text = new StringBuilder();
        InactiveSeatsCsv.Write(text, scope, list);
        return text.ToString();
    }

    private static object Json(SeatSummary s) => new
    {
        day = ApiEndpoints.Day(s.Day),
        assigned = s.Assigned,
        active = s.Active,
        inactive = s.Inactive,
        neverUsed = s.NeverUsed,
        pendingCancellation = s.PendingCancellation,
        byPlan = s.ByPlan.ToDictionary(c => c.Key, c => c.Seats),
        byEditor = s.ByEditor.ToDictionary(c => c.Key, c => c.Seats),
    };

    private static bool TryParseWindow(WebSettings settings, string? text, out int window, out IResult? problem)
    {
        problem = null;
        window = settings.Analytics.SeatActiveWithinDays;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out window) && window is >= 1 and <= 365)
        {
            return true;
        }

        problem = Problems.BadRequest("activeWithinDays must be a whole number between 1 and 365.");
        return false;
    }
}

/// <summary>The CSV form of the inactive seats, shared by the web (<c>?format=csv</c>): RFC 4180, a header, CRLF.</summary>
internal static class InactiveSeatsCsv
{
    public static readonly string[] Header = ["scope", "snapshot_day", "user_id", "login", "status", "last_activity_at", "last_activity_editor", "assigned_since", "team", "pending_cancellation_date"];

    public static void Write(StringBuilder text, MetricsScope scope, InactiveSeatList? list)
    {
        Row(text, Header);
        if (list is null)
        {
            return;
        }

        var day = ApiEndpoints.Day(list.Summary.Day);
        foreach (var s in list.Seats)
        {
            Row(text,
            [
                scope.ToString(), day, s.UserId.ToString(CultureInfo.InvariantCulture), s.Login, s.LastActivityAt is null ? "never-used" : "inactive",
                Time(s.LastActivityAt), s.LastActivityEditor ?? "", Time(s.AssignedSince), s.Team ?? "",
                s.PendingCancellationDate is { } p ? ApiEndpoints.Day(p) : "",
            ]);
        }
    }

    private static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    private static void Row(StringBuilder text, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (f.Length > 0 && (f[0] == ' ' || f[^1] == ' ')))
            {
                text.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(f);
            }
        }

        text.Append("\r\n");
    }
}

/// <summary>The PER_USER_ACCESS rule of <c>/api/users</c>, for every per-user answer: off 404, admin the secret, open public.</summary>
internal static class PerUserGate
{
    public static IResult? Check(HttpContext context, WebSettings settings, AdminAuth admin) => settings.PerUserAccess switch
    {
        PerUserAccess.Off => Problems.NotFound("Per-user data disabled", "Per-user data is switched off on this server (PER_USER_ACCESS=off); aggregates are still available."),
        PerUserAccess.Admin => admin.Check(context, "Per-user data"),
        _ => null,
    };
}
