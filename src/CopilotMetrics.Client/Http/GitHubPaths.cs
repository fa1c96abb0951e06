using System.Globalization;

namespace CopilotMetrics.Http;

/// <summary>The paths of GitHub's REST API that the client calls, relative to <see cref="CopilotMetricsOptions.BaseAddress"/>.</summary>
internal static class GitHubPaths
{
    /// <summary>The scope's prefix, <c>orgs/NAME</c> or <c>enterprises/SLUG</c>.</summary>
    public static string Prefix(MetricsScope scope) =>
        scope.Kind == ScopeKind.Organization ? $"orgs/{Uri.EscapeDataString(scope.Name)}" : $"enterprises/{Uri.EscapeDataString(scope.Name)}";

    /// <summary>The report's name in GitHub's URL for a scope, for example <c>organization-1-day</c> or <c>users-28-day/latest</c>.</summary>
    public static string ReportSegment(ReportType type, ScopeKind kind) => type switch
    {
        ReportType.Aggregate1Day => kind == ScopeKind.Organization ? "organization-1-day" : "enterprise-1-day",
        ReportType.Aggregate28Day => kind == ScopeKind.Organization ? "organization-28-day/latest" : "enterprise-28-day/latest",
        ReportType.Users1Day => "users-1-day",
        ReportType.Users28Day => "users-28-day/latest",
        ReportType.UserTeams1Day => "user-teams-1-day",
        ReportType.Repositories1Day => "repos-1-day",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown report type."),
    };

    /// <summary><c>orgs/NAME/copilot/metrics/reports/REPORT[?day=YYYY-MM-DD]</c>.</summary>
    public static string Report(MetricsScope scope, ReportType report, DateOnly? day) =>
        $"{Prefix(scope)}/copilot/metrics/reports/{ReportSegment(report, scope.Kind)}" +
        (day is { } d ? "?day=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");
}
