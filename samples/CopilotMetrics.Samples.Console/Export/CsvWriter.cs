using System.Globalization;

namespace CopilotMetrics.Samples.Console.Export;

/// <summary>
/// A small RFC 4180 CSV writer: fields separated by commas, rows ended by CRLF; a field holding a comma, a quote, a
/// CR or LF, or leading/trailing spaces is quoted, with its quotes doubled. Numbers use the invariant culture.
/// Writes straight through to the <see cref="TextWriter"/>: nothing is collected.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    private readonly TextWriter _writer = writer ?? throw new ArgumentNullException(nameof(writer));
    private bool _rowStarted;

    /// <summary>Rows ended so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes a text field.</summary>
    /// <param name="value">The text; <see langword="null"/> is an empty field.</param>
    public void Field(string? value)
    {
        if (_rowStarted)
        {
            _writer.Write(',');
        }

        _rowStarted = true;
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (NeedsQuotes(value))
        {
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }
        else
        {
            _writer.Write(value);
        }
    }

    /// <summary>Writes a whole number.</summary>
    /// <param name="value">The number.</param>
    public void Field(long value) => Field(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes an optional number (empty when absent).</summary>
    /// <param name="value">The number.</param>
    public void Field(double? value) => Field(value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Writes true or false.</summary>
    /// <param name="value">The flag.</param>
    public void Field(bool value) => Field(value ? "true" : "false");

    /// <summary>Writes a day as YYYY-MM-DD.</summary>
    /// <param name="value">The day.</param>
    public void Field(DateOnly value) => Field(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Writes a header or any row of text fields and ends it.</summary>
    /// <param name="fields">The fields.</param>
    public void Row(params ReadOnlySpan<string> fields)
    {
        foreach (var field in fields)
        {
            Field(field);
        }

        EndRow();
    }

    /// <summary>Ends the row.</summary>
    public void EndRow()
    {
        _writer.Write("\r\n");
        _rowStarted = false;
        Rows++;
    }

    private static bool NeedsQuotes(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
}
