using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>One column of a table: its name, Parquet type and how a row gives its value.</summary>
/// <typeparam name="TRow">The row type.</typeparam>
internal abstract class ParquetColumn<TRow>
{
    protected ParquetColumn(string name, string type, string description)
    {
        Name = name;
        TypeName = type;
        Description = description;
    }

    /// <summary>The column name (the JSON name GitHub uses, snake_case).</summary>
    public string Name { get; }

    /// <summary>The SQL type an analyst sees (DuckDB's names), for the documentation.</summary>
    public string TypeName { get; }

    /// <summary>What the column holds, for the documentation.</summary>
    public string Description { get; }

    /// <summary>The Parquet field.</summary>
    public abstract DataField Field { get; }

    /// <summary>The column's values for <paramref name="rows"/> as a typed array (for writers other than Parquet.Net: the benchmarks compare one).</summary>
    public abstract Array Values(IReadOnlyList<TRow> rows);

    /// <summary>Writes the values of <paramref name="rows"/> as this column of the row group.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<TRow> rows, CancellationToken cancellationToken);
}

/// <summary>A required (never null) column of a fixed-size type.</summary>
internal sealed class RequiredColumn<TRow, T>(string name, string type, string description, Func<TRow, T> value) : ParquetColumn<TRow>(name, type, description)
    where T : struct
{
    private readonly DataField<T> _field = new(name);

    public override DataField Field => _field;

    public override Array Values(IReadOnlyList<TRow> rows) => rows.Select(value).ToArray();

    public override async Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, rows.Count));
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                buffer[i] = value(rows[i]);
            }

            await writer.WriteAsync<T>(_field, buffer.AsMemory(0, rows.Count), null, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }
}

/// <summary>A nullable column of a fixed-size type.</summary>
internal sealed class NullableColumn<TRow, T>(string name, string type, string description, Func<TRow, T?> value) : ParquetColumn<TRow>(name, type, description)
    where T : struct
{
    private readonly DataField<T?> _field = new(name);

    public override DataField Field => _field;

    public override Array Values(IReadOnlyList<TRow> rows) => rows.Select(value).ToArray();

    public override async Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<T?>.Shared.Rent(Math.Max(1, rows.Count));
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                buffer[i] = value(rows[i]);
            }

            await writer.WriteAsync<T>(_field, buffer.AsMemory(0, rows.Count), null, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<T?>.Shared.Return(buffer, clearArray: true);
        }
    }
}

/// <summary>A nullable UTF-8 text column.</summary>
internal sealed class TextColumn<TRow>(string name, string description, Func<TRow, string?> value) : ParquetColumn<TRow>(name, "VARCHAR", description)
{
    private readonly DataField<string> _field = new(name, true);

    public override DataField Field => _field;

    public override Array Values(IReadOnlyList<TRow> rows) => rows.Select(value).ToArray();

    public override Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<TRow> rows, CancellationToken cancellationToken) =>
        writer.WriteAsync(_field, (string[])Values(rows), null);
}
