using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync;

/// <summary>A report-day that failed.</summary>
/// <param name="Key">The report-day.</param>
/// <param name="Error">Why.</param>
/// <param name="Attempts">Attempts so far.</param>
public sealed record SyncFailure(SyncDayKey Key, string Error, int Attempts);
