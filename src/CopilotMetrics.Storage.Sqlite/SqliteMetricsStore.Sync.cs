using System.Buffers;
using System.Text.Json;
using CopilotMetrics.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>Sync statuses and claims (<c>sync_status</c>): a claim is one atomic upsert under SQLite's write lock.</summary>
public sealed partial class SqliteMetricsStore
{
    private const string StatusColumns = "dataset, day, state, attempts, last_error, row_count, skipped_lines, content_hash, updated_at, completed_at, next_attempt_at, unknown_properties";

    /// <inheritdoc />
    public Task<SyncDayStatus?> GetSyncStatusAsync(SyncDayKey key, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync(db =>
        {
            if (FindScope(db, key.Scope) is not { } scopeId)
            {
                return null;
            }

            using var reader = db.Reader(
                $"SELECT {StatusColumns} FROM sync_status WHERE scope_id = $s AND dataset = $ds AND day = $d AND state IS NOT NULL",
                ("$s", scopeId), ("$ds", (int)key.Dataset), ("$d", key.Day.DayNumber));
            return reader.Read() ? ReadStatus(reader, key.Scope) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncDayStatus>> GetSyncStatusesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<SyncDayStatus>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            using var reader = db.Reader(
                $"SELECT {StatusColumns} FROM sync_status WHERE scope_id = $s AND day BETWEEN $from AND $to AND state IS NOT NULL ORDER BY dataset, day",
                ("$s", scopeId), ("$from", range.From.DayNumber), ("$to", range.To.DayNumber));
            var result = new List<SyncDayStatus>();
            while (reader.Read())
            {
                result.Add(ReadStatus(reader, scope));
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetSyncStatusAsync(SyncDayStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        MetricsStoreRules.ValidateScope(status.Key.Scope);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, status.Key.Scope);
            return db.Execute(
                $"""
                INSERT INTO sync_status (scope_id, {StatusColumns})
                VALUES ($s, $ds, $d, $state, $attempts, $error, $rows, $skipped, $hash, $updated, $completed, $next, $unknown)
                ON CONFLICT (scope_id, dataset, day) DO UPDATE SET
                    state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error, row_count = excluded.row_count,
                    skipped_lines = excluded.skipped_lines, content_hash = excluded.content_hash, updated_at = excluded.updated_at,
                    completed_at = excluded.completed_at, next_attempt_at = excluded.next_attempt_at, unknown_properties = excluded.unknown_properties
                """,
                ("$s", scopeId), ("$ds", (int)status.Key.Dataset), ("$d", status.Key.Day.DayNumber), ("$state", (int)status.State),
                ("$attempts", status.Attempts), ("$error", status.LastError), ("$rows", status.RowCount), ("$skipped", status.SkippedLines),
                ("$hash", status.ContentHash), ("$updated", status.UpdatedAt.UtcTicks), ("$completed", status.CompletedAt?.UtcTicks), ("$next", status.NextAttemptAt?.UtcTicks), ("$unknown", EncodePaths(status.UnknownProperties)));
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>INSERT … ON CONFLICT DO UPDATE … WHERE</c> statement in a <c>BEGIN IMMEDIATE</c> transaction: of several
    /// processes claiming the same day at once, exactly one gets it. A claim is unexpired while <c>now</c> is before its
    /// end; the holder may renew it by claiming again.
    /// </remarks>
    public Task<bool> TryClaimAsync(SyncDayKey key, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateClaim(key, owner, duration);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, key.Scope);
            var changed = db.Execute(
                """
                INSERT INTO sync_status (scope_id, dataset, day, claim_owner, claim_until) VALUES ($s, $ds, $d, $owner, $until)
                ON CONFLICT (scope_id, dataset, day) DO UPDATE SET claim_owner = excluded.claim_owner, claim_until = excluded.claim_until
                WHERE sync_status.claim_owner IS NULL OR sync_status.claim_owner = excluded.claim_owner OR sync_status.claim_until <= $now
                """,
                ("$s", scopeId), ("$ds", (int)key.Dataset), ("$d", key.Day.DayNumber), ("$owner", owner), ("$until", (now + duration).UtcTicks), ("$now", now.UtcTicks));
            return changed > 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseClaimAsync(SyncDayKey key, string owner, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        ArgumentNullException.ThrowIfNull(owner);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(db =>
        {
            if (FindScope(db, key.Scope) is not { } scopeId)
            {
                return 0;
            }

            var k = new (string, object?)[] { ("$s", scopeId), ("$ds", (int)key.Dataset), ("$d", key.Day.DayNumber), ("$owner", owner) };
            db.Execute("DELETE FROM sync_status WHERE scope_id = $s AND dataset = $ds AND day = $d AND claim_owner = $owner AND state IS NULL", k);
            return db.Execute("UPDATE sync_status SET claim_owner = NULL, claim_until = NULL WHERE scope_id = $s AND dataset = $ds AND day = $d AND claim_owner = $owner", k);
        }, cancellationToken);
    }

    private static SyncDayStatus ReadStatus(SqliteDataReader reader, MetricsScope scope) => new()
    {
        Key = new SyncDayKey(scope, (SyncDataset)reader.GetInt32(0), DateOnly.FromDayNumber(reader.GetInt32(1))),
        State = (SyncDayState)reader.GetInt32(2),
        Attempts = reader.GetInt32(3),
        LastError = reader.IsDBNull(4) ? null : reader.GetString(4),
        RowCount = reader.GetInt64(5),
        SkippedLines = reader.GetInt64(6),
        ContentHash = reader.IsDBNull(7) ? null : reader.GetString(7),
        UpdatedAt = Time(reader.GetInt64(8)),
        CompletedAt = reader.IsDBNull(9) ? null : Time(reader.GetInt64(9)),
        NextAttemptAt = reader.IsDBNull(10) ? null : Time(reader.GetInt64(10)),
        UnknownProperties = reader.IsDBNull(11) ? [] : DecodePaths(reader.GetString(11)),
    };

    /// <inheritdoc />
    public Task<IReadOnlyList<UnknownPropertySighting>> GetUnknownPropertiesAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<UnknownPropertySighting>>(db =>
        {
            if (FindScope(db, scope) is not { } scopeId)
            {
                return [];
            }

            var seen = new List<(SyncDataset Dataset, string Path, int Day)>();
            using (var reader = db.Reader("SELECT dataset, day, unknown_properties FROM sync_status WHERE scope_id = $s AND state IS NOT NULL AND unknown_properties IS NOT NULL", ("$s", scopeId)))
            {
                while (reader.Read())
                {
                    foreach (var path in DecodePaths(reader.GetString(2)))
                    {
                        seen.Add(((SyncDataset)reader.GetInt32(0), path, reader.GetInt32(1)));
                    }
                }
            }

            return
            [
                .. seen.GroupBy(static s => (s.Dataset, s.Path))
                    .Select(g => new UnknownPropertySighting
                    {
                        Scope = scope,
                        Dataset = g.Key.Dataset,
                        Path = g.Key.Path,
                        FirstSeen = DateOnly.FromDayNumber(g.Min(static s => s.Day)),
                        LastSeen = DateOnly.FromDayNumber(g.Max(static s => s.Day)),
                    })
                    .OrderBy(static s => s.Path, StringComparer.Ordinal)
                    .ThenBy(static s => s.Dataset),
            ];
        }, cancellationToken);
    }

    /// <summary>The paths as a JSON array of strings, or <see langword="null"/> when there are none.</summary>
    private static string? EncodePaths(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var path in paths)
            {
                writer.WriteStringValue(path);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string[] DecodePaths(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(static e => e.GetString() ?? "")];
    }

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
