using CopilotMetrics.Export.Parquet.Internal;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CopilotMetrics.Export.Parquet;

/// <summary>
/// Writes what a store holds as Parquet files in a Hive-partitioned lake:
/// <c>dataset=NAME/scope=KIND_NAME/day=YYYY-MM-DD/part-0.parquet</c>, one documented schema per table (docs/parquet.md),
/// nested breakdowns as child tables keyed by scope, day and user or repository. Records are streamed from the store's
/// raw reads into row groups of bounded size, never a whole range in memory. Each table's day is written beside its file
/// and renamed over it, so a reader sees the old day or the new one, never part of one, and exporting again gives the same
/// lake; a day the store has no rows for is removed from the lake.
/// </summary>
public sealed class ParquetLakeExporter
{
    private readonly string _root;
    private readonly int _rowGroupSize;
    private readonly int _parallelism;
    private readonly ILogger _logger;

    /// <summary>Creates the exporter.</summary>
    /// <param name="options">Where the lake is.</param>
    /// <param name="logger">Logging; optional.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ParquetLakeExporter(ParquetLakeOptions options, ILogger<ParquetLakeExporter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _root = Path.GetFullPath(options.Directory);
        _rowGroupSize = options.RowGroupSize;
        _parallelism = options.MaxParallelDays;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The lake's root folder (absolute).</summary>
    public string Directory => _root;

    /// <summary>
    /// Exports every dataset of the range day by day, <see cref="ParquetLakeOptions.MaxParallelDays"/> days at once: each
    /// day's aggregate, users, user-teams, repositories and AI credits (the aggregate is read a day at a time, so its
    /// days are written in parallel too); then the latest
    /// seat snapshot when its day is in the range (a store keeps no older snapshots to read).
    /// </summary>
    /// <param name="reader">The store.</param>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="range">The days.</param>
    /// <param name="cancellationToken">Cancels the export; a day in progress is left as it was.</param>
    /// <returns>What was written.</returns>
    public async Task<ParquetExportResult> ExportAsync(IMetricsReader reader, MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var results = new ParquetExportResult[range.Days];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, range.Days), parallel, async (i, token) =>
        {
            var day = range.From.AddDays(i);
            results[i] = await AggregateAsync(reader, scope, new DateRange(day, day), token).ConfigureAwait(false)
                + await UsersDayAsync(reader, scope, day, token).ConfigureAwait(false)
                + await UserTeamsDayAsync(reader, scope, day, token).ConfigureAwait(false)
                + await RepositoriesDayAsync(reader, scope, day, token).ConfigureAwait(false)
                + await AiCreditsDayAsync(reader, scope, day, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var result = results.Aggregate(new ParquetExportResult(), static (a, b) => a + b);

        if (await reader.GetLatestSeatSnapshotAsync(scope, cancellationToken).ConfigureAwait(false) is { } seats && range.Contains(seats.Day))
        {
            result += await SeatsAsync(scope, seats, cancellationToken).ConfigureAwait(false);
        }

        Log.Exported(_logger, scope.ToString(), range.ToString(), result.Partitions, result.Rows, result.Bytes);
        return result;
    }

    /// <summary>Exports one dataset's day as the store holds it now (what the sync's sink calls after storing the day).</summary>
    /// <param name="reader">The store.</param>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the export; the day is left as it was.</param>
    /// <returns>What was written.</returns>
    public async Task<ParquetExportResult> ExportDayAsync(IMetricsReader reader, MetricsScope scope, SyncDataset dataset, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        switch (dataset)
        {
            case SyncDataset.Aggregate:
                return await AggregateAsync(reader, scope, new DateRange(day, day), cancellationToken).ConfigureAwait(false);
            case SyncDataset.Users:
                return await UsersDayAsync(reader, scope, day, cancellationToken).ConfigureAwait(false);
            case SyncDataset.UserTeams:
                return await UserTeamsDayAsync(reader, scope, day, cancellationToken).ConfigureAwait(false);
            case SyncDataset.Repositories:
                return await RepositoriesDayAsync(reader, scope, day, cancellationToken).ConfigureAwait(false);
            case SyncDataset.AiCredits:
                return await AiCreditsDayAsync(reader, scope, day, cancellationToken).ConfigureAwait(false);
            case SyncDataset.Seats:
                var seats = await reader.GetLatestSeatSnapshotAsync(scope, cancellationToken).ConfigureAwait(false);
                return seats is not null && seats.Day == day
                    ? await SeatsAsync(scope, seats, cancellationToken).ConfigureAwait(false)
                    : new ParquetExportResult();
            default:
                throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "Not a dataset this exporter knows.");
        }
    }

