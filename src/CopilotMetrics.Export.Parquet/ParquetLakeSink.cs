using CopilotMetrics.Storage;

namespace CopilotMetrics.Export.Parquet;

/// <summary>
/// Keeps a lake in step with a store: registered as an <see cref="IStoredDaySink"/>, it exports each day the sync stores
/// (replacing that day's partitions) from the store's reader.
/// </summary>
public sealed class ParquetLakeSink : IStoredDaySink
{
    private readonly IMetricsReader _reader;
    private readonly ParquetLakeExporter _exporter;

    /// <summary>Creates the sink.</summary>
    /// <param name="reader">The store the sync writes to.</param>
    /// <param name="exporter">The lake.</param>
    public ParquetLakeSink(IMetricsReader reader, ParquetLakeExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(exporter);
        _reader = reader;
        _exporter = exporter;
    }

    /// <inheritdoc />
    public Task OnDayStoredAsync(MetricsScope scope, SyncDataset dataset, DateOnly day, CancellationToken cancellationToken = default) =>
        _exporter.ExportDayAsync(_reader, scope, dataset, day, cancellationToken);
}
