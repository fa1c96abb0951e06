using System.Globalization;
using System.Text.Json.Serialization;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Legacy;

namespace CopilotMetrics.Samples.Web.Endpoints;

/// <summary>The public read API (JSON, camelCase, except the legacy-shaped /api/metrics).</summary>
internal static class ApiEndpoints
{
    public static void MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(QueryRules.RejectRepeatedAsync);
        api.MapGet("/info", GetInfoAsync);
        api.MapGet("/metrics", GetLegacyMetricsAsync);
        api.MapGet("/metrics/historical", GetHistoricalAsync);
        api.MapGet("/breakdowns", GetBreakdownsAsync);
        api.MapGet("/teams", GetTeamsAsync);
        api.MapGet("/users", GetUsersAsync);
    }

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What the dashboard needs to know about this server.</summary>
    private static async Task<IResult> GetInfoAsync(HttpContext context, WebSettings settings, AdminAuth admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = context.RequestServices.GetService<IMetricsReader>();
        var scopes = new List<object>();
        foreach (var scope in settings.Scopes)
        {
            DateOnly? latest = store is null ? null : await ApiQuery.LatestStoredDayAsync(store, scope, time, cancellationToken);
            scopes.Add(new { scope = scope.ToString(), latestDay = latest is { } d ? Day(d) : null });
        }

        return Results.Ok(new
        {
            mode = settings.DirectMode ? "direct" : "historical",
            store = settings.StoreKind,
            demo = settings.Demo,
            scopes,
            directApiMaxDays = settings.DirectApiMaxDays,
            perUserAccess = settings.PerUserAccess.ToString().ToLowerInvariant(),
            adminEnabled = admin.Enabled,
            today = Day(ApiQuery.Today(time)),
        });
    }

    /// <summary>Legacy /copilot/metrics days: from the store in historical mode, from GitHub (cached) in direct mode.</summary>
    private static async Task<IResult> GetLegacyMetricsAsync(HttpContext context, WebSettings settings, TimeProvider time, string? since, string? until, string? scope, CancellationToken cancellationToken)
    {
        IReadOnlyList<LegacyMetricsDay> days;
        if (settings.DirectMode)
        {
            // Checked before the range so that a too-long range gets its explanation rather than the generic limit.
            var (query, problem) = await ApiQuery.ResolveAsync(settings, time, scope, since, until, _ => Task.FromResult(ApiQuery.Today(time).AddDays(-1)), settings.DirectApiMaxDays, int.MaxValue);
            if (problem is not null)
            {
                return problem;
            }

            if (query.Range.Days > settings.DirectApiMaxDays)
            {
                return Results.Problem(
                    title: "Range too long for direct mode",
                    detail: $"The range {query.Range} has {query.Range.Days} days, but direct mode downloads at most DIRECT_API_MAX_DAYS={settings.DirectApiMaxDays} days " +
                            "from GitHub per request. For longer ranges enable historical mode: set ENABLE_HISTORICAL_MODE=true and DATABASE_URL=postgres://… " +
                            "so the sync keeps the days in a database (or raise DIRECT_API_MAX_DAYS).",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            var direct = context.RequestServices.GetRequiredService<DirectMetricsService>();
            try
            {
                days = await direct.GetLegacyDaysAsync(query.Scope, query.Range, cancellationToken);
            }
            catch (CopilotMetricsException e)
            {
                return Results.Problem(title: "GitHub request failed", detail: e.Message, statusCode: StatusCodes.Status502BadGateway);
            }

            context.Response.Headers["X-Metrics-Source"] = "github";
        }
        else
        {
            var store = context.RequestServices.GetRequiredService<IMetricsReader>();
            var (query, problem) = await ApiQuery.ResolveAsync(settings, time, scope, since, until, s => ApiQuery.LatestStoredDayAsync(store, s, time, cancellationToken), 28, ApiQuery.MaxStoreDays);
            if (problem is not null)
            {
                return problem;
            }

            context.Response.Headers["X-Metrics-Source"] = "store";
            var cache = context.RequestServices.GetRequiredService<LegacyDayCache>();
            return await cache.GetJsonAsync(store, query.Scope, query.Range, cancellationToken);
        }

        return Results.Bytes(LegacyMetricsJson.SerializeToUtf8Bytes(days), "application/json");
    }

    private static async Task<IResult> GetHistoricalAsync(HttpContext context, WebSettings settings, TimeProvider time, string? since, string? until, string? scope, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        var (query, problem) = await ResolveStoreRangeAsync(store, settings, time, scope, since, until, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var days = await store.GetDailySeriesAsync(query.Scope, query.Range, cancellationToken);
        var active = await store.GetActiveUsersAsync(query.Scope, query.Range, cancellationToken);
        var totals = days.Aggregate(default(ActivityCounts), (sum, d) => sum + d.Activity);
        var last = days.Count > 0 ? days.MaxBy(d => d.Day) : null;
        return Results.Ok(new
        {
            scope = query.Scope.ToString(),
            since = Day(query.Range.From),
            until = Day(query.Range.To),
            summary = new
            {
                daysWithData = days.Count,
                latestDay = last is null ? null : Day(last.Day),
                dailyActiveUsers = last?.DailyActiveUsers ?? 0,
                weeklyActiveUsers = last?.WeeklyActiveUsers ?? 0,
                monthlyActiveUsers = last?.MonthlyActiveUsers ?? 0,
                averageDailyActiveUsers = days.Count == 0 ? 0 : Math.Round(days.Average(d => d.DailyActiveUsers), 1),
                acceptanceRate = totals.AcceptanceRate,
                activity = totals,
            },
            days,
            activeUsers = active,
        });
    }

    private static async Task<IResult> GetBreakdownsAsync(HttpContext context, WebSettings settings, TimeProvider time, string? dimension, string? since, string? until, string? scope, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        if (string.IsNullOrWhiteSpace(dimension) || !EnumNames.TryParse<BreakdownDimension>(dimension, out var parsed))
        {
            return Problems.BadRequest("dimension must be one of ide, feature, language, model.");
        }

        var (query, problem) = await ResolveStoreRangeAsync(store, settings, time, scope, since, until, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var rows = await store.GetBreakdownAsync(query.Scope, query.Range, parsed, cancellationToken);
        return Results.Ok(new
        {
            scope = query.Scope.ToString(),
            since = Day(query.Range.From),
            until = Day(query.Range.To),
            dimension = parsed.ToString().ToLowerInvariant(),
            rows = rows.OrderByDescending(r => r.Activity.UserInitiatedInteractions + r.Activity.CodeGenerations).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new { key = r.Key, activeUsers = r.ActiveUsers, activity = r.Activity }),
        });
    }

    private static async Task<IResult> GetTeamsAsync(HttpContext context, WebSettings settings, TimeProvider time, string? since, string? until, string? scope, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        var (query, problem) = await ResolveStoreRangeAsync(store, settings, time, scope, since, until, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var teams = await store.GetTeamMetricsAsync(query.Scope, query.Range, cancellationToken);
        return Results.Ok(new
        {
            scope = query.Scope.ToString(),
            since = Day(query.Range.From),
            until = Day(query.Range.To),
            teams = teams.OrderBy(t => t.Slug, StringComparer.Ordinal),
        });
    }

    /// <summary>Per-user totals, governed by PER_USER_ACCESS (off: 404; admin: the admin secret; open: public).</summary>
    private static async Task<IResult> GetUsersAsync(
        HttpContext context, WebSettings settings, AdminAuth admin, TimeProvider time,
        string? since, string? until, string? scope, string? sort, string? desc, string? offset, string? limit, CancellationToken cancellationToken)
    {
        if (PerUserGate.Check(context, settings, admin) is { } denied)
        {
            return denied;
        }

        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        var sortBy = UserTotalsSort.Interactions;
        if (!string.IsNullOrWhiteSpace(sort) && !EnumNames.TryParse(sort.Replace("_", "", StringComparison.Ordinal), out sortBy))
        {
            return Problems.BadRequest("sort must be one of interactions, generations, acceptances, locAdded, activeDays, login.");
        }

        var descending = true;
        if (!string.IsNullOrWhiteSpace(desc) && !bool.TryParse(desc, out descending))
        {
            return Problems.BadRequest("desc must be true or false.");
        }

        var skip = 0;
        if (!string.IsNullOrWhiteSpace(offset) && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
        {
            return Problems.BadRequest("offset must be a whole number ≥ 0.");
        }

        var take = 50;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > 1000))
        {
            return Problems.BadRequest("limit must be a whole number between 1 and 1000.");
        }

        var (query, problem) = await ResolveStoreRangeAsync(store, settings, time, scope, since, until, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var page = await store.GetUserTotalsAsync(query.Scope, query.Range, new UserTotalsQuery { SortBy = sortBy, Descending = descending, Offset = skip, Limit = take }, cancellationToken);
        return Results.Ok(new
        {
            scope = query.Scope.ToString(),
            since = Day(query.Range.From),
            until = Day(query.Range.To),
            totalUsers = page.TotalUsers,
            offset = skip,
            limit = take,
            items = page.Items.Select(UserJson.From),
        });
    }

    /// <summary>A user's totals as <c>/api/users</c> lists them: <c>aiCreditsUsed</c> is absent when no row of the range reported it (never 0).</summary>
    private sealed record UserJson(
        long UserId,
        string Login,
        int ActiveDays,
        DateOnly LastActiveDay,
        ActivityCounts Activity,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AiCreditsUsed)
    {
        public static UserJson From(UserTotals u) => new(u.UserId, u.Login, u.ActiveDays, u.LastActiveDay, u.Activity, u.AiCreditsUsed);
    }

    private static Task<(ScopeRange Value, IResult? Problem)> ResolveStoreRangeAsync(IMetricsReader store, WebSettings settings, TimeProvider time, string? scope, string? since, string? until, CancellationToken cancellationToken) =>
        ApiQuery.ResolveAsync(settings, time, scope, since, until, s => ApiQuery.LatestStoredDayAsync(store, s, time, cancellationToken), 28, ApiQuery.MaxStoreDays);
}
