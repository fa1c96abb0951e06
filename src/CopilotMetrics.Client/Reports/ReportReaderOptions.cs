namespace CopilotMetrics.Reports;

/// <summary>What the reader does with a record it cannot parse.</summary>
public enum MalformedLineHandling
{
    /// <summary>Throw a <see cref="ReportFormatException"/> after yielding every good record before it (the default).</summary>
    Throw = 0,

    /// <summary>Skip the bad line, count it in <see cref="ReportReadStatistics"/> and go on with the next one.</summary>
    Skip = 1,
}

/// <summary>Options of <see cref="ReportReader"/>.</summary>
public sealed class ReportReaderOptions
{
    /// <summary>The default options.</summary>
    public static ReportReaderOptions Default { get; } = new();

    /// <summary>
    /// The largest record (one NDJSON line, or one multi-line JSON value) accepted, in bytes. A longer one is a
    /// <see cref="ReportFormatException"/> instead of unbounded buffering. Default 16 MiB; a whole 28-day
    /// aggregate report is one record.
    /// </summary>
    public int MaxRecordBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>What to do with a malformed line. Default <see cref="MalformedLineHandling.Throw"/>.</summary>
    public MalformedLineHandling MalformedLines { get; set; } = MalformedLineHandling.Throw;

    /// <summary>
    /// Keep each record's original bytes in <see cref="IReportRecord.RawJson"/>. Off by default: it costs one
    /// copy of the record.
    /// </summary>
    public bool RetainRawJson { get; set; }

    /// <summary>The size of the buffer the reader starts with (grown up to <see cref="MaxRecordBytes"/> as needed). Default 64 KiB.</summary>
    public int BufferSize { get; set; } = 64 * 1024;

    internal void Validate()
    {
        if (MaxRecordBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "MaxRecordBytes must be at least 1024.");
        }

        if (BufferSize < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "BufferSize must be at least 16.");
        }

        if (!Enum.IsDefined(MalformedLines))
        {
            throw new ArgumentOutOfRangeException(nameof(MalformedLines), MalformedLines, "Unknown MalformedLineHandling value.");
        }
    }
}

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
