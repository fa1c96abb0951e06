using System.Buffers.Binary;
using System.Security.Cryptography;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The user-team day writer: each team's member set (a version, stored once per distinct set with its members and
/// bitmap), the day's team rows, and the team sums it shares with the per-user writer.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public Task<StoredDay> ReplaceUserTeamDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserTeamRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        return WriteDayAsync(scope, SyncDataset.UserTeams, day, write => WriteUserTeamsAsync(write, records, cancellationToken), cancellationToken);
    }

    private async Task<(long, string)> WriteUserTeamsAsync(DayWrite write, IAsyncEnumerable<UserTeamRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2)
            DELETE FROM {_q}.team_days WHERE scope_id = $1 AND day = $2
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P((short)SyncDataset.UserTeams)).ConfigureAwait(false);
        await LockTeamDayAsync(write, cancellationToken).ConfigureAwait(false);

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_compressionLevel);
        var check = new DayRecordValidator(write.Day, nameof(records));
        var rows = new List<(long Team, long User, string? Slug)>();
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            check.Check(record);
            raw.Append(hash.Add(record), new RecordKey(record.TeamId, record.UserId));
            rows.Add((record.TeamId, record.UserId, record.Slug));
        }

        var (chunks, mergedHash) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var contentHash = mergedHash ?? hash.Finish();
        await WriteChunksAsync(write, SyncDataset.UserTeams, chunks, cancellationToken).ConfigureAwait(false);

        // Each team's member set (a version, stored once per distinct set) and slug: the last non-null slug by user id.
        rows.Sort(static (a, b) => a.Team != b.Team ? a.Team.CompareTo(b.Team) : a.User.CompareTo(b.User));
        var teams = new List<TeamDay>();
        for (var i = 0; i < rows.Count;)
        {
            var team = rows[i].Team;
            var members = new List<long>();
            string? slug = null;
            for (; i < rows.Count && rows[i].Team == team; i++)
            {
                members.Add(rows[i].User);
                slug = rows[i].Slug ?? slug;
            }

            teams.Add(new TeamDay(team, [.. members], slug, MembersHash(members)));
        }

        if (teams.Count > 0)
        {
            await ResolveTeamVersionsAsync(write, teams, cancellationToken).ConfigureAwait(false);
            var importer = await write.Connection.BeginBinaryImportAsync($"COPY {_q}.team_days (scope_id, day, team_id, version_id, slug) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                importer.Timeout = TimeSpan.FromSeconds(_timeout);
                foreach (var team in teams)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(write.ScopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(write.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(team.TeamId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(team.VersionId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    if (team.Slug is null)
                    {
                        await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(team.Slug, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    }
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // The teams' counters over the day's per-user rows (already committed, or none yet).
        var sums = new Dictionary<long, ActivityCounts>();
        if (teams.Count > 0)
        {
            var counters = new Dictionary<long, ActivityCounts>();
            using (var command = Command($"SELECT user_id, {Counters} FROM {_q}.user_days WHERE scope_id = $1 AND day = $2", write.Connection, write.Transaction, P(write.ScopeId), Day(write.Day)))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        counters[reader.GetInt64(0)] = ReadCounts(reader, 1);
                    }
                }
            }

            if (counters.Count > 0)
            {
                foreach (var team in teams)
                {
                    var sum = default(ActivityCounts);
                    var any = false;
                    foreach (var user in team.Members)
                    {
                        if (counters.TryGetValue(user, out var c))
                        {
                            sum += c;
                            any = true;
                        }
                    }

                    if (any)
                    {
                        sums[team.TeamId] = sum;
                    }
                }
            }
        }

        await ReplaceTeamSumsAsync(write, sums, cancellationToken).ConfigureAwait(false);
        return (rows.Count, contentHash);
    }

    /// <summary>
    /// Takes the day's team lock: a per-user write and a user-team write of the same day take turns, so the one that
    /// commits last computes the day's team sums from the other's committed rows.
    /// </summary>
    private Task LockTeamDayAsync(DayWrite write, CancellationToken cancellationToken) =>
        ExecuteAsync(write.Connection, write.Transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "team-day", write.ScopeId, write.Day.DayNumber)));

    private static byte[] MembersHash(List<long> sortedMembers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[8];
        foreach (var member in sortedMembers)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, member);
            hash.AppendData(buffer);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Finds or creates the version (member set) of each team; a new version gets its members and their bitmap.</summary>
    private async Task ResolveTeamVersionsAsync(DayWrite write, List<TeamDay> teams, CancellationToken cancellationToken)
    {
        const string Lookup = "SELECT v.team_id, v.members_hash, v.version_id FROM {0}.team_versions v JOIN unnest($2::bigint[], $3::bytea[]) AS t(team_id, h) ON v.scope_id = $1 AND v.team_id = t.team_id AND v.members_hash = t.h";
        async Task FindAsync(List<TeamDay> wanted)
        {
            var byKey = wanted.ToDictionary(t => (t.TeamId, Convert.ToHexString(t.Hash)));
            using var command = Command(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, Lookup, _q),
                write.Connection,
                write.Transaction,
                P(write.ScopeId),
                P(wanted.Select(t => t.TeamId).ToArray()),
                P(wanted.Select(t => t.Hash).ToArray()));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    byKey[(reader.GetInt64(0), Convert.ToHexString(reader.GetFieldValue<byte[]>(1)))].VersionId = reader.GetInt64(2);
                }
            }
        }

        await FindAsync(teams).ConfigureAwait(false);
        var missing = teams.Where(t => t.VersionId == 0).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // New member sets: create them under the scope's lock (several writers may meet the same new set).
        await ExecuteAsync(write.Connection, write.Transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, P(Sql.LockKey(_schema, "team-versions", write.ScopeId))).ConfigureAwait(false);
        await FindAsync(missing).ConfigureAwait(false);
        missing = [.. missing.Where(t => t.VersionId == 0)];
        if (missing.Count == 0)
        {
            return;
        }

        using (var insert = Command(
            $"""
            INSERT INTO {_q}.team_versions (scope_id, team_id, members_hash, member_count)
            SELECT $1, t.team_id, t.h, t.n FROM unnest($2::bigint[], $3::bytea[], $4::integer[]) WITH ORDINALITY AS t(team_id, h, n, i) ORDER BY t.i
            RETURNING team_id, version_id
            """,
            write.Connection,
            write.Transaction,
            P(write.ScopeId),
            P(missing.Select(t => t.TeamId).ToArray()),
            P(missing.Select(t => t.Hash).ToArray()),
            P(missing.Select(t => t.Members.Length).ToArray())))
        {
            var byTeam = missing.ToDictionary(t => t.TeamId);
            var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    byTeam[reader.GetInt64(0)].VersionId = reader.GetInt64(1);
                }
            }
        }

        var memberIds = missing.SelectMany(t => t.Members).Distinct().ToList();
        var (ordinals, publish) = await _ordinals.ResolveAsync(write.Connection, write.Transaction, write.ScopeId, memberIds, _timeout, cancellationToken).ConfigureAwait(false);
        write.OnCommit(publish);

        var members = await write.Connection.BeginBinaryImportAsync($"COPY {_q}.team_version_members (version_id, user_id) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (members.ConfigureAwait(false))
        {
            members.Timeout = TimeSpan.FromSeconds(_timeout);
            foreach (var team in missing)
            {
                foreach (var user in team.Members)
                {
                    await members.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await members.WriteAsync(team.VersionId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await members.WriteAsync(user, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
            }

            await members.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var bits = await write.Connection.BeginBinaryImportAsync($"COPY {_q}.team_version_bits (version_id, block, bits) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (bits.ConfigureAwait(false))
        {
            bits.Timeout = TimeSpan.FromSeconds(_timeout);
            foreach (var team in missing)
            {
                var bitmap = new UserBitmap();
                foreach (var user in team.Members)
                {
                    bitmap.Set(ordinals[user]);
                }

                foreach (var (block, blockBits) in bitmap.Blocks())
                {
                    await bits.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await bits.WriteAsync(team.VersionId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await bits.WriteAsync(block, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await bits.WriteAsync(blockBits, NpgsqlDbType.Varbit, cancellationToken).ConfigureAwait(false);
                }
            }

            await bits.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces the day's team sums, then its pack (its team rows with their sums, for team metrics).</summary>
    private async Task ReplaceTeamSumsAsync(DayWrite write, Dictionary<long, ActivityCounts> sums, CancellationToken cancellationToken)
    {
        await ExecuteAsync(write.Connection, write.Transaction, $"DELETE FROM {_q}.team_day_sums WHERE scope_id = $1 AND day = $2", cancellationToken, P(write.ScopeId), Day(write.Day)).ConfigureAwait(false);
        if (sums.Count > 0)
        {
            await InsertTeamSumsAsync(write, sums, cancellationToken).ConfigureAwait(false);
        }

        // The same statement as migration 0006's back-fill, for one day (no row when the day has no team). The old pack
        // goes first, in its own statement: a DELETE and an INSERT of one key in a single statement collide.
        await ExecuteAsync(write.Connection, write.Transaction, $"DELETE FROM {_q}.team_day_packs WHERE scope_id = $1 AND day = $2", cancellationToken, P(write.ScopeId), Day(write.Day)).ConfigureAwait(false);
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH t AS (
                SELECT td.team_id, td.version_id, td.slug, ARRAY[
                    coalesce(s.user_initiated_interaction_count, 0), coalesce(s.code_generation_activity_count, 0),
                    coalesce(s.code_acceptance_activity_count, 0), coalesce(s.loc_suggested_to_add_sum, 0),
                    coalesce(s.loc_suggested_to_delete_sum, 0), coalesce(s.loc_added_sum, 0), coalesce(s.loc_deleted_sum, 0)]::bigint[] AS c
                FROM {_q}.team_days td
                LEFT JOIN {_q}.team_day_sums s ON s.scope_id = td.scope_id AND s.day = td.day AND s.team_id = td.team_id
                WHERE td.scope_id = $1 AND td.day = $2),
            g AS (
                SELECT array_agg(team_id ORDER BY team_id) AS team_ids, array_agg(version_id ORDER BY team_id) AS version_ids,
                    array_agg(slug ORDER BY team_id) AS slugs, array_agg(c ORDER BY team_id) AS c
                FROM t HAVING count(*) > 0)
            INSERT INTO {_q}.team_day_packs (scope_id, day, team_ids, version_ids, slugs, counters)
            SELECT $1, $2, team_ids, version_ids, slugs, ARRAY(SELECT x FROM unnest(g.c) WITH ORDINALITY AS u(x, o) ORDER BY o)
            FROM g
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day)).ConfigureAwait(false);
    }

    private async Task InsertTeamSumsAsync(DayWrite write, Dictionary<long, ActivityCounts> sums, CancellationToken cancellationToken)
    {

        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.team_day_sums (scope_id, day, team_id, {Counters})
            SELECT $1, $2, t, c1, c2, c3, c4, c5, c6, c7
            FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[]) AS x(t, c1, c2, c3, c4, c5, c6, c7)
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P(sums.Keys.ToArray()),
            P(sums.Values.Select(v => v.UserInitiatedInteractions).ToArray()),
            P(sums.Values.Select(v => v.CodeGenerations).ToArray()),
            P(sums.Values.Select(v => v.CodeAcceptances).ToArray()),
            P(sums.Values.Select(v => v.LocSuggestedToAdd).ToArray()),
            P(sums.Values.Select(v => v.LocSuggestedToDelete).ToArray()),
            P(sums.Values.Select(v => v.LocAdded).ToArray()),
            P(sums.Values.Select(v => v.LocDeleted).ToArray())).ConfigureAwait(false);
    }

    private sealed class TeamDay(long teamId, long[] members, string? slug, byte[] hash)
    {
        public long TeamId { get; } = teamId;

        public long[] Members { get; } = members;

        public string? Slug { get; } = slug;

        public byte[] Hash { get; } = hash;

        public long VersionId { get; set; }
    }
}
