using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>Sync status and claims.</summary>
public sealed partial class PostgresMetricsStore
{
    private const string StatusColumns = "dataset, day, state, attempts, last_error, row_count, skipped_lines, content_hash, updated_at, completed_at, next_attempt_at, unknown_properties";

    /// <inheritdoc />
    public async Task<SyncDayStatus?> GetSyncStatusAsync(SyncDayKey key, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, key.Scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return null;
            }

            using var command = Command(
                $"SELECT {StatusColumns} FROM {_q}.sync_status WHERE scope_id = $1 AND dataset = $2 AND day = $3 AND state IS NOT NULL",
                connection,
                null,
                P(scopeId),
                P((short)key.Dataset),
                Day(key.Day));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadStatus(reader, key.Scope) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SyncDayStatus>> GetSyncStatusesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return await ReadRangeAsync(
            scope,
            range,
            $"SELECT {StatusColumns} FROM {_q}.sync_status WHERE scope_id = $1 AND day BETWEEN $2 AND $3 AND state IS NOT NULL ORDER BY dataset, day",
            reader => ReadStatus(reader, scope),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Times are stored as <c>timestamptz</c>, to the microsecond.</remarks>
    public async Task SetSyncStatusAsync(SyncDayStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        MetricsStoreRules.ValidateScope(status.Key.Scope);
        var scopeId = await GetOrCreateScopeIdAsync(status.Key.Scope, cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(
                connection,
                null,
                $"""
                INSERT INTO {_q}.sync_status (scope_id, {StatusColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (scope_id, dataset, day) DO UPDATE SET
                    state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error, row_count = excluded.row_count,
                    skipped_lines = excluded.skipped_lines, content_hash = excluded.content_hash, updated_at = excluded.updated_at,
                    completed_at = excluded.completed_at, next_attempt_at = excluded.next_attempt_at, unknown_properties = excluded.unknown_properties
                """,
                cancellationToken,
                P(scopeId),
                P((short)status.Key.Dataset),
                Day(status.Key.Day),
                P((short)status.State),
                P(status.Attempts),
                P(status.LastError, NpgsqlDbType.Text),
                P(status.RowCount),
                P(status.SkippedLines),
                P(status.ContentHash, NpgsqlDbType.Text),
                P(status.UpdatedAt.ToUniversalTime()),
                P(status.CompletedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
                P(status.NextAttemptAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
                new NpgsqlParameter<string[]> { TypedValue = [.. status.UnknownProperties], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text }).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One atomic upsert: it takes the claim when there is none, when <paramref name="owner"/> holds it (a renewal), or when
    /// the holder's claim ended at or before <paramref name="now"/>. Claims are kept in <c>sync_status</c>
    /// (<c>claim_owner</c>, <c>claim_expires_at</c>), to the microsecond.
    /// </remarks>
    public async Task<bool> TryClaimAsync(SyncDayKey key, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateClaim(key, owner, duration);
        var until = now + duration;
        var scopeId = await GetOrCreateScopeIdAsync(key.Scope, cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var claimed = await ScalarAsync<int?>(
                connection,
                null,
                $"""
                INSERT INTO {_q}.sync_status (scope_id, dataset, day, claim_owner, claim_expires_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (scope_id, dataset, day) DO UPDATE SET claim_owner = excluded.claim_owner, claim_expires_at = excluded.claim_expires_at
                WHERE {_q}.sync_status.claim_owner IS NULL OR {_q}.sync_status.claim_owner = excluded.claim_owner OR {_q}.sync_status.claim_expires_at <= $6
                RETURNING 1
                """,
                cancellationToken,
                P(scopeId),
                P((short)key.Dataset),
                Day(key.Day),
                P(owner),
                P(until.ToUniversalTime()),
                P(now.ToUniversalTime())).ConfigureAwait(false);
            return claimed == 1;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseClaimAsync(SyncDayKey key, string owner, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        ArgumentNullException.ThrowIfNull(owner);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, key.Scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return;
            }

            // A row that only held the claim goes; a row with a status keeps its status.
            var parameters = new Func<NpgsqlParameter[]>(() => [P(scopeId), P((short)key.Dataset), Day(key.Day), P(owner)]);
            await ExecuteAsync(
                connection,
                null,
                $"DELETE FROM {_q}.sync_status WHERE scope_id = $1 AND dataset = $2 AND day = $3 AND claim_owner = $4 AND state IS NULL",
                cancellationToken,
                parameters()).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                null,
                $"UPDATE {_q}.sync_status SET claim_owner = NULL, claim_expires_at = NULL WHERE scope_id = $1 AND dataset = $2 AND day = $3 AND claim_owner = $4",
                cancellationToken,
                parameters()).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>One query over <c>sync_status.unknown_properties</c> (migration 0005): paths compare by their UTF-8 bytes (<c>COLLATE "C"</c>), which is ordinal order.</remarks>
    public async Task<IReadOnlyList<UnknownPropertySighting>> GetUnknownPropertiesAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return [];
            }

            using var command = Command(
                $"""
                SELECT s.dataset, p.path, min(s.day), max(s.day)
                FROM {_q}.sync_status s CROSS JOIN LATERAL unnest(s.unknown_properties) AS p(path)
                WHERE s.scope_id = $1 AND s.state IS NOT NULL
                GROUP BY s.dataset, p.path
                ORDER BY p.path COLLATE "C", s.dataset
                """,
                connection,
                null,
                P(scopeId));
            var sightings = new List<UnknownPropertySighting>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    sightings.Add(new UnknownPropertySighting
                    {
                        Scope = scope,
                        Dataset = (SyncDataset)reader.GetInt16(0),
                        Path = reader.GetString(1),
                        FirstSeen = reader.GetFieldValue<DateOnly>(2),
                        LastSeen = reader.GetFieldValue<DateOnly>(3),
                    });
                }
            }

            return sightings;
        }
    }

    private static SyncDayStatus ReadStatus(NpgsqlDataReader reader, MetricsScope scope) => new()
    {
        Key = new SyncDayKey(scope, (SyncDataset)reader.GetInt16(0), reader.GetFieldValue<DateOnly>(1)),
        State = (SyncDayState)reader.GetInt16(2),
        Attempts = reader.GetInt32(3),
        LastError = reader.IsDBNull(4) ? null : reader.GetString(4),
        RowCount = reader.GetInt64(5),
        SkippedLines = reader.GetInt64(6),
        ContentHash = reader.IsDBNull(7) ? null : reader.GetString(7),
        UpdatedAt = reader.IsDBNull(8) ? default : reader.GetFieldValue<DateTimeOffset>(8),
        CompletedAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        NextAttemptAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        UnknownProperties = reader.GetFieldValue<string[]>(11),
    };
}
