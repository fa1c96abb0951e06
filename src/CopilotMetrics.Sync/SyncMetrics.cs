using System.Diagnostics.Metrics;

namespace CopilotMetrics.Sync;

/// <summary>
/// The sync engine's instruments, on the <see cref="CopilotMetricsTelemetry.MeterName"/> meter (created from
/// <see cref="IMeterFactory"/> when DI has one), named like the client's (<c>copilot_metrics.*</c>).
/// </summary>
internal sealed class SyncMetrics
{
    /// <summary>The unknown-properties counter: occurrences of properties no record type models, by dataset and path.</summary>
    public const string UnknownPropertiesName = "copilot_metrics.report.unknown_properties";

    /// <summary>The attribute that names the dataset (<see cref="Storage.SyncDataset"/>).</summary>
    public const string DatasetAttribute = "copilot_metrics.dataset";

    /// <summary>The attribute that holds the property's path (names only, never values; at most 100 per report-day).</summary>
    public const string PropertyPathAttribute = "copilot_metrics.property.path";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMeterFactory, SyncMetrics> ByFactory = new();
    private static readonly Lazy<SyncMetrics> Shared = new(() => new SyncMetrics(null));

    private SyncMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(CopilotMetricsTelemetry.MeterName) ?? new Meter(CopilotMetricsTelemetry.MeterName);
        UnknownProperties = meter.CreateCounter<long>(UnknownPropertiesName, "{property}", "Occurrences of report properties no record type models (kept losslessly, not typed), by dataset and property path.");
    }

    /// <summary>One set of instruments per meter factory (per DI container).</summary>
    public static SyncMetrics For(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared.Value : ByFactory.GetValue(meterFactory, static f => new SyncMetrics(f));

    public Counter<long> UnknownProperties { get; }
}
