using System.Runtime.CompilerServices;
using CopilotMetrics.Billing;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Sqlite.Internal;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>
/// The stored records, read back from the lossless copy: the compressed chunks of the requested days are read in one
/// statement (one snapshot), the connection goes back to the pool, and the records are decompressed and parsed as the
/// caller enumerates.
/// </summary>
public sealed partial class SqliteMetricsStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<MetricsScope>> GetScopesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<MetricsScope>>(db =>
        {
            using var reader = db.Reader(
                """
                SELECT kind, name FROM scopes s
                WHERE EXISTS (SELECT 1 FROM report_days r WHERE r.scope_id = s.scope_id)
                   OR EXISTS (SELECT 1 FROM sync_status t WHERE t.scope_id = s.scope_id AND t.state IS NOT NULL)
                """);
            var scopes = new List<MetricsScope>();
            while (reader.Read())
            {
                scopes.Add(new MetricsScope((ScopeKind)reader.GetInt32(0), reader.GetString(1)));
            }

            return [.. scopes.OrderBy(static s => s.ToString(), StringComparer.Ordinal)];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AggregateDayRecord> GetAggregateDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRecords<AggregateDayRecord>(scope, SyncDataset.Aggregate, range.From, range.To, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserDayRecord> GetUserDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRecords<UserDayRecord>(scope, SyncDataset.Users, day, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserTeamRecord> GetUserTeamDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRecords<UserTeamRecord>(scope, SyncDataset.UserTeams, day, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RepositoryDayRecord> GetRepositoryDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRecords<RepositoryDayRecord>(scope, SyncDataset.Repositories, day, day, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AiCreditUsageItem> GetAiCreditDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRecords<AiCreditUsageItem>(scope, SyncDataset.AiCredits, day, day, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AiCreditDay>> GetAiCreditDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        var days = await ReadDaysAsync(scope, SyncDataset.AiCredits, range, cancellationToken).ConfigureAwait(false);
        return [.. days.Select(static d => new AiCreditDay(DateOnly.FromDayNumber(d.Day), Parse<AiCreditUsageItem>(d.Chunks)))];
    }

    /// <inheritdoc />
    /// <remarks>Typed from the lossless copy as it is read (the rows are few: a repository per row and day).</remarks>
    public async Task<IReadOnlyList<RepositoryDayRow>> GetRepositoryRowsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        var days = await ReadDaysAsync(scope, SyncDataset.Repositories, range, cancellationToken).ConfigureAwait(false);
        return [.. days.SelectMany(static d => Parse<RepositoryDayRecord>(d.Chunks).Select(r => RepositoryDayRow.From(DateOnly.FromDayNumber(d.Day), r)))];
    }

    /// <inheritdoc />
    public async Task<SeatSnapshot?> GetLatestSeatSnapshotAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        var (day, chunks) = await ReadAsync(db =>
        {
            if (FindScope(db, scope) is not { } scopeId
                || db.Scalar("SELECT max(day) FROM report_days WHERE scope_id = $s AND dataset = $ds", ("$s", scopeId), ("$ds", (int)SyncDataset.Seats)) is not long latest)
            {
                return ((DateOnly?)null, new List<byte[]>());
            }

            return (DateOnly.FromDayNumber((int)latest), Chunks(db, scopeId, SyncDataset.Seats, (int)latest, (int)latest));
        }, cancellationToken).ConfigureAwait(false);
        if (day is null)
        {
            return null;
        }

        var seats = new List<CopilotSeat>();
        foreach (var chunk in chunks)
        {
            using var lines = LineReader.Open(chunk);
            while (lines.TryReadLine(out var line))
            {
                seats.Add(ReportJson.Deserialize<CopilotSeat>(line.Span));
            }
        }

        return new SeatSnapshot(day.Value, seats);
    }

    private async IAsyncEnumerable<T> ReadRecords<T>(MetricsScope scope, SyncDataset dataset, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : ReportObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chunks = await ReadAsync(db => FindScope(db, scope) is { } scopeId ? Chunks(db, scopeId, dataset, from.DayNumber, to.DayNumber) : [], cancellationToken).ConfigureAwait(false);
        foreach (var chunk in chunks)
        {
            using var lines = LineReader.Open(chunk);
            while (lines.TryReadLine(out var line))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ReportJson.Deserialize<T>(line.Span);
            }
        }
    }

    /// <summary>The stored days of a dataset in the range, ascending, each with its chunks (in one snapshot).</summary>
    private Task<List<(int Day, List<byte[]> Chunks)>> ReadDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken) =>
        ReadAsync(db =>
        {
            var days = new List<(int Day, List<byte[]> Chunks)>();
            if (FindScope(db, scope) is not { } scopeId)
            {
                return days;
            }

            var byDay = new Dictionary<int, List<byte[]>>();
            using (var reader = db.Reader("SELECT day FROM report_days WHERE scope_id = $s AND dataset = $ds AND day BETWEEN $from AND $to ORDER BY day", ("$s", scopeId), ("$ds", (int)dataset), ("$from", range.From.DayNumber), ("$to", range.To.DayNumber)))
            {
                while (reader.Read())
                {
                    var day = reader.GetInt32(0);
                    byDay[day] = [];
                    days.Add((day, byDay[day]));
                }
            }

            using (var reader = db.Reader("SELECT day, data FROM raw_chunks WHERE scope_id = $s AND dataset = $ds AND day BETWEEN $from AND $to ORDER BY day, seq", ("$s", scopeId), ("$ds", (int)dataset), ("$from", range.From.DayNumber), ("$to", range.To.DayNumber)))
            {
                while (reader.Read())
                {
                    if (byDay.TryGetValue(reader.GetInt32(0), out var chunks))
                    {
                        chunks.Add((byte[])reader[1]);
                    }
                }
            }

            return days;
        }, cancellationToken);

    private static List<T> Parse<T>(List<byte[]> chunks)
        where T : ReportObject
    {
        var records = new List<T>();
        foreach (var chunk in chunks)
        {
            using var lines = LineReader.Open(chunk);
            while (lines.TryReadLine(out var line))
            {
                records.Add(ReportJson.Deserialize<T>(line.Span));
            }
        }

        return records;
    }

    private static List<byte[]> Chunks(Db db, long scopeId, SyncDataset dataset, int from, int to)
    {
        using var reader = db.Reader(
            "SELECT data FROM raw_chunks WHERE scope_id = $s AND dataset = $ds AND day BETWEEN $from AND $to ORDER BY day, seq",
            ("$s", scopeId), ("$ds", (int)dataset), ("$from", from), ("$to", to));
        var chunks = new List<byte[]>();
        while (reader.Read())
        {
            chunks.Add((byte[])reader[0]);
        }

        return chunks;
    }
}
