using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The stored records read back losslessly: the aggregate days' JSON and the chunks of the per-row datasets.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public IAsyncEnumerable<AggregateDayRecord> GetAggregateDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadAggregatesAsync(scope, range, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserDayRecord> GetUserDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<UserDayRecord>(scope, SyncDataset.Users, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserTeamRecord> GetUserTeamDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<UserTeamRecord>(scope, SyncDataset.UserTeams, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RepositoryDayRecord> GetRepositoryDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<RepositoryDayRecord>(scope, SyncDataset.Repositories, day, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return null;
            }

            DateOnly? day = null;
            var seats = new List<CopilotSeat>();
            using var command = Command(
                $"""
                SELECT r.day, c.data
                FROM (SELECT max(day) AS day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $2) AS r
                LEFT JOIN {_q}.raw_chunks c ON c.scope_id = $1 AND c.dataset = $2 AND c.day = r.day
                WHERE r.day IS NOT NULL
                ORDER BY c.chunk
                """,
                connection,
                null,
                P(scopeId),
                P((short)SyncDataset.Seats));
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    day = reader.GetFieldValue<DateOnly>(0);
                    if (!await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false))
                    {
                        AddRecords(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false), seats);
                    }
                }
            }

            return day is { } d ? new SeatSnapshot(d, seats) : null;
        }
    }

    /// <summary>Adds the records of one compressed chunk of the lossless copy to <paramref name="into"/>, in stored order.</summary>
    private static void AddRecords<T>(byte[] chunk, List<T> into)
        where T : ReportObject
    {
        using var lines = LineReader.Open(chunk);
        while (lines.TryReadLine(out var line))
        {
            into.Add(ReportJson.Deserialize<T>(line.Span));
        }
    }

    private async IAsyncEnumerable<AggregateDayRecord> ReadAggregatesAsync(MetricsScope scope, DateRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                yield break;
            }

            using var command = Command($"SELECT record FROM {_q}.aggregate_days WHERE scope_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day", connection, null, P(scopeId), Day(range.From), Day(range.To));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return ReportJson.Deserialize<AggregateDayRecord>(Encoding.UTF8.GetBytes(reader.GetString(0)));
                }
            }
        }
    }

    /// <summary>Streams a day's lossless copy, chunk by chunk (one statement, so one consistent version of the day).</summary>
    private async IAsyncEnumerable<T> ReadRawAsync<T>(MetricsScope scope, SyncDataset dataset, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : ReportObject
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                yield break;
            }

            using var command = Command(
                $"SELECT data FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $2 AND day = $3 ORDER BY chunk",
                connection,
                null,
                P(scopeId),
                P((short)dataset),
                Day(day));
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var data = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                    using var lines = LineReader.Open(data);
                    while (lines.TryReadLine(out var line))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return ReportJson.Deserialize<T>(line.Span);
                    }
                }
            }
        }
    }
}
