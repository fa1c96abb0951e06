using CopilotMetrics.Billing;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>
/// The writes: each stream is read, checked and encoded in full first (the lossless copy compressed as it streams),
/// then the day is replaced in one <c>BEGIN IMMEDIATE</c> transaction. Anything that fails before the commit leaves the
/// previous version of the day as it was.
/// </summary>
public sealed partial class SqliteMetricsStore
{
    private const string CounterColumns = "interactions, generations, acceptances, loc_suggested_to_add, loc_suggested_to_delete, loc_added, loc_deleted";
    private const string CounterValues = "$c0, $c1, $c2, $c3, $c4, $c5, $c6";
    private static readonly string[] CounterNames = ["$c0", "$c1", "$c2", "$c3", "$c4", "$c5", "$c6"];

    private readonly Dictionary<long, Dictionary<long, int>> _ordinals = [];

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceAggregateDayAsync(MetricsScope scope, AggregateDayRecord record, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        var json = hash.Add(record);
        var line = new byte[json.Length + 1];
        json.CopyTo(line);
        line[^1] = (byte)'\n';
        var chunk = new CompressedChunk(1, RawChunkWriter.Compress(line, _options.CompressionLevel));
        var contentHash = hash.Finish();
        var day = record.Day;
        var series = ActivityCounts.From(record);
        var breakdowns = new List<(int Dimension, string Key, ActivityCounts Counts)>();
        foreach (var dimension in Enum.GetValues<BreakdownDimension>())
        {
            var sums = new Dictionary<string, ActivityCounts>(StringComparer.Ordinal);
            foreach (var (key, counts) in AggregateRows(record, dimension))
            {
                sums[key] = sums.GetValueOrDefault(key) + counts;
            }

            breakdowns.AddRange(sums.Select(s => ((int)BitDimension.Of(dimension), s.Key, s.Value)));
        }

        return await WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, scope);
            var replaced = ReplaceRaw(db, scopeId, SyncDataset.Aggregate, day, 1, contentHash, [chunk]);
            db.Execute("DELETE FROM aggregate_days WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber));
            db.Execute("DELETE FROM aggregate_breakdowns WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber));
            using (var insert = db.Command(
                $"INSERT INTO aggregate_days (scope_id, day, daily_active_users, weekly_active_users, monthly_active_users, monthly_active_chat_users, monthly_active_agent_users, {CounterColumns}) VALUES ($s, $d, $u0, $u1, $u2, $u3, $u4, {CounterValues})",
                ("$s", scopeId), ("$d", day.DayNumber), ("$u0", record.DailyActiveUsers), ("$u1", record.WeeklyActiveUsers), ("$u2", record.MonthlyActiveUsers),
                ("$u3", record.MonthlyActiveChatUsers), ("$u4", record.MonthlyActiveAgentUsers)))
            {
                AddCounters(insert, series);
                insert.ExecuteNonQuery();
            }

            using (var insert = db.Prepared($"INSERT INTO aggregate_breakdowns (scope_id, day, dimension, key, {CounterColumns}) VALUES ($s, $d, $dim, $key, {CounterValues})", ["$s", "$d", "$dim", "$key", .. CounterNames]))
            {
                foreach (var (dimension, key, counts) in breakdowns)
                {
                    Set(insert, scopeId, day, ("$dim", dimension), ("$key", key));
                    SetCounters(insert, counts);
                    insert.ExecuteNonQuery();
                }
            }

            return new StoredDay(1, contentHash, replaced);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceUserDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_options.CompressionLevel);
        var check = new DayRecordValidator(day, nameof(records));
        var facts = new UserDayFacts();
        var rows = new List<(long UserId, string Login, ActivityCounts Activity, double? Credits)>();
        await foreach (var item in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = check.Check(item);
            raw.Append(hash.Add(record), new RecordKey(record.UserId, 0));
            facts.Add(record);
            rows.Add((record.UserId, record.UserLogin ?? "", ActivityCounts.From(record), record.AiCreditsUsed));
        }

        var (chunks, mergedHash) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var contentHash = mergedHash ?? hash.Finish();
        var order = Enumerable.Range(0, rows.Count).ToArray();
        if (!raw.Sorted)
        {
            Array.Sort(order, (a, b) => rows[a].UserId.CompareTo(rows[b].UserId));
        }

        return await WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, scope);
            var ordinals = Ordinals(db, scopeId, facts.Users);
            var sorted = new List<UserFact>(rows.Count);
            foreach (var i in order)
            {
                sorted.Add(new UserFact(rows[i].UserId, ordinals[i], rows[i].Login, rows[i].Activity, rows[i].Credits));
            }

