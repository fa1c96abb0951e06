using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace CopilotMetrics;

/// <summary>
/// The names under which CopilotMetrics reports traces and metrics, for OpenTelemetry:
/// <c>.AddSource(CopilotMetricsTelemetry.ActivitySourceName)</c> and <c>.AddMeter(CopilotMetricsTelemetry.MeterName)</c>.
/// </summary>
public static class CopilotMetricsTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string ActivitySourceName = "CopilotMetrics";

    /// <summary>The <see cref="Meter"/> name.</summary>
    public const string MeterName = "CopilotMetrics";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName, Http.UserAgent.Version);
}

/// <summary>The client's instruments, created from <see cref="IMeterFactory"/> when DI has one.</summary>
internal sealed class ClientMetrics
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMeterFactory, ClientMetrics> ByFactory = new();
    private static readonly Lazy<ClientMetrics> Shared = new(() => new ClientMetrics(null));

    private ClientMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(CopilotMetricsTelemetry.MeterName, Http.UserAgent.Version) ?? new Meter(CopilotMetricsTelemetry.MeterName, Http.UserAgent.Version);
        Requests = meter.CreateCounter<long>("copilot_metrics.github.requests", "{request}", "GitHub API requests, by operation and HTTP status.");
        RequestDuration = meter.CreateHistogram<double>("copilot_metrics.github.request.duration", "s", "Duration of GitHub API requests, retries included.");
        Retries = meter.CreateCounter<long>("copilot_metrics.github.retries", "{retry}", "Retried requests (5xx, 429, rate limits, transport errors).");
        BytesDownloaded = meter.CreateCounter<long>("copilot_metrics.download.bytes", "By", "Bytes of report files downloaded.");
        RecordsParsed = meter.CreateCounter<long>("copilot_metrics.records.parsed", "{record}", "Report records parsed, by report.");
        DownloadDuration = meter.CreateHistogram<double>("copilot_metrics.download.duration", "s", "Duration of report downloads (all files of a report).");
    }

    /// <summary>One set of instruments per meter factory (per DI container), so that several clients share them.</summary>
    public static ClientMetrics For(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared.Value : ByFactory.GetValue(meterFactory, static f => new ClientMetrics(f));

    public Counter<long> Requests { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> BytesDownloaded { get; }

    public Counter<long> RecordsParsed { get; }

    public Histogram<double> DownloadDuration { get; }
}

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

    [LoggerMessage(2001, LogLevel.Information, "Sync planned {Planned} report-day(s); {Skipped} already complete or waiting")]
    public static partial void SyncPlanned(ILogger logger, int planned, int skipped);

    [LoggerMessage(2002, LogLevel.Information, "Sync finished: {Stored} stored, {Empty} empty, {Skipped} skipped, {Failed} failed, {Rows} rows in {Duration}")]
    public static partial void SyncFinished(ILogger logger, int stored, int empty, int skipped, int failed, long rows, TimeSpan duration);

    [LoggerMessage(2003, LogLevel.Warning, "Sync of {Key} failed (attempt {Attempt}): {Reason}")]
    public static partial void DayFailed(ILogger logger, string key, int attempt, string reason);

    [LoggerMessage(2004, LogLevel.Information, "Retention: purged {Days} report-day(s) before {Cutoff}")]
    public static partial void Purged(ILogger logger, long days, string cutoff);

    [LoggerMessage(2005, LogLevel.Error, "Scheduled sync failed")]
    public static partial void ScheduledSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(2006, LogLevel.Information, "Next scheduled sync at {Next}")]
    public static partial void NextSync(ILogger logger, DateTimeOffset next);
}
