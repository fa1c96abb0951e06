namespace CopilotMetrics.Reports;

/// <summary>What the reader does with a record it cannot parse.</summary>
public enum MalformedLineHandling
{
    /// <summary>Throw a <see cref="ReportFormatException"/> after yielding every good record before it (the default).</summary>
    Throw = 0,

    /// <summary>Skip the bad line, count it in <see cref="ReportReadStatistics"/> and go on with the next one.</summary>
    Skip = 1,
}