            var (factsBlob, loginsBlob) = UserFactsBlob.Encode(sorted);
            var replaced = ReplaceRaw(db, scopeId, SyncDataset.Users, day, rows.Count, contentHash, chunks);
            foreach (var table in (string[])["user_day_facts", "day_user_bits", "day_engagement", "surface_backfill"])
            {
                db.Execute($"DELETE FROM {table} WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber));
            }

            db.Execute("INSERT INTO user_day_facts (scope_id, day, users, facts, logins) VALUES ($s, $d, $n, $f, $l)",
                ("$s", scopeId), ("$d", day.DayNumber), ("$n", rows.Count), ("$f", factsBlob), ("$l", loginsBlob));

            var active = Bitmap.Of(ordinals);
            using (var insert = db.Prepared("INSERT INTO day_user_bits (scope_id, dimension, day, key, bits) VALUES ($s, $dim, $d, $key, $bits)", "$s", "$dim", "$d", "$key", "$bits"))
            {
                if (rows.Count > 0)
                {
                    Set(insert, scopeId, day, ("$dim", (int)BitDimension.Active), ("$key", ""), ("$bits", Bitmap.Encode(active)));
                    insert.ExecuteNonQuery();
                }

                foreach (var (dimension, key, users) in facts.Keys)
                {
                    Set(insert, scopeId, day, ("$dim", (int)dimension), ("$key", key), ("$bits", Bitmap.Encode(Bitmap.Of(users.Select(u => ordinals[u])))));
                    insert.ExecuteNonQuery();
                }
            }

            using (var insert = db.Prepared("INSERT INTO day_engagement (scope_id, day, kind, key, users) VALUES ($s, $d, $kind, $key, $n)", "$s", "$d", "$kind", "$key", "$n"))
            {
                foreach (var (kind, key, users) in facts.Engagement)
                {
                    Set(insert, scopeId, day, ("$kind", (int)kind), ("$key", key), ("$n", users));
                    insert.ExecuteNonQuery();
                }
            }

            // The day's team sums, now joined with these rows.
            var byOrdinal = ActivityByOrdinal(sorted.Select(static f => (f.Ordinal, f.Activity)));
            var teams = new List<(long TeamId, byte[] Members)>();
            using (var reader = db.Reader("SELECT team_id, members FROM team_days WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber)))
            {
                while (reader.Read())
                {
                    teams.Add((reader.GetInt64(0), (byte[])reader[1]));
                }
            }

            UpdateTeamSums(db, scopeId, day, teams.Select(t => (t.TeamId, Bitmap.Decode(t.Members))), active, byOrdinal);
            return new StoredDay(rows.Count, contentHash, replaced);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceUserTeamDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserTeamRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_options.CompressionLevel);
        var check = new DayRecordValidator(day, nameof(records));
        var rows = new List<(long TeamId, long UserId, string? Slug)>();
        await foreach (var item in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = check.Check(item);
            raw.Append(hash.Add(record), new RecordKey(record.TeamId, record.UserId));
            rows.Add((record.TeamId, record.UserId, record.Slug));
        }

        var (chunks, mergedHash) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var contentHash = mergedHash ?? hash.Finish();
        if (!raw.Sorted)
        {
            rows.Sort(static (a, b) => a.TeamId != b.TeamId ? a.TeamId.CompareTo(b.TeamId) : a.UserId.CompareTo(b.UserId));
        }

        return await WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, scope);
            var ordinals = Ordinals(db, scopeId, rows.ConvertAll(static r => r.UserId));
            var replaced = ReplaceRaw(db, scopeId, SyncDataset.UserTeams, day, rows.Count, contentHash, chunks);
            db.Execute("DELETE FROM team_days WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber));

            // One run of rows per team: its last non-null slug and its members.
            var teams = new List<(long TeamId, string? Slug, ulong[] Members)>();
            for (var start = 0; start < rows.Count;)
            {
                var team = rows[start].TeamId;
                string? slug = null;
                var members = new List<int>();
                var i = start;
                for (; i < rows.Count && rows[i].TeamId == team; i++)
                {
                    slug = rows[i].Slug ?? slug;
                    members.Add(ordinals[i]);
                }

                teams.Add((team, slug, Bitmap.Of(members)));
                start = i;
            }

            using (var insert = db.Prepared($"INSERT INTO team_days (scope_id, day, team_id, slug, members, active, {CounterColumns}) VALUES ($s, $d, $t, $slug, $m, x'', 0, 0, 0, 0, 0, 0, 0)", "$s", "$d", "$t", "$slug", "$m"))
            {
                foreach (var (team, slug, members) in teams)
                {
                    Set(insert, scopeId, day, ("$t", team), ("$slug", slug), ("$m", Bitmap.Encode(members)));
                    insert.ExecuteNonQuery();
                }
            }

            // Join with the day's per-user rows, if stored.
            using (var reader = db.Reader("SELECT facts FROM user_day_facts WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber)))
            {
                if (reader.Read())
                {
                    var activity = UserFactsBlob.ReadActivity((byte[])reader[0]);
                    var active = Bitmap.Of(activity.Select(static a => a.Ordinal));
                    UpdateTeamSums(db, scopeId, day, teams.Select(static t => (t.TeamId, t.Members)), active, ActivityByOrdinal(activity));
                }
            }

            return new StoredDay(rows.Count, contentHash, replaced);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<StoredDay> ReplaceRepositoryDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<RepositoryDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        var check = new DayRecordValidator(day, nameof(records));
        return ReplaceRawOnlyAsync(scope, SyncDataset.Repositories, day, records, check.Check, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredDay> ReplaceAiCreditDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<AiCreditUsageItem> items, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(items);
        var check = new DayRecordValidator(day, nameof(items));
        return ReplaceRawOnlyAsync(scope, SyncDataset.AiCredits, day, items, check.Check, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceSeatSnapshotAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<CopilotSeat> seats, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(seats);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_options.CompressionLevel);
        var check = new DayRecordValidator(day, nameof(seats));
        var facts = new List<(long? AssigneeId, DateTimeOffset? LastActivityAt)>();
        await foreach (var item in seats.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seat = check.Check(item);
            raw.Append(hash.Add(seat), new RecordKey(facts.Count, 0));
            facts.Add((seat.Assignee?.Id, seat.LastActivityAt));
        }

        var (chunks, _) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var contentHash = hash.Finish();
        return await WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, scope);
            var replaced = ReplaceRaw(db, scopeId, SyncDataset.Seats, day, facts.Count, contentHash, chunks);
            db.Execute("DELETE FROM seat_facts WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day.DayNumber));
            using var insert = db.Prepared("INSERT INTO seat_facts (scope_id, day, seq, assignee_id, last_activity_at) VALUES ($s, $d, $q, $a, $t)", "$s", "$d", "$q", "$a", "$t");
            for (var i = 0; i < facts.Count; i++)
            {
                Set(insert, scopeId, day, ("$q", i), ("$a", facts[i].AssigneeId), ("$t", facts[i].LastActivityAt?.UtcTicks));
                insert.ExecuteNonQuery();
            }

            return new StoredDay(facts.Count, contentHash, replaced);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A report-day (scope, dataset, day) counts once when its data, its status or both were removed. Claims of the
    /// removed days are dropped too. User numbers stay (they are the bit positions of the remaining days).
    /// </remarks>
    public Task<long> PurgeBeforeAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(db =>
        {
            var cut = ("$d", (object?)before.DayNumber);
            var removed = (long)db.Scalar(
                "SELECT count(*) FROM (SELECT scope_id, dataset, day FROM report_days WHERE day < $d UNION SELECT scope_id, dataset, day FROM sync_status WHERE day < $d AND state IS NOT NULL)", cut)!;
            foreach (var table in (string[])["report_days", "raw_chunks", "aggregate_days", "aggregate_breakdowns", "user_day_facts", "day_user_bits", "day_engagement", "team_days", "seat_facts", "sync_status", "surface_backfill"])
            {
                db.Execute($"DELETE FROM {table} WHERE day < $d", cut);
            }

            return removed;
        }, cancellationToken);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /// <summary>A dataset kept as its lossless copy only, in the order written (repositories, AI credits).</summary>
    private async Task<StoredDay> ReplaceRawOnlyAsync<T>(MetricsScope scope, SyncDataset dataset, DateOnly day, IAsyncEnumerable<T> records, Func<T?, T> check, CancellationToken cancellationToken)
        where T : ReportObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_options.CompressionLevel);
        long position = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            raw.Append(hash.Add(check(record)), new RecordKey(position++, 0));
        }

        var (chunks, _) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var contentHash = hash.Finish();
        return await WriteAsync(db =>
        {
            var scopeId = EnsureScope(db, scope);
            var replaced = ReplaceRaw(db, scopeId, dataset, day, position, contentHash, chunks);
            return new StoredDay(position, contentHash, replaced);
        }, cancellationToken).ConfigureAwait(false);
    }

    internal static IEnumerable<(string Key, ActivityCounts Counts)> AggregateRows(AggregateDayRecord record, BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Ide => (record.TotalsByIde ?? []).Where(static r => r is not null).Select(static r => (r.Ide ?? "", ActivityCounts.From(r))),
        BreakdownDimension.Feature => (record.TotalsByFeature ?? []).Where(static r => r is not null).Select(static r => (r.Feature ?? "", ActivityCounts.From(r))),
        BreakdownDimension.Language => (record.TotalsByLanguageFeature ?? []).Where(static r => r is not null).Select(static r => (r.Language ?? "", ActivityCounts.From(r))),
        _ => (record.TotalsByModelFeature ?? []).Where(static r => r is not null).Select(static r => (r.Model ?? "", ActivityCounts.From(r))),
    };

    /// <summary>Replaces the day's lossless copy and its <c>report_days</c> row; returns whether a version was stored before.</summary>
    private static bool ReplaceRaw(Db db, long scopeId, SyncDataset dataset, DateOnly day, long rows, string contentHash, List<CompressedChunk> chunks)
    {
        var key = new (string, object?)[] { ("$s", scopeId), ("$ds", (int)dataset), ("$d", day.DayNumber) };
        var replaced = db.Scalar("SELECT 1 FROM report_days WHERE scope_id = $s AND dataset = $ds AND day = $d", key) is not null;
        db.Execute("DELETE FROM raw_chunks WHERE scope_id = $s AND dataset = $ds AND day = $d", key);
        using (var insert = db.Prepared("INSERT INTO raw_chunks (scope_id, dataset, day, seq, records, data) VALUES ($s, $ds, $d, $q, $n, $data)", "$s", "$ds", "$d", "$q", "$n", "$data"))
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                insert.Parameters["$s"].Value = scopeId;
                insert.Parameters["$ds"].Value = (int)dataset;
                insert.Parameters["$d"].Value = day.DayNumber;
                insert.Parameters["$q"].Value = i;
                insert.Parameters["$n"].Value = chunks[i].Records;
                insert.Parameters["$data"].Value = chunks[i].Data;
                insert.ExecuteNonQuery();
            }
        }

        db.Execute(
            "INSERT INTO report_days (scope_id, dataset, day, row_count, content_hash) VALUES ($s, $ds, $d, $n, $h) ON CONFLICT (scope_id, dataset, day) DO UPDATE SET row_count = excluded.row_count, content_hash = excluded.content_hash",
            [.. key, ("$n", rows), ("$h", contentHash)]);
        return replaced;
    }

