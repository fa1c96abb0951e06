using CopilotMetrics.Analytics;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Web.Endpoints;

/// <summary>GET /api/surfaces: distinct users per Copilot surface per day and over the range, for the scope or teams.</summary>
internal static class SurfacesEndpoints
{
    private const int MaxTeams = 10;

    public static void MapSurfaces(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api").AddEndpointFilter(QueryRules.RejectRepeatedAsync).MapGet("/surfaces", GetSurfacesAsync);

    private static async Task<IResult> GetSurfacesAsync(
        HttpContext context, WebSettings settings, TimeProvider time, string? since, string? until, string? scope, string? team, string? teams, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        if (team is not null && teams is not null)
        {
            return Problems.BadRequest("Give team= or teams=, not both.");
        }

        string[]? names = null;
        if (team is not null || teams is not null)
        {
            names = (team is not null ? [team] : teams!.Split(',')).Select(static t => t.Trim()).ToArray();
            if (names.Length > MaxTeams || names.Any(static t => t.Length == 0) || names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
            {
                return Problems.BadRequest($"team= is one team id or slug; teams= is 1 to {MaxTeams} distinct ids or slugs, comma-separated.");
            }
        }

        var (query, problem) = await ApiQuery.ResolveAsync(settings, time, scope, since, until, s => ApiQuery.LatestStoredDayAsync(store, s, time, cancellationToken), 28, ApiQuery.MaxStoreDays);
        if (problem is not null)
        {
            return problem;
        }

        var analytics = context.RequestServices.GetRequiredService<CopilotAnalytics>();
        if (names is null)
        {
            return Results.Ok(Shape((await analytics.GetSurfacesAsync(query.Scope, query.Range, null, cancellationToken))!));
        }

        var answers = new List<SurfaceUsage>();
        foreach (var name in names)
        {
            if (await analytics.GetSurfacesAsync(query.Scope, query.Range, name, cancellationToken) is not { } answer)
            {
                return Problems.NotFound("Unknown team", $"No team '{name}' had members in {query.Scope} from {ApiEndpoints.Day(query.Range.From)} to {ApiEndpoints.Day(query.Range.To)}.");
            }

            answers.Add(answer);
        }

        return team is not null
            ? Results.Ok(Shape(answers[0]))
            : Results.Ok(new { scope = query.Scope.ToString(), since = ApiEndpoints.Day(query.Range.From), until = ApiEndpoints.Day(query.Range.To), teams = answers.ConvertAll(Shape) });
    }

    /// <summary>The answer as JSON: scope as text, the range as since/until, the rest as recorded.</summary>
    internal static object Shape(SurfaceUsage u) => new
    {
        scope = u.Scope.ToString(),
        since = ApiEndpoints.Day(u.Range.From),
        until = ApiEndpoints.Day(u.Range.To),
        team = u.Team,
        suppressed = u.Suppressed,
        suppressedFigures = u.SuppressedFigures,
        totals = u.Totals,
        days = u.Days,
    };
}
