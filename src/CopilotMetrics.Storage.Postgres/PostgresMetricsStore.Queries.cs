using System.Data;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The dashboard queries: daily series, breakdowns, teams, active users, engagement, seat history, missing days and
/// scopes.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyMetrics>> GetDailySeriesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return await ReadRangeAsync(
            scope,
            range,
            $"""
            SELECT day, daily_active_users, weekly_active_users, monthly_active_users, monthly_active_chat_users, monthly_active_agent_users, {Counters}
            FROM {_q}.aggregate_days WHERE scope_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day
            """,
            static reader => new DailyMetrics(
                reader.GetFieldValue<DateOnly>(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                ReadCounts(reader, 6)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The keys are those of the aggregate rows and of the per-user rows in the range: a key seen only in per-user rows is
    /// listed with zero counters, and one seen only in aggregate rows with zero active users.
    /// </remarks>
    public async Task<IReadOnlyList<BreakdownRow>> GetBreakdownAsync(MetricsScope scope, DateRange range, BreakdownDimension dimension, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDimension(dimension);
        var bitDimension = BitDimension.Of(dimension);
        var rows = new List<BreakdownRow>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return rows;
            }

            using var command = Command(
                $"""
                WITH sums AS (
                    SELECT key, sum(user_initiated_interaction_count)::bigint AS c1, sum(code_generation_activity_count)::bigint AS c2,
                        sum(code_acceptance_activity_count)::bigint AS c3, sum(loc_suggested_to_add_sum)::bigint AS c4,
                        sum(loc_suggested_to_delete_sum)::bigint AS c5, sum(loc_added_sum)::bigint AS c6, sum(loc_deleted_sum)::bigint AS c7
                    FROM {_q}.aggregate_breakdowns WHERE scope_id = $1 AND dimension = $2 AND day BETWEEN $3 AND $4 GROUP BY key),
                users AS (
                    SELECT key, sum(bit_count(bits))::integer AS n
                    FROM (SELECT key, block, bit_or(bits) AS bits FROM {_q}.day_user_bits
                          WHERE scope_id = $1 AND dimension = $5 AND day BETWEEN $3 AND $4 GROUP BY key, block) AS b
                    GROUP BY key)
                SELECT coalesce(s.key, u.key), coalesce(s.c1, 0), coalesce(s.c2, 0), coalesce(s.c3, 0), coalesce(s.c4, 0), coalesce(s.c5, 0),
                    coalesce(s.c6, 0), coalesce(s.c7, 0), coalesce(u.n, 0)
                FROM sums s FULL JOIN users u ON u.key = s.key
                """,
                connection,
                null,
                P(scopeId),
                P((short)dimension),
                Day(range.From),
                Day(range.To),
                P(bitDimension));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new BreakdownRow(dimension, reader.GetString(0), ReadCounts(reader, 1), reader.GetInt32(8)));
                }
            }
        }

        rows.Sort(static (a, b) =>
        {
            var c = b.Activity.CodeGenerations.CompareTo(a.Activity.CodeGenerations);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return rows;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A team's slug is the last non-null one of its membership rows in the range; teams with equal slugs are ordered by
    /// team id. Members and active users are unions of user bitmaps (never sums), counters are daily team sums. One
    /// statement (one snapshot, one round trip) reads the range's day packs (<c>team_day_packs</c>: each day's teams,
    /// versions, slugs and sums), the days' active-user bitmaps and the member bitmaps of the versions they name; the
    /// unions are taken here.
    /// </remarks>
    public async Task<IReadOnlyList<TeamMetrics>> GetTeamMetricsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var result = new List<TeamMetrics>();
        var teams = new Dictionary<long, TeamRangeAccumulator>();
        var dayBits = new Dictionary<(DateOnly Day, int Block), ulong[]>();
        var versionBits = new Dictionary<(long Version, int Block), ulong[]>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return result;
            }

            using var command = Command(
                $"""
                WITH p AS (SELECT day, team_ids, version_ids, slugs, counters FROM {_q}.team_day_packs WHERE scope_id = $1 AND day BETWEEN $2 AND $3)
                SELECT 0 AS kind, day, team_ids, version_ids, slugs, counters, NULL::integer AS block, NULL::bit varying AS bits FROM p
                UNION ALL
                SELECT 1, b.day, NULL, NULL, NULL, NULL, b.block, b.bits
                FROM {_q}.day_user_bits b WHERE b.scope_id = $1 AND b.dimension = 0 AND b.key = '' AND b.day BETWEEN $2 AND $3
                UNION ALL
                SELECT 2, NULL, NULL, ARRAY[vb.version_id], NULL, NULL, vb.block, vb.bits
                FROM {_q}.team_version_bits vb WHERE vb.version_id IN (SELECT DISTINCT unnest(version_ids) FROM p)
                """,
                connection,
                null,
                P(scopeId),
                Day(range.From),
                Day(range.To));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    switch (reader.GetInt32(0))
                    {
                        case 0:
                            var day = reader.GetFieldValue<DateOnly>(1);
                            var teamIds = reader.GetFieldValue<long[]>(2);
                            var versionIds = reader.GetFieldValue<long[]>(3);
                            var slugs = reader.GetFieldValue<string?[]>(4);
                            var counters = reader.GetFieldValue<long[]>(5);
                            for (var i = 0; i < teamIds.Length; i++)
                            {
                                if (!teams.TryGetValue(teamIds[i], out var team))
                                {
                                    teams[teamIds[i]] = team = new TeamRangeAccumulator();
                                }

                                var c = counters.AsSpan(i * 7, 7);
                                team.Add(day, versionIds[i], slugs[i], new ActivityCounts(c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
                            }

                            break;
                        case 1:
                            dayBits[(reader.GetFieldValue<DateOnly>(1), reader.GetInt32(6))] = BitWords(reader.GetFieldValue<System.Collections.BitArray>(7));
                            break;
                        default:
                            versionBits[(reader.GetFieldValue<long[]>(3)[0], reader.GetInt32(6))] = BitWords(reader.GetFieldValue<System.Collections.BitArray>(7));
                            break;
                    }
                }
            }
        }

        var blocks = dayBits.Keys.Select(k => k.Block).Concat(versionBits.Keys.Select(k => k.Block)).Distinct().Order().ToArray();
        var activeOverSpan = new Dictionary<(DateOnly Lo, DateOnly Hi, int Block), ulong[]?>();
        var members = new ulong[UserBitmap.BlockBits / 64];
        var active = new ulong[UserBitmap.BlockBits / 64];
        var days = new ulong[UserBitmap.BlockBits / 64];
        foreach (var (teamId, team) in teams)
        {
            var memberCount = 0;
            var activeCount = 0;
            foreach (var block in blocks)
            {
                Array.Clear(members);
                Array.Clear(active);
                foreach (var (version, versionDays) in team.Versions)
                {
                    if (!versionBits.TryGetValue((version, block), out var bits))
                    {
                        continue;
                    }

                    Or(members, bits);

                    // The version's active members: its members among the users active on any of its days. A version held
                    // over a whole span of days shares that span's union with every other such version.
                    ulong[]? activeOnDays;
                    var lo = versionDays.Min();
                    var hi = versionDays.Max();
                    if (hi.DayNumber - lo.DayNumber + 1 == versionDays.Count)
                    {
                        if (!activeOverSpan.TryGetValue((lo, hi, block), out activeOnDays))
                        {
                            activeOverSpan[(lo, hi, block)] = activeOnDays = UnionOfDays(dayBits, Enumerable.Range(lo.DayNumber, versionDays.Count).Select(DateOnly.FromDayNumber), block);
                        }
                    }
                    else
                    {
                        activeOnDays = UnionOfDays(dayBits, versionDays, block);
                    }

                    if (activeOnDays is not null)
                    {
                        for (var w = 0; w < active.Length; w++)
                        {
                            active[w] |= activeOnDays[w] & bits[w];
                        }
                    }
                }

                memberCount += PopCount(members);
                activeCount += PopCount(active);
            }

            result.Add(new TeamMetrics(teamId, team.Slug ?? "", memberCount, activeCount, team.Counts));
        }

        result.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Slug, b.Slug);
            return c != 0 ? c : a.TeamId.CompareTo(b.TeamId);
        });
        return result;

        static ulong[]? UnionOfDays(Dictionary<(DateOnly Day, int Block), ulong[]> dayBits, IEnumerable<DateOnly> of, int block)
        {
            ulong[]? union = null;
            foreach (var d in of)
            {
                if (dayBits.TryGetValue((d, block), out var bits))
                {
                    union ??= new ulong[bits.Length];
                    Or(union, bits);
                }
            }

            return union;
        }

        static void Or(ulong[] into, ulong[] bits)
        {
            for (var w = 0; w < into.Length; w++)
            {
                into[w] |= bits[w];
            }
        }

        static int PopCount(ulong[] words)
        {
            var n = 0;
            foreach (var word in words)
            {
                n += System.Numerics.BitOperations.PopCount(word);
            }

            return n;
        }
    }

    /// <summary>A block's bits as 64-bit words (a stored block always has <see cref="UserBitmap.BlockBits"/> bits).</summary>
    private static ulong[] BitWords(System.Collections.BitArray bits)
    {
        var ints = new int[UserBitmap.BlockBits / 32];
        bits.CopyTo(ints, 0);
        var words = new ulong[UserBitmap.BlockBits / 64];
        for (var w = 0; w < words.Length; w++)
        {
            words[w] = (uint)ints[2 * w] | ((ulong)(uint)ints[(2 * w) + 1] << 32);
        }

        return words;
    }

    /// <summary>One team's days in a range: counters summed, the latest non-null slug, the days of each version.</summary>
    private sealed class TeamRangeAccumulator
    {
        private DateOnly _slugDay = DateOnly.MinValue;

        public string? Slug { get; private set; }

        public ActivityCounts Counts { get; private set; }

        public Dictionary<long, List<DateOnly>> Versions { get; } = [];

        public void Add(DateOnly day, long version, string? slug, ActivityCounts counts)
        {
            Counts += counts;
            if (slug is not null && (Slug is null || day > _slugDay))
            {
                Slug = slug;
                _slugDay = day;
            }

            if (!Versions.TryGetValue(version, out var versionDays))
            {
                Versions[version] = versionDays = [];
            }

            versionDays.Add(day);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActiveUsersPoint>> GetActiveUsersAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var first = range.From.DayNumber >= MetricsStoreRules.MonthlyWindowDays - 1 ? range.From.AddDays(-(MetricsStoreRules.MonthlyWindowDays - 1)) : DateOnly.MinValue;
        var byDay = new Dictionary<DateOnly, (int Daily, int Weekly, int Monthly)>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is { } scopeId)
            {
                using var command = Command(
                    $"""
                    WITH present AS (
                        SELECT day, block, bits FROM {_q}.day_user_bits WHERE scope_id = $1 AND dimension = 0 AND key = '' AND day BETWEEN $2 AND $3),
                    bounds AS (SELECT min(day) AS lo, max(day) AS hi FROM present),
                    blocks AS (SELECT DISTINCT block FROM present),
                    days AS (
                        SELECT d::date AS day
                        FROM bounds, generate_series(bounds.lo::timestamp, least($3, bounds.hi + {MetricsStoreRules.MonthlyWindowDays - 1})::timestamp, interval '1 day') AS d
                        WHERE bounds.lo IS NOT NULL),
                    grid AS (
                        SELECT days.day, blocks.block, p.bits FROM days CROSS JOIN blocks
                        LEFT JOIN present p ON p.day = days.day AND p.block = blocks.block),
                    w AS (
                        SELECT day, block, bits,
                            bit_or(bits) OVER (PARTITION BY block ORDER BY day ROWS BETWEEN {MetricsStoreRules.WeeklyWindowDays - 1} PRECEDING AND CURRENT ROW) AS w7,
                            bit_or(bits) OVER (PARTITION BY block ORDER BY day ROWS BETWEEN {MetricsStoreRules.MonthlyWindowDays - 1} PRECEDING AND CURRENT ROW) AS w28
                        FROM grid)
                    SELECT day, sum(coalesce(bit_count(bits), 0))::integer, sum(coalesce(bit_count(w7), 0))::integer, sum(coalesce(bit_count(w28), 0))::integer
                    FROM w WHERE day >= $4 GROUP BY day
                    """,
                    connection,
                    null,
                    P(scopeId),
                    Day(first),
                    Day(range.To),
                    Day(range.From));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        byDay[reader.GetFieldValue<DateOnly>(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
                    }
                }
            }
        }

        var points = new List<ActiveUsersPoint>(range.Days);
        foreach (var day in range.EachDay())
        {
            var (daily, weekly, monthly) = byDay.GetValueOrDefault(day);
            points.Add(new ActiveUsersPoint(day, daily, weekly, monthly));
        }

        return points;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Rows are emitted only for counts above zero. A key is counted when the user has a breakdown row for it (any
    /// counters); "completion activity" is a <c>code_completion</c> feature row and "chat activity" a <c>chat_*</c>
    /// feature row (for <see cref="EngagementKind.ChatModel"/>, a <c>totals_by_model_feature</c> row of a chat feature;
    /// for <see cref="EngagementKind.CompletionModel"/>, one of <c>code_completion</c>). The counts are taken when a day
    /// is written, so a day written by a version before <see cref="EngagementKind.CompletionModel"/> existed has none
    /// of that kind until it is written again.
    /// </remarks>
    public async Task<IReadOnlyList<DailyEngagement>> GetDailyEngagementAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        var result = await ReadRangeAsync(
            scope,
            range,
            $"SELECT day, kind, key, users FROM {_q}.day_engagement WHERE scope_id = $1 AND day BETWEEN $2 AND $3 AND users > 0",
            static reader => new DailyEngagement(reader.GetFieldValue<DateOnly>(0), (EngagementKind)reader.GetInt16(1), reader.GetString(2), reader.GetInt32(3)),
            cancellationToken).ConfigureAwait(false);
        result.Sort(static (a, b) =>
        {
            var c = a.Day.CompareTo(b.Day);
            if (c == 0)
            {
                c = a.Kind.CompareTo(b.Kind);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Seats are counted by assignee id (an assignee granted a seat by several organizations or teams counts once; seats
    /// without an assignee are not counted). An assignee is active when the latest <c>last_activity_at</c> of their
    /// seats falls on or after 00:00 UTC of the snapshot day minus <paramref name="activeWithinDays"/> days, and never
    /// used when none of their seats has a <c>last_activity_at</c>.
    /// </remarks>
    public async Task<IReadOnlyList<SeatHistoryPoint>> GetSeatHistoryAsync(MetricsScope scope, DateRange range, int activeWithinDays, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateActiveWithinDays(activeWithinDays);
        var result = new List<SeatHistoryPoint>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is not { } scopeId)
            {
                return result;
            }

            using var command = Command(
                $"""
                WITH snapshots AS (SELECT day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $4 AND day BETWEEN $2 AND $3),
                per AS (
                    SELECT day, assignee_id, max(last_activity_at) AS last, bool_and(last_activity_at IS NULL) AS never
                    FROM {_q}.seat_snapshots WHERE scope_id = $1 AND day BETWEEN $2 AND $3 AND assignee_id IS NOT NULL
                    GROUP BY day, assignee_id)
                SELECT s.day, count(per.assignee_id)::integer,
                    (count(*) FILTER (WHERE per.last >= (greatest(s.day - $5, date '0001-01-01')::timestamp AT TIME ZONE 'UTC')))::integer,
                    (count(*) FILTER (WHERE per.never))::integer
                FROM snapshots s LEFT JOIN per ON per.day = s.day
                GROUP BY s.day ORDER BY s.day
                """,
                connection,
                null,
                P(scopeId),
                Day(range.From),
                Day(range.To),
                P((short)SyncDataset.Seats),
                P(activeWithinDays));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new SeatHistoryPoint(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>A day stored empty (zero rows) has stored data and is not missing.</remarks>
    public async Task<IReadOnlyList<DateOnly>> GetMissingDaysAsync(MetricsScope scope, SyncDataset dataset, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        MetricsStoreRules.ValidateDataset(dataset);

        var present = new HashSet<DateOnly>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await FindScopeIdAsync(connection, scope, cancellationToken).ConfigureAwait(false) is { } scopeId)
            {
                using var command = Command(
                    $"""
                    SELECT day FROM {_q}.report_days WHERE scope_id = $1 AND dataset = $2 AND day BETWEEN $3 AND $4
                    UNION
                    SELECT day FROM {_q}.sync_status WHERE scope_id = $1 AND dataset = $2 AND day BETWEEN $3 AND $4 AND state IN ($5, $6)
                    """,
                    connection,
                    null,
                    P(scopeId),
                    P((short)dataset),
                    Day(range.From),
                    Day(range.To),
                    P((short)SyncDayState.Completed),
                    P((short)SyncDayState.Empty));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        present.Add(reader.GetFieldValue<DateOnly>(0));
                    }
                }
            }
        }

        return [.. range.EachDay().Where(d => !present.Contains(d))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricsScope>> GetScopesAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<MetricsScope>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(
                $"""
                SELECT s.kind, s.name FROM {_q}.scopes s
                WHERE EXISTS (SELECT 1 FROM {_q}.report_days r WHERE r.scope_id = s.scope_id)
                   OR EXISTS (SELECT 1 FROM {_q}.sync_status t WHERE t.scope_id = s.scope_id AND t.state IS NOT NULL)
                """,
                connection,
                null);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new MetricsScope((ScopeKind)reader.GetInt16(0), reader.GetString(1)));
                }
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return result;
    }
}
