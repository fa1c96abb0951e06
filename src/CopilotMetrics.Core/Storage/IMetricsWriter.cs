using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage;

/// <summary>
/// The writing role of a store: every write stores one whole report-day for one scope, atomically, with replace
/// semantics. Storing a day again replaces it exactly (no duplicates, no leftovers), and a write that fails — a bad
/// record, a cancelled stream, a crash — leaves the previous version of the day intact. The sync engine writes
/// through this role; <see cref="DayRecordValidator"/> holds the checks every implementation applies to the records.
/// </summary>
public interface IMetricsWriter
{
    /// <summary>Replaces the scope's aggregate record for <see cref="AggregateDayRecord.Day"/>.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="record">The day's aggregate record.</param>
    /// <param name="cancellationToken">Cancels the write (the previous version stays).</param>
    /// <returns>What was stored.</returns>
    Task<StoredDay> ReplaceAggregateDayAsync(MetricsScope scope, AggregateDayRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces every per-user row of <paramref name="day"/> with <paramref name="records"/>, consumed as a stream.
    /// A record of another day, or a stream that throws, fails the write and keeps the previous version.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="records">The day's per-user records (one per user; a repeated user id fails the write).</param>
    /// <param name="cancellationToken">Cancels the write (the previous version stays).</param>
    /// <returns>What was stored.</returns>
    Task<StoredDay> ReplaceUserDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Replaces the user-team memberships of <paramref name="day"/>.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="records">The day's (user, team) rows.</param>
    /// <param name="cancellationToken">Cancels the write (the previous version stays).</param>
    /// <returns>What was stored.</returns>
    Task<StoredDay> ReplaceUserTeamDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserTeamRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Replaces the repository rows of <paramref name="day"/>.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="records">The day's repository rows.</param>
    /// <param name="cancellationToken">Cancels the write (the previous version stays).</param>
    /// <returns>What was stored.</returns>
    Task<StoredDay> ReplaceRepositoryDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<RepositoryDayRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Replaces the scope's seat snapshot of <paramref name="day"/>.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day the snapshot was taken (UTC).</param>
    /// <param name="seats">The seats.</param>
    /// <param name="cancellationToken">Cancels the write (the previous snapshot stays).</param>
    /// <returns>What was stored.</returns>
    Task<StoredDay> ReplaceSeatSnapshotAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<CopilotSeat> seats, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the AI-credit usage of <paramref name="day"/> with <paramref name="items"/> (the items of GitHub's
    /// billing report for that day), consumed as a stream: the whole day or nothing, like every dataset.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day (UTC) the items were billed on.</param>
    /// <param name="items">The day's items, one per product, SKU and model; none when nothing was used.</param>
    /// <param name="cancellationToken">Cancels the write (the previous version stays).</param>
    /// <returns>What was stored.</returns>
    Task<StoredDay> ReplaceAiCreditDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<Billing.AiCreditUsageItem> items, CancellationToken cancellationToken = default);

    /// <summary>Deletes every stored row and status of days before <paramref name="before"/> (retention).</summary>
    /// <param name="before">The first day to keep.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>The number of report-days removed.</returns>
    Task<long> PurgeBeforeAsync(DateOnly before, CancellationToken cancellationToken = default);
}
