namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>The partitions of one dataset-day (a table and its child tables), committed together.</summary>
internal sealed class PartitionGroup(string root, MetricsScope scope, DateOnly day, int rowGroupSize) : IAsyncDisposable
{
    private readonly List<(Func<CancellationToken, Task<long>> Commit, Func<long> Rows, Func<bool> Exists, IAsyncDisposable Writer)> _writers = [];

    public PartitionWriter<TRow> Add<TRow>(ParquetTable<TRow> table)
    {
        var writer = new PartitionWriter<TRow>(table, root, scope, day, rowGroupSize);
        _writers.Add((writer.CommitAsync, () => writer.Rows, () => writer.Exists, writer));
        return writer;
    }

    /// <summary>Puts every partition of the group in place, child tables before the table they belong to.</summary>
    public async Task<ParquetExportResult> CommitAsync(CancellationToken cancellationToken)
    {
        var result = new ParquetExportResult();
        for (var i = _writers.Count - 1; i >= 0; i--)
        {
            var (commit, rows, exists, _) = _writers[i];
            var count = rows();
            var existed = exists();
            var bytes = await commit(cancellationToken).ConfigureAwait(false);
            result += count > 0
                ? new ParquetExportResult { Partitions = 1, Rows = count, Bytes = bytes }
                : new ParquetExportResult { Removed = existed ? 1 : 0 };
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, _, writer) in _writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
