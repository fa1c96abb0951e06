using System.Text.Json;
using CopilotMetrics.Samples.Web.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CopilotMetrics.Samples.Web.Endpoints;

/// <summary>
/// The health report as JSON. Anyone gets the overall status (Healthy, Degraded, Unhealthy), each check's status and
/// its counts (the numbers of its data, such as <c>failedDays</c>); the descriptions, the failed days' error texts
/// (organization names, download host and path, request ids), timestamps and exceptions are for the admin secret only
/// (<see cref="AdminAuth"/>), as <c>details: true</c> shows.
/// </summary>
internal static class HealthJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        object body = context.RequestServices.GetRequiredService<AdminAuth>().IsAuthorized(context.Request)
            ? new
            {
                status = report.Status.ToString(),
                details = true,
                duration = report.TotalDuration.TotalMilliseconds,
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    data = e.Value.Data,
                    error = e.Value.Exception?.Message,
                }),
            }
            : new
            {
                status = report.Status.ToString(),
                details = false,
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString(),
                    counts = e.Value.Data.Where(d => d.Value is int or long).ToDictionary(d => d.Key, d => d.Value),
                }),
            };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
