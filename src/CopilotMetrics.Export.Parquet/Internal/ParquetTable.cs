using CopilotMetrics.Reports;
using Parquet;
using Parquet.Schema;

namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>What the documentation and the metadata need of a table, whatever its row type.</summary>
internal interface IParquetTable
{
    /// <summary>The table's name: the <c>dataset=</c> folder.</summary>
    string Name { get; }

    /// <summary>The schema version written in each file's key-value metadata.</summary>
    int Version { get; }

    /// <summary>One line on what a row is.</summary>
    string Description { get; }

    /// <summary>The columns: name, SQL type, meaning.</summary>
    IEnumerable<(string Name, string Type, string Description)> Describe();
}

/// <summary>A table of the lake: its name, schema version and columns.</summary>
/// <typeparam name="TRow">The row type.</typeparam>
internal sealed class ParquetTable<TRow> : IParquetTable
{
    /// <summary>The key of the schema version in each file's key-value metadata.</summary>
    public const string VersionKey = "copilot_metrics.schema_version";

    /// <summary>The key of the table name in each file's key-value metadata.</summary>
    public const string TableKey = "copilot_metrics.table";

    public ParquetTable(string name, int version, string description, IReadOnlyList<ParquetColumn<TRow>> columns)
    {
        Name = name;
        Version = version;
        Description = description;
        Columns = columns;
        Schema = new ParquetSchema(columns.Select(static c => (Field)c.Field).ToArray());
        Options = WriterOptions();
        Metadata = new Dictionary<string, string>
        {
            [VersionKey] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TableKey] = name,
        };
    }

    public string Name { get; }

    public int Version { get; }

    public string Description { get; }

    public IReadOnlyList<ParquetColumn<TRow>> Columns { get; }

    public ParquetSchema Schema { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>How Parquet.Net writes the table's files.</summary>
    public ParquetOptions Options { get; }

    public IEnumerable<(string Name, string Type, string Description)> Describe() =>
        Columns.Select(static c => (c.Name, c.TypeName, c.Description));

    // Zstd at its optimal level: Parquet.Net's default level for it is the smallest size, 100 times slower here (measured).
    // (Dictionary-encoding hints for the text columns were tried: the 90-day lake came out byte-for-byte the same size.)
    private static ParquetOptions WriterOptions() =>
        new() { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal };

    /// <summary>The same table at an older version, without the named columns (for schema evolution tests).</summary>
    public ParquetTable<TRow> Without(int version, params string[] columns) =>
        new(Name, version, Description, [.. Columns.Where(c => !columns.Contains(c.Name))]);
}

/// <summary>Builds a table's columns in order.</summary>
/// <typeparam name="TRow">The row type.</typeparam>
internal sealed class TableBuilder<TRow>
{
    private readonly List<ParquetColumn<TRow>> _columns = [];

    public TableBuilder<TRow> Int64(string name, Func<TRow, long> value, string description)
    {
        _columns.Add(new RequiredColumn<TRow, long>(name, "BIGINT NOT NULL", description, value));
        return this;
    }

    public TableBuilder<TRow> Int64(string name, Func<TRow, long?> value, string description)
    {
        _columns.Add(new NullableColumn<TRow, long>(name, "BIGINT", description, value));
        return this;
    }

    public TableBuilder<TRow> Bool(string name, Func<TRow, bool> value, string description)
    {
        _columns.Add(new RequiredColumn<TRow, bool>(name, "BOOLEAN NOT NULL", description, value));
        return this;
    }

    public TableBuilder<TRow> Bool(string name, Func<TRow, bool?> value, string description)
    {
        _columns.Add(new NullableColumn<TRow, bool>(name, "BOOLEAN", description, value));
        return this;
    }

    public TableBuilder<TRow> Double(string name, Func<TRow, double?> value, string description)
    {
        _columns.Add(new NullableColumn<TRow, double>(name, "DOUBLE", description, value));
        return this;
    }

    public TableBuilder<TRow> Decimal(string name, Func<TRow, decimal> value, string description)
    {
        _columns.Add(new RequiredColumn<TRow, decimal>(name, "DECIMAL(38,18) NOT NULL", description, value));
        return this;
    }

    public TableBuilder<TRow> Date(string name, Func<TRow, DateOnly?> value, string description)
    {
        _columns.Add(new NullableColumn<TRow, DateOnly>(name, "DATE", description, value));
        return this;
    }

    public TableBuilder<TRow> Timestamp(string name, Func<TRow, DateTimeOffset?> value, string description)
    {
        _columns.Add(new NullableColumn<TRow, DateTime>(name, "TIMESTAMP (UTC)", description, r => value(r)?.UtcDateTime));
        return this;
    }

    public TableBuilder<TRow> Text(string name, Func<TRow, string?> value, string description)
    {
        _columns.Add(new TextColumn<TRow>(name, description, value));
        return this;
    }

    /// <summary>A nested object or list as JSON text (GitHub's JSON, unknown properties included).</summary>
    public TableBuilder<TRow> Json(string name, Func<TRow, string?> value, string description)
    {
        _columns.Add(new TextColumn<TRow>(name, description + " JSON text; null when absent.", value));
        return this;
    }

    /// <summary>The seven activity counters of <see cref="ActivityTotals"/>.</summary>
    public TableBuilder<TRow> Counters(Func<TRow, ActivityTotals> of) => this
        .Int64("user_initiated_interaction_count", r => of(r).UserInitiatedInteractionCount, "Prompts and messages the user sent.")
        .Int64("code_generation_activity_count", r => of(r).CodeGenerationActivityCount, "Output events: code blocks, completions.")
        .Int64("code_acceptance_activity_count", r => of(r).CodeAcceptanceActivityCount, "Built-in accept actions.")
        .Int64("loc_suggested_to_add_sum", r => of(r).LocSuggestedToAddSum, "Lines suggested to add.")
        .Int64("loc_suggested_to_delete_sum", r => of(r).LocSuggestedToDeleteSum, "Lines suggested to delete.")
        .Int64("loc_added_sum", r => of(r).LocAddedSum, "Lines added, agent edits included.")
        .Int64("loc_deleted_sum", r => of(r).LocDeletedSum, "Lines deleted.");

    /// <summary>The object's unknown properties as one JSON object (always the last column).</summary>
    public ParquetTable<TRow> Build(string name, int version, string description, Func<TRow, ReportObject> of)
    {
        _columns.Add(new TextColumn<TRow>("additional_properties", "Properties this version does not model, as one JSON object; null when none.", r => JsonText.Additional(of(r))));
        return new ParquetTable<TRow>(name, version, description, [.. _columns]);
    }
}
