using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Samples.Web.Endpoints;

/// <summary>POST /api/admin/sync and GET /api/admin/sync-status, behind the admin secret.</summary>
internal static class AdminEndpoints
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter(async (context, next) =>
        {
            var auth = context.HttpContext.RequestServices.GetRequiredService<AdminAuth>();
            return auth.Check(context.HttpContext, "Admin endpoints") ?? await next(context);
        }).AddEndpointFilter(QueryRules.RejectRepeatedAsync);
        admin.MapPost("/sync", StartSyncAsync);
        admin.MapGet("/sync-status", GetSyncStatusAsync);
    }

    private static async Task<IResult> StartSyncAsync(HttpContext context, WebSettings settings)
    {
        if (context.RequestServices.GetService<SyncRunner>() is not { } runner)
        {
            return Problems.NoStore();
        }

        if (!runner.TryStart(out var run))
        {
            return Results.Problem(
                title: "A sync is already running",
                detail: $"Sync run {run.Id} started at {run.StartedAt:O} is still running; GET /api/admin/sync-status shows its progress.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["runId"] = run.Id });
        }

        // Answer with the result when the run is quick; otherwise 202 and the status endpoint shows it (wall-clock wait).
        if (settings.AdminSyncWait > TimeSpan.Zero)
        {
            try
            {
                await run.Completion.WaitAsync(settings.AdminSyncWait, context.RequestAborted);
                return Results.Ok(SyncRunner.Describe(run));
            }
            catch (TimeoutException)
            {
            }
        }

        return Results.Accepted($"/api/admin/sync-status?runId={run.Id}", SyncRunner.Describe(run));
    }

    private static async Task<IResult> GetSyncStatusAsync(HttpContext context, WebSettings settings, TimeProvider time, string? scope, string? since, string? until, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IMetricsReader>() is not { } store)
        {
            return Problems.NoStore();
        }

        var syncState = context.RequestServices.GetRequiredService<ISyncStateStore>();

        var (query, problem) = await ApiQuery.ResolveAsync(settings, time, scope, since, until, _ => Task.FromResult(ApiQuery.Today(time).AddDays(-1)), 28, ApiQuery.MaxStoreDays);
        if (problem is not null)
        {
            return problem;
        }

        var runner = context.RequestServices.GetRequiredService<SyncRunner>();
        var datasets = context.RequestServices.GetRequiredService<IOptionsMonitor<SyncOptions>>().CurrentValue.Datasets.Order().ToList();
        var statuses = await syncState.GetSyncStatusesAsync(query.Scope, query.Range, cancellationToken);
        var drift = await store.GetUnknownPropertiesAsync(query.Scope, cancellationToken);
        var missing = new Dictionary<string, IEnumerable<string>>();
        foreach (var dataset in datasets)
        {
            var days = await store.GetMissingDaysAsync(query.Scope, dataset, query.Range, cancellationToken);
            missing[Name(dataset)] = days.Select(ApiEndpoints.Day);
        }

        return Results.Ok(new
        {
            scope = query.Scope.ToString(),
            since = ApiEndpoints.Day(query.Range.From),
            until = ApiEndpoints.Day(query.Range.To),
            lastRun = runner.Last is { } run ? SyncRunner.Describe(run) : null,
            lastResult = runner.Engine.LastResult is { } result ? SyncRunner.DescribeResult(result) : null,
            lastSuccessAt = runner.Engine.LastSuccessAt,
            counts = statuses.GroupBy(s => s.Key.Dataset).OrderBy(g => g.Key).ToDictionary(
                g => Name(g.Key),
                g => g.GroupBy(s => s.State).OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString().ToLowerInvariant(), s => s.Count())),
            failed = statuses.Where(s => s.State == SyncDayState.Failed).OrderBy(s => s.Key.Day).Select(s => new
            {
                dataset = Name(s.Key.Dataset),
                day = ApiEndpoints.Day(s.Key.Day),
                attempts = s.Attempts,
                error = s.LastError,
                nextAttemptAt = s.NextAttemptAt,
                updatedAt = s.UpdatedAt,
            }),
            missing,

            // Properties GitHub sends that no record models, over every stored status of the scope (not only the range).
            drift = drift.Select(d => new
            {
                path = d.Path,
                dataset = Name(d.Dataset),
                report = d.Report,
                firstSeen = ApiEndpoints.Day(d.FirstSeen),
                lastSeen = ApiEndpoints.Day(d.LastSeen),
                description = d.ToString(),
            }),
        });
    }

    private static string Name(SyncDataset dataset) => dataset switch
    {
        SyncDataset.UserTeams => "userTeams",
        SyncDataset.AiCredits => "aiCredits",
        _ => dataset.ToString().ToLowerInvariant(),
    };
}
