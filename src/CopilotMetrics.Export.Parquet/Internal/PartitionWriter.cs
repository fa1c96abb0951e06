using System.Globalization;
using Parquet;

namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>
/// Writes one table's partition of one day: rows are buffered into row groups of bounded size and streamed to a hidden
/// file beside the partition's file; <see cref="CommitAsync"/> renames it over the partition's file (an atomic replace: a
/// reader sees the old day or the new day, never part of one). A day without rows removes the partition.
/// </summary>
internal sealed class PartitionWriter<TRow> : IAsyncDisposable
{
    /// <summary>The one file of a partition.</summary>
    public const string FileName = "part-0.parquet";

    private readonly ParquetTable<TRow> _table;
    private readonly string _directory;
    private readonly string _target;
    private readonly string _temporary;
    private readonly int _rowGroupSize;
    private readonly List<TRow> _rows;
    private FileStream? _stream;
    private SyncWriteStream? _output;
    private ParquetWriter? _writer;
    private bool _committed;

    public PartitionWriter(ParquetTable<TRow> table, string root, MetricsScope scope, DateOnly day, int rowGroupSize)
    {
        _table = table;
        _directory = PartitionDirectory(root, table.Name, scope, day);
        _target = Path.Combine(_directory, FileName);
        _temporary = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $".{FileName}.{Guid.NewGuid():N}.tmp"));
        _rowGroupSize = rowGroupSize;
        _rows = new List<TRow>(Math.Min(rowGroupSize, 4096));
    }

    /// <summary>Whether the partition is in the lake now.</summary>
    public bool Exists => File.Exists(_target);

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>The partition's folder: <c>root/dataset=NAME/scope=KIND_NAME/day=YYYY-MM-DD</c>.</summary>
    public static string PartitionDirectory(string root, string table, MetricsScope scope, DateOnly day) =>
        Path.Combine(root, "dataset=" + table, "scope=" + LakeTables.ScopeValue(scope), "day=" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public ValueTask AddAsync(TRow row, CancellationToken cancellationToken)
    {
        _rows.Add(row);
        Rows++;
        return _rows.Count >= _rowGroupSize ? new ValueTask(FlushAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    /// <summary>Puts the day in place (or removes it when it had no rows); returns the file's size.</summary>
    public async Task<long> CommitAsync(CancellationToken cancellationToken)
    {
        if (_rows.Count > 0)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
        _committed = true;
        if (Rows == 0)
        {
            if (File.Exists(_target))
            {
                File.Delete(_target);
            }

            TryRemoveEmpty(_directory);
            return 0;
        }

        var size = new FileInfo(_temporary).Length;
        File.Move(_temporary, _target, overwrite: true);
        return size;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        if (!_committed && File.Exists(_temporary))
        {
            File.Delete(_temporary);
            TryRemoveEmpty(_directory);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(_directory);
            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
            _output = new SyncWriteStream(_stream);
            _writer = await ParquetWriter.CreateAsync(_table.Schema, _output, _table.Options, false, cancellationToken).ConfigureAwait(false);
            _writer.CustomMetadata = new Dictionary<string, string>(_table.Metadata);
        }

        using (var group = _writer.CreateRowGroup())
        {
            foreach (var column in _table.Columns)
            {
                await column.WriteAsync(group, _rows, cancellationToken).ConfigureAwait(false);
            }
        }

        _rows.Clear();
    }

    private async Task CloseAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }

        if (_stream is not null)
        {
            _stream.Flush(flushToDisk: true);
            await _output!.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
            _output = null;
        }
    }

    private static void TryRemoveEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException)
        {
            // Another writer put a file there meanwhile: the folder stays.
        }
    }
}
