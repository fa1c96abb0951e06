using System.Globalization;
using System.Text;

namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>The tables' columns as the Markdown of docs/parquet.md (a test keeps the two equal).</summary>
internal static class LakeDocs
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        foreach (var table in LakeTables.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"### `{table.Name}` (schema version {table.Version})\n\n{table.Description}\n\n");
            text.Append("| Column | Type | Meaning |\n|---|---|---|\n");
            foreach (var (name, type, description) in table.Describe())
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{name}` | {type} | {description} |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
