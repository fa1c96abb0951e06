using CopilotMetrics.Reports;

namespace CopilotMetrics.Samples.Console.Reporting;

/// <summary>A summarised report file, ready to render.</summary>
/// <param name="FileName">The file's name (as shown).</param>
/// <param name="Summary">What the file holds.</param>
/// <param name="Statistics">What the reader saw: lines, bytes, skipped lines.</param>
public sealed record SummarizedFile(string FileName, ReportSummary Summary, ReportReadStatistics Statistics)
{
    /// <summary>The file's size on disk, when known.</summary>
    public long? FileBytes { get; init; }

    /// <summary>The file was gzip-compressed.</summary>
    public bool Compressed { get; init; }

    /// <summary>The kind came from the first record rather than <c>--kind</c>.</summary>
    public bool KindDetected { get; init; }

    /// <summary>Malformed lines were skipped rather than fatal.</summary>
    public bool SkipBadLines { get; init; }

    /// <summary>How long the read took.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>The read was cancelled: the numbers are partial.</summary>
    public bool Cancelled { get; init; }
}
