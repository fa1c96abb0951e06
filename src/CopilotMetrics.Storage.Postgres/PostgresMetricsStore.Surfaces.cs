using System.Collections;
using System.Data;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// Distinct users per surface (migration 0007): the surface bitmaps of <c>day_user_bits</c> (dimension 5), counted per
/// day, AND-ed with a team's member bitmaps, OR-ed over the range; and the back-fill of the days stored before 0007.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<SurfaceUserCount>> GetSurfaceUsersAsync(MetricsScope scope, DateRange range, long? teamId, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var result = new List<SurfaceUserCount>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return result;
            }

            // b: (day, key, block, bits) of the users that count: every row's for the scope; for a team, its members'
            // bitmap of the day (key 'members') and the day's bitmaps AND-ed with it.
            var source = teamId is null
                ? $"""
                  SELECT day, CASE WHEN dimension = {BitDimension.Active} THEN '{SurfaceKeys.Active}' ELSE key END AS key, block, bits
                  FROM {_q}.day_user_bits WHERE scope_id = $1 AND dimension IN ({BitDimension.Active}, {BitDimension.Surface}) AND day BETWEEN $2 AND $3
                  """
                : $"""
                  WITH m AS (
                      SELECT td.day, tb.block, tb.bits FROM {_q}.team_days td JOIN {_q}.team_version_bits tb ON tb.version_id = td.version_id
                      WHERE td.scope_id = $1 AND td.team_id = $4 AND td.day BETWEEN $2 AND $3)
                  SELECT day, '{SurfaceKeys.Members}' AS key, block, bits FROM m
                  UNION ALL
                  SELECT m.day, CASE WHEN u.dimension = {BitDimension.Active} THEN '{SurfaceKeys.Active}' ELSE u.key END, m.block, u.bits & m.bits
                  FROM m JOIN {_q}.day_user_bits u ON u.scope_id = $1 AND u.dimension IN ({BitDimension.Active}, {BitDimension.Surface}) AND u.day = m.day AND u.block = m.block
                  """;
            using var command = Command(
                $"""
                WITH b AS MATERIALIZED ({source})
                SELECT day, key, sum(bit_count(bits))::integer AS n FROM b GROUP BY day, key HAVING sum(bit_count(bits)) > 0
                UNION ALL
                SELECT NULL::date, key, sum(bit_count(bits))::integer FROM (SELECT key, block, bit_or(bits) AS bits FROM b GROUP BY key, block) AS u
                GROUP BY key HAVING sum(bit_count(bits)) > 0
                """,
                connection,
                null,
                teamId is { } team ? [P(scopeId), Day(range.From), Day(range.To), P(team)] : [P(scopeId), Day(range.From), Day(range.To)]);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new SurfaceUserCount(reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt32(2)));
                }
            }
        }

        result.Sort(static (a, b) =>
        {
            var c = (a.Day ?? DateOnly.MaxValue).CompareTo(b.Day ?? DateOnly.MaxValue);
            return c != 0 ? c : string.CompareOrdinal(a.Surface, b.Surface);
        });
        return result;
    }

    /// <summary>
    /// Writes the surface bitmaps of the per-user days stored before migration 0007 (listed in <c>surface_backfill</c>)
    /// from their lossless copy, a day per transaction under the day's write lock (a concurrent write of the day either
    /// lands first and leaves nothing to do, or waits). Runs after migrating; idempotent, and a crash midway leaves the
    /// rest for the next start.
    /// </summary>
    private async Task BackfillSurfaceBitsAsync(CancellationToken cancellationToken)
    {
        var pending = new List<(int ScopeId, DateOnly Day)>();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using (var list = Command($"SELECT scope_id, day FROM {_q}.surface_backfill ORDER BY 1, 2", connection, null))
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
                    await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "day", scopeId, (int)SyncDataset.Users, day.DayNumber))).ConfigureAwait(false);
                    if (!await ScalarAsync<bool>(connection, transaction, $"SELECT EXISTS (SELECT 1 FROM {_q}.surface_backfill WHERE scope_id = $1 AND day = $2)", cancellationToken, P(scopeId), Day(day)).ConfigureAwait(false))
                    {
                        continue;
                    }

                    var records = new List<UserDayRecord>();
                    using (var chunks = Command($"SELECT data FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $2 AND day = $3 ORDER BY chunk", connection, transaction, P(scopeId), P((short)SyncDataset.Users), Day(day)))
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

                    var facts = new UserDayFacts();
                    foreach (var record in records)
                    {
                        facts.Add(record);
                    }

                    var (ordinals, publish) = await _ordinals.ResolveAsync(connection, transaction, scopeId, facts.Users, _timeout, cancellationToken).ConfigureAwait(false);
                    var keys = new List<string>();
                    var blocks = new List<int>();
                    var bits = new List<BitArray>();
                    foreach (var (dimension, key, users) in facts.Keys)
                    {
                        if (dimension != BitDimension.Surface)
                        {
                            continue;
                        }

                        var bitmap = new UserBitmap();
                        foreach (var index in users)
                        {
                            bitmap.Set(ordinals[facts.Users[index]]);
                        }

                        foreach (var (block, blockBits) in bitmap.Blocks())
                        {
                            keys.Add(key);
                            blocks.Add(block);
                            bits.Add(blockBits);
                        }
                    }

                    await ExecuteAsync(
                        connection,
                        transaction,
                        $"""
                        WITH d AS (DELETE FROM {_q}.day_user_bits WHERE scope_id = $1 AND day = $2 AND dimension = {BitDimension.Surface}),
                             m AS (DELETE FROM {_q}.surface_backfill WHERE scope_id = $1 AND day = $2)
                        INSERT INTO {_q}.day_user_bits (scope_id, dimension, day, key, block, bits)
                        SELECT $1, {BitDimension.Surface}, $2, k, b, v FROM unnest($3::text[], $4::integer[], $5::varbit[]) AS t(k, b, v)
                        """,
                        cancellationToken,
                        P(scopeId),
                        Day(day),
                        P(keys.ToArray()),
                        P(blocks.ToArray()),
                        new Npgsql.NpgsqlParameter<BitArray[]> { TypedValue = [.. bits], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varbit }).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    publish();
                }
            }
        }
    }
}
