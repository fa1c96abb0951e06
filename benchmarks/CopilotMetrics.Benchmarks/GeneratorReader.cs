using System.Runtime.CompilerServices;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// A store's raw reads served by the generator on the fly: what an export reads, without a store's memory in the
/// measurement. The queries are not served.
/// </summary>
internal sealed class GeneratorReader(ReportDataGenerator generator, DateRange stored) : IMetricsReader
{
    public Task<IReadOnlyList<MetricsScope>> GetScopesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public async IAsyncEnumerable<AggregateDayRecord> GetAggregateDaysAsync(MetricsScope scope, DateRange range, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var day in range.EachDay().Where(stored.Contains))
        {
            yield return generator.GenerateAggregate(day);
        }
    }

    public IAsyncEnumerable<UserDayRecord> GetUserDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default) =>
        (stored.Contains(day) ? generator.GenerateUsers(day) : []).ToAsyncEnumerable();

    public IAsyncEnumerable<UserTeamRecord> GetUserTeamDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default) =>
        (stored.Contains(day) ? generator.GenerateUserTeams(day) : []).ToAsyncEnumerable();

    public IAsyncEnumerable<RepositoryDayRecord> GetRepositoryDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default) =>
        AsyncEnumerable.Empty<RepositoryDayRecord>();

    public Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<BreakdownRow>> GetBreakdownAsync(MetricsScope scope, DateRange range, BreakdownDimension dimension, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<UserTotalsPage> GetUserTotalsAsync(MetricsScope scope, DateRange range, UserTotalsQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<SurfaceUserCount>> GetSurfaceUsersAsync(MetricsScope scope, DateRange range, long? teamId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default) => Task.FromResult<SeatSnapshot?>(null);

    public Task<IReadOnlyList<SeatHistoryPoint>> GetSeatHistoryAsync(MetricsScope scope, DateRange range, int activeWithinDays, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<DateOnly>> GetMissingDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<UnknownPropertySighting>> GetUnknownPropertiesAsync(MetricsScope scope, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<Billing.AiCreditUsageItem> GetAiCreditDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default) =>
        AsyncEnumerable.Empty<Billing.AiCreditUsageItem>();

    public Task<IReadOnlyList<AiCreditDay>> GetAiCreditDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<RepositoryDayRow>> GetRepositoryRowsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
