namespace CopilotMetrics.Reports.Internal;

/// <summary>Turns one complete JSON value into records (a 28-day wrapper gives many).</summary>
internal abstract class RecordParser<T>(string expected, params ReportType[] accepted)
    where T : class
{
    /// <summary>What this parser reads, for error messages (<c>a per-user record</c>).</summary>
    public string Expected { get; } = expected;

    /// <summary>Receives the unknown properties of each record parsed; <see langword="null"/> when nobody counts them.</summary>
    public ReportReadStatistics? Statistics { get; set; }

    /// <summary>Parses <paramref name="json"/> and adds its records to <paramref name="output"/>; throws on bad input.</summary>
    public abstract void Parse(ReadOnlySpan<byte> json, bool retainRawJson, List<T> output);

    /// <summary>
    /// Throws when <paramref name="json"/> looks like a record of a report this parser does not read. Called on a failure,
    /// or when a record's unknown properties include another report's keys.
    /// </summary>
    protected void ThrowIfOtherReport(ReadOnlySpan<byte> json)
    {
        if (ReportShape.Detect(json) is { } found && Array.IndexOf(accepted, found) < 0)
        {
            throw ReportShape.Mismatch(found, Expected);
        }
    }
}
