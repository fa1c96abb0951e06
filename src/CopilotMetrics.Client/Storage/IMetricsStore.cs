using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage;

/// <summary>
/// Where CopilotMetrics keeps what it downloads, and the queries dashboards need. Every write stores one whole
/// report-day for one scope, atomically, with replace semantics: storing a day again replaces it exactly (no
/// duplicates, no leftovers), and a write that fails — a bad record, a cancelled stream, a crash — leaves the
/// previous version of the day intact. Implementations: <c>CopilotMetrics.Storage.InMemory</c> and
/// <c>CopilotMetrics.Storage.Postgres</c>; both pass the same conformance suite.
/// </summary>
public interface IMetricsStore
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

    /// <summary>Deletes every stored row and status of days before <paramref name="before"/> (retention).</summary>
    /// <param name="before">The first day to keep.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>The number of report-days removed.</returns>
    Task<long> PurgeBeforeAsync(DateOnly before, CancellationToken cancellationToken = default);

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

    /// <summary>The scopes that have any stored data or status.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scopes, ordered by their text form.</returns>
    Task<IReadOnlyList<MetricsScope>> GetScopesAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored aggregate records of the range, ordered by day, exactly as stored (unknown fields included).</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<AggregateDayRecord> GetAggregateDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>The stored per-user records of one day, ordered by user id, exactly as stored.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<UserDayRecord> GetUserDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>The stored user-team rows of one day, ordered by team id then user id.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<UserTeamRecord> GetUserTeamDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>The stored repository rows of one day, in stored order.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<RepositoryDayRecord> GetRepositoryDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>
    /// The daily series of the range from the aggregate records: one point per stored day, ordered by day.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The series.</returns>
    Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>
    /// Totals over the range by one dimension: the counters are sums of the aggregate records' <c>totals_by_*</c>
    /// rows; <see cref="BreakdownRow.ActiveUsers"/> is the number of distinct users with a per-user row for that key
    /// in the range (recomputed, never summed). Ordered by generations, descending, then key.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="dimension">IDE, feature, language or model.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<BreakdownRow>> GetBreakdownAsync(MetricsScope scope, DateRange range, BreakdownDimension dimension, CancellationToken cancellationToken = default);

    /// <summary>Per-user totals over the range from the per-user rows, sorted and paged.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="query">Sort and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page, with the total number of users.</returns>
    Task<UserTotalsPage> GetUserTotalsAsync(MetricsScope scope, DateRange range, UserTotalsQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Team metrics over the range, built the documented way: each day's user-team membership joined to the same
    /// day's per-user rows; counters summed over the joined user-days; distinct users recomputed over the range
    /// (never summed); a user in several teams counts in each. Ordered by team slug.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per team that had members in the range.</returns>
    Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>
    /// Active users per day recomputed from the per-user rows: distinct users that day, over the 7 days and over the
    /// 28 days ending that day (windows reach before the range start). One point per day of the range.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The points, ordered by day.</returns>
    Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>Distinct users per day and per key of each dimension, from the per-user rows (for the legacy projection).</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, ordered by day, dimension and key.</returns>
    Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>The latest seat snapshot, or <see langword="null"/>.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default);

    /// <summary>Seat counts per stored snapshot in the range.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="activeWithinDays">A seat is active when its last activity is within this many days before the snapshot day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The points, ordered by day.</returns>
    Task<IReadOnlyList<SeatHistoryPoint>> GetSeatHistoryAsync(MetricsScope scope, DateRange range, int activeWithinDays, CancellationToken cancellationToken = default);

    /// <summary>The days of the range whose dataset has neither stored data nor a completed or empty status.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The missing days, ascending.</returns>
    Task<IReadOnlyList<DateOnly>> GetMissingDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken = default);
}
