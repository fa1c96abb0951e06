using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync;

/// <summary>Progress of a run, for progress bars.</summary>
/// <param name="DaysDone">Report-days finished (stored, empty, skipped or failed).</param>
/// <param name="DaysTotal">Report-days planned.</param>
/// <param name="Rows">Rows stored so far.</param>
/// <param name="Bytes">Bytes read so far.</param>
/// <param name="Failed">Report-days failed so far.</param>
/// <param name="Estimated">Estimated time left; <see langword="null"/> until something is done.</param>
/// <param name="Current">The report-day just finished.</param>
public sealed record SyncProgress(int DaysDone, int DaysTotal, long Rows, long Bytes, int Failed, TimeSpan? Estimated, SyncDayKey? Current);
