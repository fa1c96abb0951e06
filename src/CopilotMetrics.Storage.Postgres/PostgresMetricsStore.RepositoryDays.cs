using System.Data;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// Repository days: the typed rows (<c>repository_days</c>, <c>repository_review_times</c>, migration 0004) written by
/// binary COPY in the day's write transaction, the typed read, and the re-typing of days written before migration 0004
/// from their lossless copy.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    private const string RepositoryColumns =
        "scope_id, day, ordinal, repo_id, repo_name, repo_owner_name, repo_visibility, pr_total_created, pr_total_reviewed, pr_total_merged, "
        + "pr_median_minutes_to_merge, pr_total_suggestions, pr_total_applied_suggestions, pr_total_created_by_copilot, pr_total_reviewed_by_copilot, "
        + "pr_total_merged_created_by_copilot, pr_total_merged_reviewed_by_copilot, pr_median_minutes_to_merge_copilot_authored, "
        + "pr_median_minutes_to_merge_copilot_reviewed, pr_total_copilot_suggestions, pr_total_copilot_applied_suggestions, review_time_count, typed";

    private const string ReviewTimeColumns =
        "scope_id, day, ordinal, entry, authored_by, reviewed_by, total_merged, median_minutes_ready_to_first_review, p90_minutes_ready_to_first_review, "
        + "median_minutes_first_to_final_review, p90_minutes_first_to_final_review, median_minutes_final_review_to_merge, p90_minutes_final_review_to_merge";

    /// <inheritdoc />
    public async Task<IReadOnlyList<RepositoryDayRow>> GetRepositoryRowsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);

        // One statement (one snapshot): the rows with their review-time entries aggregated in entry order.
        return await ReadRangeAsync(
            scope,
            range,
            $"""
            SELECT r.day, r.repo_id, r.repo_owner_name, r.repo_name, r.repo_visibility,
                r.pr_total_created, r.pr_total_reviewed, r.pr_total_merged, r.pr_median_minutes_to_merge, r.pr_total_suggestions,
                r.pr_total_applied_suggestions, r.pr_total_created_by_copilot, r.pr_total_reviewed_by_copilot, r.pr_total_merged_created_by_copilot,
                r.pr_total_merged_reviewed_by_copilot, r.pr_median_minutes_to_merge_copilot_authored, r.pr_median_minutes_to_merge_copilot_reviewed,
                r.pr_total_copilot_suggestions, r.pr_total_copilot_applied_suggestions, r.review_time_count,
                t.authored_by, t.reviewed_by, t.total_merged, t.m1, t.p1, t.m2, t.p2, t.m3, t.p3
            FROM {_q}.repository_days r
            LEFT JOIN LATERAL (
                SELECT array_agg(authored_by ORDER BY entry) AS authored_by, array_agg(reviewed_by ORDER BY entry) AS reviewed_by,
                    array_agg(total_merged ORDER BY entry) AS total_merged,
                    array_agg(median_minutes_ready_to_first_review ORDER BY entry) AS m1, array_agg(p90_minutes_ready_to_first_review ORDER BY entry) AS p1,
                    array_agg(median_minutes_first_to_final_review ORDER BY entry) AS m2, array_agg(p90_minutes_first_to_final_review ORDER BY entry) AS p2,
                    array_agg(median_minutes_final_review_to_merge ORDER BY entry) AS m3, array_agg(p90_minutes_final_review_to_merge ORDER BY entry) AS p3
                FROM {_q}.repository_review_times v
                WHERE v.scope_id = r.scope_id AND v.day = r.day AND v.ordinal = r.ordinal) AS t ON r.review_time_count > 0
            WHERE r.scope_id = $1 AND r.day BETWEEN $2 AND $3
            ORDER BY r.day, r.ordinal
            """,
            ReadRepositoryRow,
            cancellationToken).ConfigureAwait(false);
    }

    private static RepositoryDayRow ReadRepositoryRow(NpgsqlDataReader r)
    {
        long? Long(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        double? Double(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        T[] Array<T>(int i) => r.IsDBNull(i) ? [] : r.GetFieldValue<T[]>(i);

        var pullRequests = r.IsDBNull(5)
            ? null
            : new RepositoryPullRequestCounts(
                r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), Double(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12),
                r.GetInt64(13), r.GetInt64(14), Double(15), Double(16), r.GetInt64(17), r.GetInt64(18));
        List<RepositoryReviewTimes>? reviews = null;
        if (!r.IsDBNull(19))
        {
            var authored = Array<string?>(20);
            var reviewed = Array<string?>(21);
            var merged = Array<long?>(22);
            var values = new double?[6][];
            for (var k = 0; k < 6; k++)
            {
                values[k] = Array<double?>(23 + k);
            }

            reviews = new List<RepositoryReviewTimes>(authored.Length);
            for (var e = 0; e < authored.Length; e++)
            {
                reviews.Add(new RepositoryReviewTimes(authored[e], reviewed[e], merged[e], values[0][e], values[1][e], values[2][e], values[3][e], values[4][e], values[5][e]));
            }
        }

        return new RepositoryDayRow(r.GetFieldValue<DateOnly>(0), Long(1), Text(2), Text(3), Text(4), pullRequests, reviews?.AsReadOnly());
    }

    private async Task<(long, string)> WriteRepositoriesAsync(DayWrite write, IAsyncEnumerable<RepositoryDayRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2),
                 b AS (DELETE FROM {_q}.repository_review_times WHERE scope_id = $1 AND day = $2)
            DELETE FROM {_q}.repository_days WHERE scope_id = $1 AND day = $2
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P((short)SyncDataset.Repositories)).ConfigureAwait(false);

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_compressionLevel);
        var check = new DayRecordValidator(write.Day, nameof(records));
        var count = await CopyRepositoryRowsAsync(
            write.Connection,
            write.ScopeId,
            write.Day,
            records,
            (record, ordinal) =>
            {
                check.Check(record);
                raw.Append(hash.Add(record), new RecordKey(ordinal, 0));
            },
            cancellationToken).ConfigureAwait(false);

        var (chunks, _) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await WriteChunksAsync(write, SyncDataset.Repositories, chunks, cancellationToken).ConfigureAwait(false);
        return (count, hash.Finish());
    }

    /// <summary>
    /// COPYs the typed rows of <paramref name="records"/> (ordinals from 0, in stream order) into <c>repository_days</c>,
    /// then their review-time entries (buffered meanwhile: one COPY at a time per connection; a day has a few hundred
    /// rows with about one entry each) into <c>repository_review_times</c>. <paramref name="accept"/> sees each record
    /// before its row is sent and may refuse it by throwing.
    /// </summary>
    private async Task<int> CopyRepositoryRowsAsync(NpgsqlConnection connection, int scopeId, DateOnly day, IAsyncEnumerable<RepositoryDayRecord> records, Action<RepositoryDayRecord, int> accept, CancellationToken cancellationToken)
    {
        var count = 0;
        var reviews = new List<(int Ordinal, int Entry, RepositoryReviewTimes Times)>();
        var importer = await connection.BeginBinaryImportAsync($"COPY {_q}.repository_days ({RepositoryColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = TimeSpan.FromSeconds(_timeout);
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                accept(record, count);
                var row = RepositoryDayRow.From(day, record);
                var p = row.PullRequests;
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(scopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(count, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.RepositoryId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.OwnerName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.Visibility, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalCreated, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalReviewed, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalMerged, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.MedianMinutesToMerge, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalSuggestions, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalAppliedSuggestions, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalCreatedByCopilot, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalReviewedByCopilot, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalMergedCreatedByCopilot, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalMergedReviewedByCopilot, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.MedianMinutesToMergeCopilotAuthored, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.MedianMinutesToMergeCopilotReviewed, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalCopilotSuggestions, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, p?.TotalCopilotAppliedSuggestions, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.ReviewTimes?.Count, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                for (var e = 0; e < (row.ReviewTimes?.Count ?? 0); e++)
                {
                    reviews.Add((count, e, row.ReviewTimes![e]));
                }

                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (reviews.Count == 0)
        {
            return count;
        }

        var times = await connection.BeginBinaryImportAsync($"COPY {_q}.repository_review_times ({ReviewTimeColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (times.ConfigureAwait(false))
        {
            times.Timeout = TimeSpan.FromSeconds(_timeout);
            foreach (var (ordinal, entry, t) in reviews)
            {
                await times.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await times.WriteAsync(scopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await times.WriteAsync(day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await times.WriteAsync(ordinal, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await times.WriteAsync(entry, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.AuthoredBy, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.ReviewedBy, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.TotalMerged, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.MedianMinutesReadyToFirstReview, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.P90MinutesReadyToFirstReview, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.MedianMinutesFirstToFinalReview, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.P90MinutesFirstToFinalReview, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.MedianMinutesFinalReviewToMerge, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(times, t.P90MinutesFinalReviewToMerge, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            }

            await times.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>
    /// Fills the typed columns of the repository days written before migration 0004 (<c>typed</c> false) from their
    /// lossless copy, a day per transaction under the day's write lock (so a concurrent write of the day either lands
    /// first and leaves nothing to do, or waits). Runs after migrating; idempotent, and a crash midway leaves the rest
    /// for the next start.
    /// </summary>
    private async Task RetypeRepositoryDaysAsync(CancellationToken cancellationToken)
    {
        var pending = new List<(int ScopeId, DateOnly Day)>();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using (var list = Command($"SELECT DISTINCT scope_id, day FROM {_q}.repository_days WHERE NOT typed ORDER BY 1, 2", connection, null))
            {
                var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        pending.Add((reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1)));
                    }
                }
            }

            foreach (var (scopeId, day) in pending)
            {
                var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "day", scopeId, (int)SyncDataset.Repositories, day.DayNumber))).ConfigureAwait(false);
                    if (!await ScalarAsync<bool>(connection, transaction, $"SELECT EXISTS (SELECT 1 FROM {_q}.repository_days WHERE scope_id = $1 AND day = $2 AND NOT typed)", cancellationToken, P(scopeId), Day(day)).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var records = new List<RepositoryDayRecord>();
                    using (var chunks = Command($"SELECT data FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $2 AND day = $3 ORDER BY chunk", connection, transaction, P(scopeId), P((short)SyncDataset.Repositories), Day(day)))
                    {
                        var reader = await chunks.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                AddRecords(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false), records);
                            }
                        }
                    }

                    await ExecuteAsync(
                        connection,
                        transaction,
                        $"""
                        WITH b AS (DELETE FROM {_q}.repository_review_times WHERE scope_id = $1 AND day = $2)
                        DELETE FROM {_q}.repository_days WHERE scope_id = $1 AND day = $2
                        """,
                        cancellationToken,
                        P(scopeId),
                        Day(day)).ConfigureAwait(false);
                    await CopyRepositoryRowsAsync(connection, scopeId, day, Enumerate(records), static (_, _) => { }, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

#pragma warning disable CS1998 // A synchronous sequence as the async stream the COPY consumes.
    private static async IAsyncEnumerable<T> Enumerate<T>(IEnumerable<T> items)
#pragma warning restore CS1998
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }
}
