using System.Text;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The aggregate, repository and seat day writers: one table each (and the lossless copy), no summaries. The repository
/// rows' typed columns are written in <c>PostgresMetricsStore.RepositoryDays.cs</c>.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public Task<StoredDay> ReplaceAggregateDayAsync(MetricsScope scope, AggregateDayRecord record, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(record);
        return WriteDayAsync(scope, SyncDataset.Aggregate, record.Day, write => WriteAggregateAsync(write, record, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredDay> ReplaceRepositoryDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<RepositoryDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        return WriteDayAsync(scope, SyncDataset.Repositories, day, write => WriteRepositoriesAsync(write, records, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredDay> ReplaceSeatSnapshotAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<CopilotSeat> seats, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(seats);
        return WriteDayAsync(scope, SyncDataset.Seats, day, write => WriteSeatsAsync(write, seats, cancellationToken), cancellationToken);
    }

    private async Task<(long, string)> WriteAggregateAsync(DayWrite write, AggregateDayRecord record, CancellationToken cancellationToken)
    {
        string json, hash;
        using (var contentHash = new ContentHash())
        {
            json = Encoding.UTF8.GetString(contentHash.Add(record));
            hash = contentHash.Finish();
        }

        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.aggregate_days (scope_id, day, daily_active_users, weekly_active_users, monthly_active_users, monthly_active_chat_users,
                monthly_active_agent_users, user_initiated_interaction_count, code_generation_activity_count, code_acceptance_activity_count,
                loc_suggested_to_add_sum, loc_suggested_to_delete_sum, loc_added_sum, loc_deleted_sum, record)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (scope_id, day) DO UPDATE SET
                daily_active_users = excluded.daily_active_users, weekly_active_users = excluded.weekly_active_users,
                monthly_active_users = excluded.monthly_active_users, monthly_active_chat_users = excluded.monthly_active_chat_users,
                monthly_active_agent_users = excluded.monthly_active_agent_users,
                user_initiated_interaction_count = excluded.user_initiated_interaction_count,
                code_generation_activity_count = excluded.code_generation_activity_count,
                code_acceptance_activity_count = excluded.code_acceptance_activity_count,
                loc_suggested_to_add_sum = excluded.loc_suggested_to_add_sum, loc_suggested_to_delete_sum = excluded.loc_suggested_to_delete_sum,
                loc_added_sum = excluded.loc_added_sum, loc_deleted_sum = excluded.loc_deleted_sum, record = excluded.record
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P(record.DailyActiveUsers),
            P(record.WeeklyActiveUsers),
            P(record.MonthlyActiveUsers),
            P(record.MonthlyActiveChatUsers),
            P(record.MonthlyActiveAgentUsers),
            P(record.UserInitiatedInteractionCount),
            P(record.CodeGenerationActivityCount),
            P(record.CodeAcceptanceActivityCount),
            P(record.LocSuggestedToAddSum),
            P(record.LocSuggestedToDeleteSum),
            P(record.LocAddedSum),
            P(record.LocDeletedSum),
            P(json, NpgsqlDbType.Json)).ConfigureAwait(false);

        // The breakdown rows, summed per key (languages and models over features).
        var rows = new Dictionary<(short Dimension, string Key), ActivityCounts>();
        void Add(BreakdownDimension dimension, string? key, ActivityTotals? totals)
        {
            if (totals is not null)
            {
                var k = ((short)dimension, key ?? "");
                rows[k] = rows.GetValueOrDefault(k) + ActivityCounts.From(totals);
            }
        }

        foreach (var r in record.TotalsByIde ?? [])
        {
            Add(BreakdownDimension.Ide, r?.Ide, r);
        }

        foreach (var r in record.TotalsByFeature ?? [])
        {
            Add(BreakdownDimension.Feature, r?.Feature, r);
        }

        foreach (var r in record.TotalsByLanguageFeature ?? [])
        {
            Add(BreakdownDimension.Language, r?.Language, r);
        }

        foreach (var r in record.TotalsByModelFeature ?? [])
        {
            Add(BreakdownDimension.Model, r?.Model, r);
        }

        await ExecuteAsync(write.Connection, write.Transaction, $"DELETE FROM {_q}.aggregate_breakdowns WHERE scope_id = $1 AND day = $2", cancellationToken, P(write.ScopeId), Day(write.Day)).ConfigureAwait(false);
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.aggregate_breakdowns (scope_id, dimension, day, key, user_initiated_interaction_count, code_generation_activity_count,
                code_acceptance_activity_count, loc_suggested_to_add_sum, loc_suggested_to_delete_sum, loc_added_sum, loc_deleted_sum)
            SELECT $1, d, $2, k, c1, c2, c3, c4, c5, c6, c7
            FROM unnest($3::smallint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
                AS t(d, k, c1, c2, c3, c4, c5, c6, c7)
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P(rows.Keys.Select(k => k.Dimension).ToArray()),
            P(rows.Keys.Select(k => k.Key).ToArray()),
            P(rows.Values.Select(v => v.UserInitiatedInteractions).ToArray()),
            P(rows.Values.Select(v => v.CodeGenerations).ToArray()),
            P(rows.Values.Select(v => v.CodeAcceptances).ToArray()),
            P(rows.Values.Select(v => v.LocSuggestedToAdd).ToArray()),
            P(rows.Values.Select(v => v.LocSuggestedToDelete).ToArray()),
            P(rows.Values.Select(v => v.LocAdded).ToArray()),
            P(rows.Values.Select(v => v.LocDeleted).ToArray())).ConfigureAwait(false);
        return (1, hash);
    }

    private async Task<(long, string)> WriteSeatsAsync(DayWrite write, IAsyncEnumerable<CopilotSeat> seats, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2)
            DELETE FROM {_q}.seat_snapshots WHERE scope_id = $1 AND day = $2
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P((short)SyncDataset.Seats)).ConfigureAwait(false);

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_compressionLevel);
        var count = 0;
        var check = new DayRecordValidator(write.Day, nameof(seats));
        var importer = await write.Connection.BeginBinaryImportAsync(
            $"COPY {_q}.seat_snapshots (scope_id, day, ordinal, assignee_id, assignee_login, last_activity_at, plan_type, assigning_team_slug) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = TimeSpan.FromSeconds(_timeout);
            await foreach (var seat in seats.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                check.Check(seat);
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.ScopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(count, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, seat.Assignee?.Id, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, seat.Assignee?.Login, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, seat.LastActivityAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, seat.PlanType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, seat.AssigningTeam?.Slug, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                raw.Append(hash.Add(seat), new RecordKey(count, 0));
                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var (chunks, _) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await WriteChunksAsync(write, SyncDataset.Seats, chunks, cancellationToken).ConfigureAwait(false);
        return (count, hash.Finish());
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
