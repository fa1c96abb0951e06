using System.Globalization;

namespace CopilotMetrics.Storage;

/// <summary>A report-day: one dataset of one scope on one day.</summary>
/// <param name="Scope">The organization or enterprise.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Day">The day.</param>
public readonly record struct SyncDayKey(MetricsScope Scope, SyncDataset Dataset, DateOnly Day)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scope} {Dataset} {Day:yyyy-MM-dd}");
}
