using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage;

/// <summary>
/// The reading role of a store: the stored records exactly as they were written, and the queries dashboards need
/// (daily series, breakdowns, per-user totals, team metrics, rolling active users, seats, missing days). The web
/// API, the CLI's queries and <see cref="Legacy.LegacyMetricsProjection"/> read through this role.
/// </summary>
public interface IMetricsReader
{
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
    /// The stored repository rows of the range, typed: one per (day, stored row), ordered by day, then in stored order.
    /// Absent values stay <see langword="null"/> (see <see cref="RepositoryDayRow"/>), never 0.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<RepositoryDayRow>> GetRepositoryRowsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

    /// <summary>The stored AI-credit usage items of one day, in stored order, exactly as stored (unknown fields included).</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items; none when the day is not stored or had no usage.</returns>
    IAsyncEnumerable<Billing.AiCreditUsageItem> GetAiCreditDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>The stored AI-credit days of the range, ordered by day: one per stored day, also when it had no usage.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The days.</returns>
    Task<IReadOnlyList<AiCreditDay>> GetAiCreditDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Distinct users of each surface (<see cref="SurfaceKeys"/>) from the per-user rows: per stored per-user day of the
    /// range, and over the whole range (<see cref="SurfaceUserCount.Day"/> <see langword="null"/>; recomputed, never
    /// summed). Each day also has a <see cref="SurfaceKeys.Active"/> row (users with a row). With
    /// <paramref name="teamId"/>, only the team's members of each day count (the day's membership joined to the same
    /// day's rows), and each day the team has members also has a <see cref="SurfaceKeys.Members"/> row. Only counts
    /// above zero are listed. Ordered by day (the range rows last), then surface (ordinal).
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="teamId">A team id, or <see langword="null"/> for the whole scope.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    Task<IReadOnlyList<SurfaceUserCount>> GetSurfaceUsersAsync(MetricsScope scope, DateRange range, long? teamId, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// The properties no record type models (schema drift) that the stored sync statuses of the scope name
    /// (<see cref="SyncDayStatus.UnknownProperties"/>): one per dataset and path, with the first and last day seen, ordered
    /// by path (ordinal) and dataset.
    /// </summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sightings; empty when no status names one.</returns>
    Task<IReadOnlyList<UnknownPropertySighting>> GetUnknownPropertiesAsync(MetricsScope scope, CancellationToken cancellationToken = default);
}
