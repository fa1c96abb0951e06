namespace CopilotMetrics.Reports;

/// <summary>
/// A report file held something that is not a valid record: malformed JSON, a wrong type, a missing required
/// property, a negative count, a record of another report (<see cref="FoundReportType"/>), or a record longer than
/// <see cref="ReportReaderOptions.MaxRecordBytes"/>. It says where.
/// </summary>
public sealed class ReportFormatException : CopilotMetricsException
{
    internal ReportFormatException(string reason, string? source, long lineNumber, long byteOffset, string excerpt, Exception? innerException, ReportType? foundReportType = null)
        : base(BuildMessage(reason, source, lineNumber, byteOffset, excerpt, foundReportType), innerException)
    {
        FoundReportType = foundReportType;
        Reason = reason;
        SourceName = source;
        LineNumber = lineNumber;
        ByteOffset = byteOffset;
        Excerpt = excerpt;
    }

    /// <summary>
    /// When the record is of another report than the one being read (a per-user row handed to the aggregate reader, a
    /// user-teams row handed to the per-user reader, …): the report it looks like, judged from its identifying keys.
    /// <see langword="null"/> for every other error. Such an error is never skipped.
    /// </summary>
    public ReportType? FoundReportType { get; }

    /// <summary>What is wrong with the record, without the location.</summary>
    public string Reason { get; }

    /// <summary>The file the record came from, when the caller named it (<see cref="ReportReadStatistics.SourceName"/>).</summary>
    public string? SourceName { get; }

    /// <summary>The 1-based line number on which the bad record starts.</summary>
    public long LineNumber { get; }

    /// <summary>The 0-based byte offset in the file (after any byte order mark counts too) where the problem was found.</summary>
    public long ByteOffset { get; }

    /// <summary>The start of the bad line (at most 80 characters, control characters escaped).</summary>
    public string Excerpt { get; }

    private static string BuildMessage(string reason, string? source, long line, long offset, string excerpt, ReportType? found)
    {
        var where = source is null ? $"line {line}" : $"line {line} of '{source}'";
        return found is null
            ? $"Malformed report record at {where} (byte offset {offset}): {reason} Excerpt: {excerpt}. " +
              "Check that the file is the report you asked for, or set ReportReaderOptions.MalformedLines to Skip to skip bad lines."
            : $"Wrong report at {where} (byte offset {offset}): {reason} Excerpt: {excerpt}. " +
              $"Read it with the reader for {found} reports (ReportReader), or ask GitHub for the report this reader reads.";
    }
}
