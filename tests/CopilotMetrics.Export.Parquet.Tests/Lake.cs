using System.Data.Common;
using System.Text.RegularExpressions;
using CopilotMetrics.Tests;
using DuckDB.NET.Data;

namespace CopilotMetrics.Export.Parquet.Tests;

/// <summary>A lake in a temporary folder, and DuckDB over it with the views and queries of docs/parquet.md.</summary>
internal sealed partial class Lake : IDisposable
{
    public Lake()
    {
        Root = Path.Combine(Path.GetTempPath(), "cm-lake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static string Docs { get; } = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "parquet.md")).ReplaceLineEndings("\n");

    /// <summary>The documented query of that name.</summary>
    public static string Query(string name) =>
        QueryBlock().Matches(Docs).Single(m => m.Groups["name"].Value == name).Groups["sql"].Value;

    public ParquetLakeExporter Exporter(int rowGroupSize = 100_000) => new(new ParquetLakeOptions { Directory = Root, RowGroupSize = rowGroupSize });

    public string PartitionFile(string table, MetricsScope scope, DateOnly day) =>
        Path.Combine(Internal.PartitionWriter<object>.PartitionDirectory(Root, table, scope, day), Internal.PartitionWriter<object>.FileName);

    /// <summary>Runs the documented DuckDB views, then <paramref name="sql"/>; returns the rows.</summary>
    public List<object?[]> Run(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        if (Environment.GetEnvironmentVariable("LAKE_DUCKDB_SETTINGS") is { Length: > 0 } settings)
        {
            Execute(connection, settings);
        }

        var views = ViewsBlock().Match(Docs).Groups["sql"].Value.Replace("'lake/", "'" + Root + "/", StringComparison.Ordinal);
        // DuckDB refuses a view over a glob without files: only the tables this lake has.
        foreach (var view in views.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var table = TableOfView().Match(view).Groups["table"].Value;
            if (Directory.Exists(Path.Combine(Root, "dataset=" + table)))
            {
                Execute(connection, view);
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("'lake/", "'" + Root + "/", StringComparison.Ordinal);
        using var reader = command.ExecuteReader();
        return ReadAll(reader);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static List<object?[]> ReadAll(DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [GeneratedRegex(@"<!-- query: (?<name>[a-z-]+) -->\s*\n```sql\n(?<sql>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex QueryBlock();

    [GeneratedRegex(@"dataset=(?<table>[a-z_]+)/")]
    private static partial Regex TableOfView();

    [GeneratedRegex(@"<!-- duckdb-views -->\s*\n```sql\n(?<sql>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ViewsBlock();
}
