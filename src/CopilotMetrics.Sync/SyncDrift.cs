using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync;

/// <summary>
/// A property no record type models, read while syncing a report-day: GitHub added a field this version does not type.
/// It is kept losslessly (<see cref="Reports.ReportObject.AdditionalProperties"/>), and named in the day's stored status.
/// </summary>
/// <param name="Key">The report-day.</param>
/// <param name="Path">The property's path in a record (<c>totals_by_x</c>, <c>totals_by_ide[].new_field</c>).</param>
/// <param name="Count">How many objects of the day's report carried it.</param>
public sealed record SyncDrift(SyncDayKey Key, string Path, long Count);
