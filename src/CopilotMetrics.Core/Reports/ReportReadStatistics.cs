namespace CopilotMetrics.Reports;

/// <summary>
/// Counts what a read saw. Pass one instance to several reads (for example every file of one report) to add them up.
/// Not thread-safe: give each concurrent read its own.
/// </summary>
public sealed class ReportReadStatistics
{
    private readonly List<ReportFormatException> _skipped = [];

    /// <summary>The most skipped-line errors kept in <see cref="SkippedLineErrors"/>; the count goes on past it.</summary>
    public const int MaxKeptErrors = 100;

    /// <summary>A name for the file being read (a file name or a URL path, never a signed query string), quoted in errors.</summary>
    public string? SourceName { get; set; }

    /// <summary>Records yielded.</summary>
    public long Records { get; internal set; }

    /// <summary>Lines read, counted by line feeds (a last line without one counts too).</summary>
    public long Lines { get; internal set; }

    /// <summary>Bytes read from the streams.</summary>
    public long BytesRead { get; internal set; }

    /// <summary>Malformed lines skipped under <see cref="MalformedLineHandling.Skip"/>.</summary>
    public long SkippedLines { get; internal set; }

    /// <summary>The first <see cref="MaxKeptErrors"/> skipped lines, with line numbers and reasons.</summary>
    public IReadOnlyList<ReportFormatException> SkippedLineErrors => _skipped;

    internal void AddSkipped(ReportFormatException error)
    {
        SkippedLines++;
        if (_skipped.Count < MaxKeptErrors)
        {
            _skipped.Add(error);
        }
    }
}
