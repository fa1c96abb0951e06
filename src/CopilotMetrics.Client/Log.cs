using Microsoft.Extensions.Logging;

namespace CopilotMetrics;

/// <summary>Source-generated log messages. URLs are logged as host and path only.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Requesting {Report} for {Scope} {Day}")]
    public static partial void RequestingReport(ILogger logger, ReportType report, MetricsScope scope, string day);

    [LoggerMessage(1002, LogLevel.Information, "No {Report} for {Scope} {Day} yet (HTTP {Status})")]
    public static partial void NoReport(ILogger logger, ReportType report, MetricsScope scope, string day, int status);

    [LoggerMessage(1003, LogLevel.Warning, "Retrying {Method} {Location} after {Outcome}: attempt {Attempt}, waiting {Delay}")]
    public static partial void Retrying(ILogger logger, string method, string location, string outcome, int attempt, TimeSpan delay);

    [LoggerMessage(1004, LogLevel.Warning, "Download link {Location} answered {Status}: requesting the report's links again")]
    public static partial void LinkExpired(ILogger logger, string location, int status);

    [LoggerMessage(1005, LogLevel.Debug, "Downloaded {Report} for {Scope}: {Files} file(s), {Bytes} bytes, {Records} records in {Elapsed}")]
    public static partial void Downloaded(ILogger logger, ReportType report, MetricsScope scope, int files, long bytes, long records, TimeSpan elapsed);

    [LoggerMessage(1006, LogLevel.Information, "GitHub App installation {InstallationId} token refreshed; expires {ExpiresAt}")]
    public static partial void TokenRefreshed(ILogger logger, long installationId, DateTimeOffset expiresAt);

    [LoggerMessage(1007, LogLevel.Debug, "Seats page {Page} of {Scope}: {Count} seats")]
    public static partial void SeatsPage(ILogger logger, MetricsScope scope, int page, int count);

    [LoggerMessage(1008, LogLevel.Warning, "GitHub rate limit on {Location}: waiting {Delay} (resets {ResetsAt})")]
    public static partial void RateLimited(ILogger logger, string location, TimeSpan delay, DateTimeOffset? resetsAt);
}
