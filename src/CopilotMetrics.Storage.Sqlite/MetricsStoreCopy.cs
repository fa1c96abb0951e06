using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>
/// Copies what one store holds into another, between any two <see cref="IMetricsStore"/> implementations (a SQLite
/// file into PostgreSQL, PostgreSQL into a new file, …): every stored report-day of every scope, read through the
/// source's raw reads and written through the target's replace methods — the records exactly as stored, so the target
/// reports the same content hashes — then the sync statuses. Streams day by day; never holds more than one day.
/// </summary>
public static class MetricsStoreCopy
{
    private static readonly SyncDataset[] DayDatasets = [SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.UserTeams, SyncDataset.Repositories, SyncDataset.AiCredits];

    /// <summary>Copies the report-days of <paramref name="range"/> (and the latest seat snapshot) from <paramref name="source"/> into <paramref name="target"/>.</summary>
    /// <param name="source">The store read.</param>
    /// <param name="target">The store written (days it already holds are replaced).</param>
    /// <param name="range">The days to copy (GitHub keeps a year: a year ending today covers a store a sync keeps).</param>
    /// <param name="progress">Told of each report-day copied, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between and within days (a day being written stays as it was).</param>
    /// <returns>The report-days copied and the statuses copied.</returns>
    public static async Task<(long ReportDays, long Statuses)> CopyAsync(IMetricsStore source, IMetricsStore target, DateRange range, IProgress<SyncDayKey>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        long days = 0, statuses = 0;
        foreach (var scope in await source.GetScopesAsync(cancellationToken).ConfigureAwait(false))
        {
            var recorded = await source.GetSyncStatusesAsync(scope, range, cancellationToken).ConfigureAwait(false);
            var empty = recorded.Where(static s => s.State == SyncDayState.Empty).Select(static s => (s.Key.Dataset, s.Key.Day)).ToHashSet();
            foreach (var dataset in DayDatasets)
            {
                var missing = (await source.GetMissingDaysAsync(scope, dataset, range, cancellationToken).ConfigureAwait(false)).ToHashSet();
                if (dataset == SyncDataset.Aggregate)
                {
                    await foreach (var record in source.GetAggregateDaysAsync(scope, range, cancellationToken).ConfigureAwait(false))
                    {
                        await target.ReplaceAggregateDayAsync(scope, record, cancellationToken).ConfigureAwait(false);
                        Copied(new SyncDayKey(scope, dataset, record.Day));
                    }

                    continue;
                }

                foreach (var day in range.EachDay())
                {
                    // A day with neither data nor a completed status is not stored; one known empty (GitHub had no
                    // report) is copied as its status only, unless rows were stored for it.
                    if (missing.Contains(day) || (empty.Contains((dataset, day)) && !await HasRowsAsync(source, scope, dataset, day, cancellationToken).ConfigureAwait(false)))
                    {
                        continue;
                    }

                    _ = dataset switch
                    {
                        SyncDataset.Users => await target.ReplaceUserDayAsync(scope, day, source.GetUserDayAsync(scope, day, cancellationToken), cancellationToken).ConfigureAwait(false),
                        SyncDataset.UserTeams => await target.ReplaceUserTeamDayAsync(scope, day, source.GetUserTeamDayAsync(scope, day, cancellationToken), cancellationToken).ConfigureAwait(false),
                        SyncDataset.AiCredits => await target.ReplaceAiCreditDayAsync(scope, day, source.GetAiCreditDayAsync(scope, day, cancellationToken), cancellationToken).ConfigureAwait(false),
                        _ => await target.ReplaceRepositoryDayAsync(scope, day, source.GetRepositoryDayAsync(scope, day, cancellationToken), cancellationToken).ConfigureAwait(false),
                    };
                    Copied(new SyncDayKey(scope, dataset, day));
                }
            }

            if (await source.GetLatestSeatSnapshotAsync(scope, cancellationToken).ConfigureAwait(false) is { } seats)
            {
                await target.ReplaceSeatSnapshotAsync(scope, seats.Day, seats.Seats.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false);
                Copied(new SyncDayKey(scope, SyncDataset.Seats, seats.Day));
            }

            foreach (var status in recorded)
            {
                await target.SetSyncStatusAsync(status, cancellationToken).ConfigureAwait(false);
                statuses++;
            }
        }

        return (days, statuses);

        void Copied(SyncDayKey key)
        {
            days++;
            progress?.Report(key);
        }
    }

    private static async Task<bool> HasRowsAsync(IMetricsReader source, MetricsScope scope, SyncDataset dataset, DateOnly day, CancellationToken cancellationToken)
    {
        var rows = dataset switch
        {
            SyncDataset.Users => AnyAsync(source.GetUserDayAsync(scope, day, cancellationToken)),
            SyncDataset.UserTeams => AnyAsync(source.GetUserTeamDayAsync(scope, day, cancellationToken)),
            SyncDataset.AiCredits => AnyAsync(source.GetAiCreditDayAsync(scope, day, cancellationToken)),
            _ => AnyAsync(source.GetRepositoryDayAsync(scope, day, cancellationToken)),
        };
        return await rows.ConfigureAwait(false);
    }

    private static async Task<bool> AnyAsync<T>(IAsyncEnumerable<T> records)
    {
        await foreach (var _ in records.ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }
}
