namespace CopilotMetrics.Storage;

/// <summary>
/// The sync bookkeeping role of a store: the status of every report-day (stored, empty, failed with its reason and
/// retry time) and the claims by which several sync instances sharing one store avoid fetching a day twice.
/// </summary>
public interface ISyncStateStore
{
    /// <summary>The sync status of one report-day, or <see langword="null"/> if none was recorded.</summary>
    /// <param name="key">The report-day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    Task<SyncDayStatus?> GetSyncStatusAsync(SyncDayKey key, CancellationToken cancellationToken = default);

    /// <summary>Every recorded sync status of the scope in the range, ordered by dataset and day.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statuses.</returns>
    Task<IReadOnlyList<SyncDayStatus>> GetSyncStatusesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>Records (inserts or replaces) the sync status of a report-day.</summary>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task SetSyncStatusAsync(SyncDayStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a report-day for one worker until <paramref name="now"/> + <paramref name="duration"/>, unless another
    /// owner holds an unexpired claim. Many instances sharing one store use this so that no day is fetched twice at once.
    /// </summary>
    /// <param name="key">The report-day.</param>
    /// <param name="owner">The worker's id.</param>
    /// <param name="now">The current time.</param>
    /// <param name="duration">How long the claim lasts unless renewed or released.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns><see langword="true"/> when this owner now holds the claim.</returns>
    Task<bool> TryClaimAsync(SyncDayKey key, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Releases a claim held by <paramref name="owner"/> (no-op otherwise).</summary>
    /// <param name="key">The report-day.</param>
    /// <param name="owner">The worker's id.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task.</returns>
    Task ReleaseClaimAsync(SyncDayKey key, string owner, CancellationToken cancellationToken = default);
}
