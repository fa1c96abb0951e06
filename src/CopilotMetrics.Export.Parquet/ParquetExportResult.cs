namespace CopilotMetrics.Export.Parquet;

/// <summary>What an export wrote.</summary>
public sealed record ParquetExportResult
{
    /// <summary>Partitions (table × scope × day) written or replaced.</summary>
    public int Partitions { get; init; }

    /// <summary>Partitions removed because the store had no rows for that day.</summary>
    public int Removed { get; init; }

    /// <summary>Rows written over every table.</summary>
    public long Rows { get; init; }

    /// <summary>Bytes of the files written.</summary>
    public long Bytes { get; init; }

    /// <summary>Adds two results.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    /// <returns>The sums.</returns>
    public static ParquetExportResult operator +(ParquetExportResult a, ParquetExportResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new() { Partitions = a.Partitions + b.Partitions, Removed = a.Removed + b.Removed, Rows = a.Rows + b.Rows, Bytes = a.Bytes + b.Bytes };
    }

    /// <summary>Adds two results (the named form of <c>+</c>).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>The sums.</returns>
    public ParquetExportResult Add(ParquetExportResult other) => this + other;
}
