using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>The replace-a-day writes.</summary>
public sealed partial class PostgresMetricsStore
{
    private const int CopyFlushBytes = 256 * 1024;

    private const string UserColumns =
        "scope_id, day, user_id, user_initiated_interaction_count, code_generation_activity_count, code_acceptance_activity_count, " +
        "loc_suggested_to_add_sum, loc_suggested_to_delete_sum, loc_added_sum, loc_deleted_sum, ai_credits_used, ai_adoption_phase, " +
        "used_agent, used_chat, used_cli, used_copilot_coding_agent, used_copilot_cloud_agent, used_copilot_code_review_active, " +
        "used_copilot_code_review_passive, login";

    /// <inheritdoc />
    public Task<StoredDay> ReplaceAggregateDayAsync(MetricsScope scope, AggregateDayRecord record, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(record);
        return WriteDayAsync(scope, SyncDataset.Aggregate, record.Day, write => WriteAggregateAsync(write, record, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredDay> ReplaceUserDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        return WriteDayAsync(scope, SyncDataset.Users, day, write => WriteUsersAsync(write, records, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredDay> ReplaceUserTeamDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserTeamRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        return WriteDayAsync(scope, SyncDataset.UserTeams, day, write => WriteUserTeamsAsync(write, records, cancellationToken), cancellationToken);
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

    // ---- aggregate ----------------------------------------------------------------------------------------------

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

    // ---- per-user days ------------------------------------------------------------------------------------------

    private async Task<(long, string)> WriteUsersAsync(DayWrite write, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.user_days WHERE scope_id = $1 AND day = $2),
                 b AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2),
                 c AS (DELETE FROM {_q}.day_user_bits WHERE scope_id = $1 AND day = $2)
            DELETE FROM {_q}.day_engagement WHERE scope_id = $1 AND day = $2
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P((short)SyncDataset.Users)).ConfigureAwait(false);

        // The day's memberships (user -> teams), to sum the teams' counters as the rows stream past.
        await LockTeamDayAsync(write, cancellationToken).ConfigureAwait(false);
        var teamsOf = await LoadMembershipAsync(write, cancellationToken).ConfigureAwait(false);
        var teamSums = new Dictionary<long, ActivityCounts>();

        // Two stages: this loop checks each record and encodes its typed row into the COPY stream; a second task
        // serializes it (the JSON the content hash covers and the lossless copy keeps), hashes it and gathers the
        // day's facts, while the chunks it fills are compressed on the thread pool.
        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_compressionLevel);
        var facts = new UserDayFacts();
        var check = new DayRecordValidator(write.Day, nameof(records));
        var channel = Channel.CreateBounded<UserDayRecord>(new BoundedChannelOptions(2048) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var worker = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var record in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                    {
                        raw.Append(hash.Add(record), new RecordKey(record.UserId, 0));
                        facts.Add(record);
                        if (teamsOf.TryGetValue(record.UserId, out var teams))
                        {
                            var counts = ActivityCounts.From(record);
                            foreach (var team in teams)
                            {
                                teamSums[team] = teamSums.GetValueOrDefault(team) + counts;
                            }
                        }
                    }
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e);
                    throw;
                }
            },
            CancellationToken.None);

        var copy = await write.Connection.BeginRawBinaryCopyAsync($"COPY {_q}.user_days ({UserColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = new BinaryCopyBuffer(CopyFlushBytes + (64 * 1024));
            rows.Header();
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                check.Check(record);
                EncodeUserRow(rows, write, record);
                if (rows.Length >= CopyFlushBytes)
                {
                    await copy.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
                    rows.Clear();
                }

                if (!channel.Writer.TryWrite(record))
                {
                    await channel.Writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
                }
            }

            rows.Trailer();
            await copy.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
            channel.Writer.Complete();
            await worker.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            channel.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await copy.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception cancelError) when (cancelError is NpgsqlException or InvalidOperationException or IOException)
            {
                // The transaction is rolled back anyway; report the original failure.
            }

            await copy.DisposeAsync().ConfigureAwait(false);
            try
            {
                await worker.ConfigureAwait(false);
            }
            catch (Exception workerError) when (e is ChannelClosedException && workerError is not OperationCanceledException)
            {
                // The serializing stage failed first: that is the error to report.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(workerError).Throw();
            }
            catch (Exception) when (e is not ChannelClosedException)
            {
                // The caller's failure is the one to report; the worker only stopped because of it.
            }

            throw;
        }

        await copy.DisposeAsync().ConfigureAwait(false);

        var (chunks, mergedHash) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var contentHash = mergedHash ?? hash.Finish();
        await WriteChunksAsync(write, SyncDataset.Users, chunks, cancellationToken).ConfigureAwait(false);

        // Users as bits: who was active, and who had a row for each IDE, feature, language and model.
        var (ordinals, publish) = await _ordinals.ResolveAsync(write.Connection, write.Transaction, write.ScopeId, facts.Users, _timeout, cancellationToken).ConfigureAwait(false);
        write.OnCommit(publish);
        var bitmaps = new List<(short Dimension, string Key, UserBitmap Bits)>();
        var active = new UserBitmap();
        foreach (var user in facts.Users)
        {
            active.Set(ordinals[user]);
        }

        bitmaps.Add((BitDimension.Active, "", active));
        foreach (var (dimension, key, users) in facts.Keys)
        {
            var bits = new UserBitmap();
            foreach (var index in users)
            {
                bits.Set(ordinals[facts.Users[index]]);
            }

            bitmaps.Add((dimension, key, bits));
        }

        if (facts.Users.Count > 0)
        {
            await WriteDayBitsAsync(write, bitmaps, cancellationToken).ConfigureAwait(false);
        }

        var engagement = facts.Engagement.ToList();
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.day_engagement (scope_id, day, kind, key, users)
            SELECT $1, $2, k, key, n FROM unnest($3::smallint[], $4::text[], $5::integer[]) AS t(k, key, n)
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P(engagement.Select(e => (short)e.Kind).ToArray()),
            P(engagement.Select(e => e.Key).ToArray()),
            P(engagement.Select(e => e.Users).ToArray())).ConfigureAwait(false);

        await ReplaceTeamSumsAsync(write, teamSums, cancellationToken).ConfigureAwait(false);
        await MarkRollupsChangedAsync(write, cancellationToken).ConfigureAwait(false);
        return (facts.Users.Count, contentHash);
    }

    private static void EncodeUserRow(BinaryCopyBuffer rows, DayWrite write, UserDayRecord r)
    {
        rows.StartRow(20);
        rows.Int4(write.ScopeId);
        rows.Date(write.Day);
        rows.Int8(r.UserId);
        rows.Int8(r.UserInitiatedInteractionCount);
        rows.Int8(r.CodeGenerationActivityCount);
        rows.Int8(r.CodeAcceptanceActivityCount);
        rows.Int8(r.LocSuggestedToAddSum);
        rows.Int8(r.LocSuggestedToDeleteSum);
        rows.Int8(r.LocAddedSum);
        rows.Int8(r.LocDeletedSum);
        if (r.AiCreditsUsed is { } credits)
        {
            rows.Float8(credits);
        }
        else
        {
            rows.Null();
        }

        if (r.AiAdoptionPhase is { } phase && phase.PhaseNumber is >= short.MinValue and <= short.MaxValue)
        {
            rows.Int2((short)phase.PhaseNumber);
        }
        else
        {
            rows.Null();
        }

        rows.Bool(r.UsedAgent);
        rows.Bool(r.UsedChat);
        rows.Bool(r.UsedCli);
        rows.Bool(r.UsedCopilotCodingAgent);
        rows.Bool(r.UsedCopilotCloudAgent);
        if (r.UsedCopilotCodeReviewActive is { } active)
        {
            rows.Bool(active);
        }
        else
        {
            rows.Null();
        }

        if (r.UsedCopilotCodeReviewPassive is { } passive)
        {
            rows.Bool(passive);
        }
        else
        {
            rows.Null();
        }

        rows.Text(r.UserLogin ?? "");
    }

    private async Task WriteDayBitsAsync(DayWrite write, List<(short Dimension, string Key, UserBitmap Bits)> bitmaps, CancellationToken cancellationToken)
    {
        var importer = await write.Connection.BeginBinaryImportAsync($"COPY {_q}.day_user_bits (scope_id, dimension, day, key, block, bits) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = TimeSpan.FromSeconds(_timeout);
            foreach (var (dimension, key, bitmap) in bitmaps)
            {
                foreach (var (block, bits) in bitmap.Blocks())
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(write.ScopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(dimension, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(write.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(block, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(bits, NpgsqlDbType.Varbit, cancellationToken).ConfigureAwait(false);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- user-team days -----------------------------------------------------------------------------------------

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

    /// <summary>The day's memberships: each user's teams.</summary>
    private async Task<Dictionary<long, List<long>>> LoadMembershipAsync(DayWrite write, CancellationToken cancellationToken)
    {
        var teamsOf = new Dictionary<long, List<long>>();
        using var command = Command(
            $"""
            SELECT td.team_id, coalesce((SELECT array_agg(vm.user_id) FROM {_q}.team_version_members vm WHERE vm.version_id = td.version_id), ARRAY[]::bigint[])
            FROM {_q}.team_days td WHERE td.scope_id = $1 AND td.day = $2
            """,
            write.Connection,
            write.Transaction,
            P(write.ScopeId),
            Day(write.Day));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var team = reader.GetInt64(0);
                foreach (var user in reader.GetFieldValue<long[]>(1))
                {
                    if (!teamsOf.TryGetValue(user, out var teams))
                    {
                        teamsOf[user] = teams = new List<long>(2);
                    }

                    teams.Add(team);
                }
            }
        }

        return teamsOf;
    }

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

    // ---- repositories and seats ---------------------------------------------------------------------------------

    private async Task<(long, string)> WriteRepositoriesAsync(DayWrite write, IAsyncEnumerable<RepositoryDayRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2)
            DELETE FROM {_q}.repository_days WHERE scope_id = $1 AND day = $2
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P((short)SyncDataset.Repositories)).ConfigureAwait(false);

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_compressionLevel);
        var count = 0;
        var check = new DayRecordValidator(write.Day, nameof(records));
        var importer = await write.Connection.BeginBinaryImportAsync($"COPY {_q}.repository_days (scope_id, day, ordinal, repo_id, repo_name) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = TimeSpan.FromSeconds(_timeout);
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                check.Check(record);
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.ScopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(count, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, record.RepositoryId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, record.RepositoryName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                raw.Append(hash.Add(record), new RecordKey(count, 0));
                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var (chunks, _) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await WriteChunksAsync(write, SyncDataset.Repositories, chunks, cancellationToken).ConfigureAwait(false);
        return (count, hash.Finish());
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

    private sealed class TeamDay(long teamId, long[] members, string? slug, byte[] hash)
    {
        public long TeamId { get; } = teamId;

        public long[] Members { get; } = members;

        public string? Slug { get; } = slug;

        public byte[] Hash { get; } = hash;

        public long VersionId { get; set; }
    }
}
