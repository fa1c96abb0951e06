using System.Diagnostics.Metrics;

namespace CopilotMetrics;

/// <summary>
/// The client's instruments, created from <see cref="IMeterFactory"/> when DI has one. Names, units and attributes follow
/// the OpenTelemetry semantic conventions: lowercase dotted names under the <c>copilot_metrics</c> namespace, durations in
/// seconds (<c>s</c>) with explicit bucket boundaries, bytes as <c>By</c>, counted things as <c>{request}</c>-style
/// annotations, the HTTP status as <c>http.response.status_code</c> and a failure as <c>error.type</c>.
/// </summary>
internal sealed class ClientMetrics
{
    /// <summary>The GitHub API requests counter.</summary>
    public const string RequestsName = "copilot_metrics.github.requests";

    /// <summary>The GitHub API request duration histogram.</summary>
    public const string RequestDurationName = "copilot_metrics.github.request.duration";

    /// <summary>The retried-attempts counter.</summary>
    public const string RetriesName = "copilot_metrics.github.retries";

    /// <summary>The downloaded-bytes counter.</summary>
    public const string DownloadSizeName = "copilot_metrics.download.size";

    /// <summary>The parsed-records counter.</summary>
    public const string RecordsName = "copilot_metrics.report.records";

    /// <summary>The report download duration histogram.</summary>
    public const string DownloadDurationName = "copilot_metrics.download.duration";

    /// <summary>The attribute that names the client operation (<c>get_report_links</c>, <c>get_seats</c>, …).</summary>
    public const string OperationAttribute = "copilot_metrics.operation";

    /// <summary>The attribute that names the report (<see cref="ReportType"/>).</summary>
    public const string ReportAttribute = "copilot_metrics.report";

    /// <summary>The attribute that says which HTTP client retried: <c>api</c> or <c>downloads</c>.</summary>
    public const string ClientAttribute = "copilot_metrics.client";

    /// <summary>
    /// Bucket boundaries in seconds for the API requests: OpenTelemetry's advice for <c>http.client.request.duration</c>,
    /// 5 ms to 10 s.
    /// </summary>
    internal static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Bucket boundaries in seconds for whole report downloads: 10 ms to 10 minutes (a 100,000-user report takes minutes).</summary>
    internal static readonly double[] DownloadBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMeterFactory, ClientMetrics> ByFactory = new();
    private static readonly Lazy<ClientMetrics> Shared = new(() => new ClientMetrics(null));

    private ClientMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(CopilotMetricsTelemetry.MeterName, Http.UserAgent.Version) ?? new Meter(CopilotMetricsTelemetry.MeterName, Http.UserAgent.Version);
        Requests = meter.CreateCounter<long>(RequestsName, "{request}", "GitHub API requests, by operation and HTTP status (or error type).");
        RequestDuration = meter.CreateHistogram(RequestDurationName, "s", "Duration of GitHub API requests, retries included.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        Retries = meter.CreateCounter<long>(RetriesName, "{retry}", "Retried attempts (5xx, 429, rate limits, transport errors), by HTTP client.");
        DownloadSize = meter.CreateCounter<long>(DownloadSizeName, "By", "Bytes of report files downloaded (as sent, before decompression).");
        Records = meter.CreateCounter<long>(RecordsName, "{record}", "Report records parsed, by report.");
        DownloadDuration = meter.CreateHistogram(DownloadDurationName, "s", "Duration of report downloads (all files of a report, parsing included).", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DownloadBuckets });
    }

    /// <summary>One set of instruments per meter factory (per DI container), so that several clients share them.</summary>
    public static ClientMetrics For(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared.Value : ByFactory.GetValue(meterFactory, static f => new ClientMetrics(f));

    public Counter<long> Requests { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> DownloadSize { get; }

    public Counter<long> Records { get; }

    public Histogram<double> DownloadDuration { get; }
}