    /// <summary>The ordinal of each user id (new ones are numbered after the scope's last and inserted).</summary>
    private int[] Ordinals(Db db, long scopeId, List<long> userIds)
    {
        Dictionary<long, int> known;
        lock (_ordinals)
        {
            if (!_ordinals.TryGetValue(scopeId, out known!))
            {
                _ordinals[scopeId] = known = [];
            }
        }

        // Numbers other processes (or instances) added since: the table only grows, and this write holds the lock.
        using (var reader = db.Reader("SELECT user_id, ordinal FROM user_ordinals WHERE scope_id = $s AND ordinal >= $n", ("$s", scopeId), ("$n", known.Count)))
        {
            while (reader.Read())
            {
                known[reader.GetInt64(0)] = reader.GetInt32(1);
            }
        }

        var result = new int[userIds.Count];
        SqliteCommand? insert = null;
        try
        {
            for (var i = 0; i < result.Length; i++)
            {
                if (!known.TryGetValue(userIds[i], out var ordinal))
                {
                    ordinal = known.Count;
                    known.Add(userIds[i], ordinal);
                    insert ??= db.Prepared("INSERT INTO user_ordinals (scope_id, user_id, ordinal) VALUES ($s, $u, $o)", "$s", "$u", "$o");
                    insert.Parameters["$s"].Value = scopeId;
                    insert.Parameters["$u"].Value = userIds[i];
                    insert.Parameters["$o"].Value = ordinal;
                    insert.ExecuteNonQuery();
                }

                result[i] = ordinal;
            }
        }
        finally
        {
            insert?.Dispose();
        }

        return result;
    }

