using System.Diagnostics.Metrics;

namespace CopilotMetrics;

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
