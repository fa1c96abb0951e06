namespace CopilotMetrics.Reports;

/// <summary>
/// A report file held something that is not a valid record: malformed JSON, a wrong type, a missing required
/// property, or a record longer than <see cref="ReportReaderOptions.MaxRecordBytes"/>. It says where.
/// </summary>
public sealed class ReportFormatException : CopilotMetricsException
{
    internal ReportFormatException(string reason, string? source, long lineNumber, long byteOffset, string excerpt, Exception? innerException)
        : base(BuildMessage(reason, source, lineNumber, byteOffset, excerpt), innerException)
    {
        Reason = reason;
        SourceName = source;
        LineNumber = lineNumber;
        ByteOffset = byteOffset;
        Excerpt = excerpt;
    }

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

    private static string BuildMessage(string reason, string? source, long line, long offset, string excerpt)
    {
        var where = source is null ? $"line {line}" : $"line {line} of '{source}'";
        return $"Malformed report record at {where} (byte offset {offset}): {reason} Excerpt: {excerpt}. " +
               "Check that the file is the report you asked for, or set ReportReaderOptions.MalformedLines to Skip to skip bad lines.";
    }
}