    /// <summary>Drops the cached user numbers (a write failed: the numbers it added were rolled back).</summary>
    private void ForgetOrdinals()
    {
        lock (_ordinals)
        {
            _ordinals.Clear();
        }
    }

    private static ActivityCounts[] ActivityByOrdinal(IEnumerable<(int Ordinal, ActivityCounts Activity)> rows)
    {
        var list = rows.ToList();
        var result = new ActivityCounts[list.Count == 0 ? 0 : list.Max(static r => r.Ordinal) + 1];
        foreach (var (ordinal, activity) in list)
        {
            result[ordinal] = activity;
        }

        return result;
    }

    /// <summary>Sets each team's active members (members with a row that day) and their summed counters.</summary>
    private static void UpdateTeamSums(Db db, long scopeId, DateOnly day, IEnumerable<(long TeamId, ulong[] Members)> teams, ulong[] users, ActivityCounts[] activity)
    {
        using var update = db.Prepared($"UPDATE team_days SET active = $a, interactions = $c0, generations = $c1, acceptances = $c2, loc_suggested_to_add = $c3, loc_suggested_to_delete = $c4, loc_added = $c5, loc_deleted = $c6 WHERE scope_id = $s AND day = $d AND team_id = $t", ["$a", .. CounterNames, "$s", "$d", "$t"]);
        foreach (var (team, members) in teams)
        {
            var active = Bitmap.And(members, users);
            var sum = default(ActivityCounts);
            for (var w = 0; w < active.Length; w++)
            {
                var word = active[w];
                while (word != 0)
                {
                    var ordinal = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    sum += activity[ordinal];
                }
            }

            Set(update, scopeId, day, ("$t", team), ("$a", Bitmap.Encode(active)));
            SetCounters(update, sum);
            update.ExecuteNonQuery();
        }
    }

    private static void Set(SqliteCommand command, long scopeId, DateOnly day, params (string Name, object? Value)[] values)
    {
        command.Parameters["$s"].Value = scopeId;
        command.Parameters["$d"].Value = day.DayNumber;
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }
    }

    private static void SetCounters(SqliteCommand command, ActivityCounts counts)
    {
        command.Parameters["$c0"].Value = counts.UserInitiatedInteractions;
        command.Parameters["$c1"].Value = counts.CodeGenerations;
        command.Parameters["$c2"].Value = counts.CodeAcceptances;
        command.Parameters["$c3"].Value = counts.LocSuggestedToAdd;
        command.Parameters["$c4"].Value = counts.LocSuggestedToDelete;
        command.Parameters["$c5"].Value = counts.LocAdded;
        command.Parameters["$c6"].Value = counts.LocDeleted;
    }

    private static void AddCounters(SqliteCommand command, ActivityCounts counts)
    {
        for (var i = 0; i < CounterNames.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = CounterNames[i] });
        }

        SetCounters(command, counts);
    }
}
