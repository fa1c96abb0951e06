using System.Diagnostics;
using System.Diagnostics.Metrics;

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
