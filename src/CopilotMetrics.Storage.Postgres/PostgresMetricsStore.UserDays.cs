using System.Threading.Channels;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// The per-user day writer: the typed rows by binary COPY, their lossless copy, the day's user bitmaps and engagement
/// counts, its team sums.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    private const int CopyFlushBytes = 256 * 1024;

    private const string UserColumns =
        "scope_id, day, user_id, user_initiated_interaction_count, code_generation_activity_count, code_acceptance_activity_count, " +
        "loc_suggested_to_add_sum, loc_suggested_to_delete_sum, loc_added_sum, loc_deleted_sum, ai_credits_used, ai_adoption_phase, " +
        "used_agent, used_chat, used_cli, used_copilot_coding_agent, used_copilot_cloud_agent, used_copilot_code_review_active, " +
        "used_copilot_code_review_passive, login";

    /// <inheritdoc />
    public Task<StoredDay> ReplaceUserDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        return WriteDayAsync(scope, SyncDataset.Users, day, write => WriteUsersAsync(write, records, cancellationToken), cancellationToken);
    }

    private async Task<(long, string)> WriteUsersAsync(DayWrite write, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.user_days WHERE scope_id = $1 AND day = $2),
                 b AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2),
                 c AS (DELETE FROM {_q}.day_user_bits WHERE scope_id = $1 AND day = $2),
                 d AS (DELETE FROM {_q}.surface_backfill WHERE scope_id = $1 AND day = $2)
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

    /// <summary>Inserts change markers for the rollup blocks that contain the written day, and for the running totals from the day on.</summary>
    private async Task MarkRollupsChangedAsync(DayWrite write, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            INSERT INTO {_q}.rollup_dirty (scope_id, seq, level, block)
            SELECT $1, nextval('{_q}.change_seq'), l, $2 >> l FROM generate_series({Rollups.MinLevel}, {Rollups.MaxLevel}) AS l
            UNION ALL SELECT $1, nextval('{_q}.change_seq'), {UserPrefix.MarkerLevel}, $2
            """,
            cancellationToken,
            P(write.ScopeId),
            P(write.Day.DayNumber)).ConfigureAwait(false);
    }
}