    private async Task<ParquetExportResult> AggregateAsync(IMetricsReader reader, MetricsScope scope, DateRange range, CancellationToken cancellationToken)
    {
        var result = new ParquetExportResult();
        var seen = new HashSet<DateOnly>();
        await foreach (var record in reader.GetAggregateDaysAsync(scope, range, cancellationToken).ConfigureAwait(false))
        {
            if (seen.Add(record.Day))
            {
                result += await AggregateDayAsync(scope, record.Day, record, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var day in range.EachDay())
        {
            if (!seen.Contains(day))
            {
                result += await AggregateDayAsync(scope, day, null, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private async Task<ParquetExportResult> AggregateDayAsync(MetricsScope scope, DateOnly day, AggregateDayRecord? record, CancellationToken cancellationToken)
    {
        var group = new PartitionGroup(_root, scope, day, _rowGroupSize);
        await using (group.ConfigureAwait(false))
        {
            var days = group.Add(LakeTables.AggregateDays);
            var ides = group.Add(LakeTables.AggregateByIde);
            var features = group.Add(LakeTables.AggregateByFeature);
            var languageFeatures = group.Add(LakeTables.AggregateByLanguageFeature);
            var languageModels = group.Add(LakeTables.AggregateByLanguageModel);
            var modelFeatures = group.Add(LakeTables.AggregateByModelFeature);
            if (record is not null)
            {
                await days.AddAsync(record, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(ides, 0, record.TotalsByIde, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(features, 0, record.TotalsByFeature, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(languageFeatures, 0, record.TotalsByLanguageFeature, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(languageModels, 0, record.TotalsByLanguageModel, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(modelFeatures, 0, record.TotalsByModelFeature, cancellationToken).ConfigureAwait(false);
            }

            return await group.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ParquetExportResult> UsersDayAsync(IMetricsReader reader, MetricsScope scope, DateOnly day, CancellationToken cancellationToken)
    {
        var group = new PartitionGroup(_root, scope, day, _rowGroupSize);
        await using (group.ConfigureAwait(false))
        {
            var users = group.Add(LakeTables.Users);
            var ides = group.Add(LakeTables.UsersByIde);
            var features = group.Add(LakeTables.UsersByFeature);
            var languageFeatures = group.Add(LakeTables.UsersByLanguageFeature);
            var languageModels = group.Add(LakeTables.UsersByLanguageModel);
            var modelFeatures = group.Add(LakeTables.UsersByModelFeature);
            await foreach (var record in reader.GetUserDayAsync(scope, day, cancellationToken).ConfigureAwait(false))
            {
                await users.AddAsync(record, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(ides, record.UserId, record.TotalsByIde, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(features, record.UserId, record.TotalsByFeature, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(languageFeatures, record.UserId, record.TotalsByLanguageFeature, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(languageModels, record.UserId, record.TotalsByLanguageModel, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(modelFeatures, record.UserId, record.TotalsByModelFeature, cancellationToken).ConfigureAwait(false);
            }

            return await group.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ParquetExportResult> UserTeamsDayAsync(IMetricsReader reader, MetricsScope scope, DateOnly day, CancellationToken cancellationToken)
    {
        var group = new PartitionGroup(_root, scope, day, _rowGroupSize);
        await using (group.ConfigureAwait(false))
        {
            var teams = group.Add(LakeTables.UserTeams);
            await foreach (var record in reader.GetUserTeamDayAsync(scope, day, cancellationToken).ConfigureAwait(false))
            {
                await teams.AddAsync(record, cancellationToken).ConfigureAwait(false);
            }

            return await group.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ParquetExportResult> RepositoriesDayAsync(IMetricsReader reader, MetricsScope scope, DateOnly day, CancellationToken cancellationToken)
    {
        var group = new PartitionGroup(_root, scope, day, _rowGroupSize);
        await using (group.ConfigureAwait(false))
        {
            var repositories = group.Add(LakeTables.Repositories);
            var reviewTimes = group.Add(LakeTables.RepositoryReviewTimes);
            await foreach (var record in reader.GetRepositoryDayAsync(scope, day, cancellationToken).ConfigureAwait(false))
            {
                await repositories.AddAsync(record, cancellationToken).ConfigureAwait(false);
                if (record.PullRequestReviewTimes is { } times)
                {
                    await AddAllAsync(reviewTimes, record.RepositoryId ?? 0, times, cancellationToken).ConfigureAwait(false);
                }
            }

            return await group.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ParquetExportResult> AiCreditsDayAsync(IMetricsReader reader, MetricsScope scope, DateOnly day, CancellationToken cancellationToken)
    {
        var group = new PartitionGroup(_root, scope, day, _rowGroupSize);
        await using (group.ConfigureAwait(false))
        {
            var credits = group.Add(LakeTables.AiCredits);
            await foreach (var item in reader.GetAiCreditDayAsync(scope, day, cancellationToken).ConfigureAwait(false))
            {
                await credits.AddAsync(item, cancellationToken).ConfigureAwait(false);
            }

            return await group.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ParquetExportResult> SeatsAsync(MetricsScope scope, SeatSnapshot snapshot, CancellationToken cancellationToken)
    {
        var group = new PartitionGroup(_root, scope, snapshot.Day, _rowGroupSize);
        await using (group.ConfigureAwait(false))
        {
            var seats = group.Add(LakeTables.Seats);
            foreach (var seat in snapshot.Seats)
            {
                await seats.AddAsync(seat, cancellationToken).ConfigureAwait(false);
            }

            return await group.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask AddAllAsync<T>(PartitionWriter<Child<T>> writer, long owner, IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        for (var i = 0; i < items.Count; i++)
        {
            await writer.AddAsync(new Child<T>(owner, items[i]), cancellationToken).ConfigureAwait(false);
        }
    }
}
