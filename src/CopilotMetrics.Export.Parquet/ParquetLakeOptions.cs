namespace CopilotMetrics.Export.Parquet;

/// <summary>Where and how <see cref="ParquetLakeExporter"/> writes the lake.</summary>
public sealed class ParquetLakeOptions
{
    /// <summary>The lake's root folder (created when missing). Required.</summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// Rows buffered per row group (default 100,000): the export holds at most this many rows of each table in memory.
    /// </summary>
    public int RowGroupSize { get; set; } = 100_000;

    /// <summary>
    /// Days a range export writes at once (default: the processor count, at most 4). Each holds its own row groups, so
    /// memory grows with it; the store must serve concurrent reads (every store in this SDK does).
    /// </summary>
    public int MaxParallelDays { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Throws when the options cannot work.</summary>
    /// <exception cref="ArgumentException">The directory is empty, or the row group size or the parallelism is not positive.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("ParquetLakeOptions.Directory is required: the lake's root folder.", nameof(Directory));
        }

        if (MaxParallelDays < 1)
        {
            throw new ArgumentException("ParquetLakeOptions.MaxParallelDays must be at least 1.", nameof(MaxParallelDays));
        }

        if (RowGroupSize < 1)
        {
            throw new ArgumentException("ParquetLakeOptions.RowGroupSize must be at least 1.", nameof(RowGroupSize));
        }
    }
}
