namespace CopilotMetrics.Reports.Internal;

/// <summary>Turns one complete JSON value into records (a 28-day wrapper gives many).</summary>
internal abstract class RecordParser<T>
    where T : class
{
    /// <summary>Parses <paramref name="json"/> and adds its records to <paramref name="output"/>; throws on bad input.</summary>
    public abstract void Parse(ReadOnlySpan<byte> json, bool retainRawJson, List<T> output);
}
