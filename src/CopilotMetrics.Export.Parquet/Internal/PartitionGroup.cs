namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>The partitions of one dataset-day (a table and its child tables), committed together.</summary>
internal sealed class PartitionGroup(string root, MetricsScope scope, DateOnly day, int rowGroupSize) : IAsyncDisposable
{
    private readonly List<(Func<CancellationToken, Task<long>> Commit, Func<long> Rows, IAsyncDisposable Writer)> _writers = [];

    public PartitionWriter<TRow> Add<TRow>(ParquetTable<TRow> table)
    {
        var writer = new PartitionWriter<TRow>(table, root, scope, day, rowGroupSize);
        _writers.Add((writer.CommitAsync, () => writer.Rows, writer));
        return writer;
    }

    /// <summary>Puts every partition of the group in place, child tables before the table they belong to.</summary>
    public async Task<ParquetExportResult> CommitAsync(CancellationToken cancellationToken)
    {
        var result = new ParquetExportResult();
        for (var i = _writers.Count - 1; i >= 0; i--)
        {
            var (commit, rows, _) = _writers[i];
            var count = rows();
            var bytes = await commit(cancellationToken).ConfigureAwait(false);
            result += count == 0
                ? new ParquetExportResult { Removed = 1 }
                : new ParquetExportResult { Partitions = 1, Rows = count, Bytes = bytes };
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, writer) in _writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
