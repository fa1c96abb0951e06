namespace CopilotMetrics.Reports;

/// <summary>A top-level record read from a report file.</summary>
public interface IReportRecord
{
    /// <summary>
    /// The record's JSON exactly as it was read, when <see cref="ReportReaderOptions.RetainRawJson"/> was set;
    /// otherwise empty. A store can keep these bytes to stay lossless.
    /// </summary>
    ReadOnlyMemory<byte> RawJson { get; }
}
