using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// Dense per-scope numbers for user ids (bit positions of the user bitmaps). Known numbers are cached in memory; new
/// ones are assigned inside the caller's write transaction under a per-scope advisory lock, so they exist exactly when
/// the write that needed them commits. Numbers are never reused or removed.
/// </summary>
internal sealed class Ordinals(string schema, string quoted)
{
    private readonly ConcurrentDictionary<int, ScopeOrdinals> _scopes = new();

    /// <summary>Resolves the ordinals of <paramref name="userIds"/> (assigning new ones in <paramref name="transaction"/>).</summary>
    /// <returns>The ordinals, and a callback that publishes the new ones to the cache once the transaction committed.</returns>
    public async Task<(Dictionary<long, int> Ordinals, Action Publish)> ResolveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int scopeId, IReadOnlyCollection<long> userIds, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var cache = _scopes.GetOrAdd(scopeId, static _ => new ScopeOrdinals());
        if (!cache.Loaded)
        {
            await cache.LoadAsync(connection, transaction, quoted, scopeId, timeoutSeconds, cancellationToken).ConfigureAwait(false);
        }

        var result = new Dictionary<long, int>(userIds.Count);
        var missing = new List<long>();
        foreach (var id in userIds)
        {
            if (cache.TryGet(id, out var ordinal))
            {
                result[id] = ordinal;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count == 0)
        {
            return (result, static () => { });
        }

        // Another process may have numbered some of them; then number the rest under the lock.
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { CommandTimeout = timeoutSeconds })
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = Sql.LockKey(schema, "ordinals", scopeId) });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var fresh = new Dictionary<long, int>(missing.Count);
        using (var command = new NpgsqlCommand(
            $"""
            WITH input AS (SELECT DISTINCT u FROM unnest($2::bigint[]) AS u),
                 known AS (SELECT o.user_id, o.ordinal FROM {quoted}.user_ordinals o JOIN input ON o.scope_id = $1 AND o.user_id = input.u),
                 base AS (SELECT coalesce(max(ordinal), -1) AS m FROM {quoted}.user_ordinals WHERE scope_id = $1),
                 added AS (
                     INSERT INTO {quoted}.user_ordinals (scope_id, user_id, ordinal)
                     SELECT $1, n.u, base.m + row_number() OVER (ORDER BY n.u)
                     FROM (SELECT u FROM input WHERE u NOT IN (SELECT user_id FROM known)) n, base
                     RETURNING user_id, ordinal)
            SELECT user_id, ordinal FROM known UNION ALL SELECT user_id, ordinal FROM added
            """,
            connection,
            transaction) { CommandTimeout = timeoutSeconds })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = scopeId });
            command.Parameters.Add(new NpgsqlParameter { Value = missing.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    fresh[reader.GetInt64(0)] = reader.GetInt32(1);
                }
            }
        }

        foreach (var (id, ordinal) in fresh)
        {
            result[id] = ordinal;
        }

        return (result, () => cache.Add(fresh));
    }

    /// <summary>
    /// The user ids of ordinals 0..<paramref name="count"/>-1 (index = ordinal), from the cache or read once from
    /// <c>user_ordinals</c> (numbers are never reused or removed, so a cached id stays right).
    /// </summary>
    public async Task<long[]> UserIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int scopeId, int count, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var cache = _scopes.GetOrAdd(scopeId, static _ => new ScopeOrdinals());
        var known = cache.UserIds;
        if (known.Length >= count)
        {
            return known;
        }

        var read = new List<(int Ordinal, long UserId)>();
        using (var command = new NpgsqlCommand($"SELECT ordinal, user_id FROM {quoted}.user_ordinals WHERE scope_id = $1 AND ordinal >= $2", connection, transaction) { CommandTimeout = timeoutSeconds })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = scopeId });
            command.Parameters.Add(new NpgsqlParameter { Value = known.Length });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read.Add((reader.GetInt32(0), reader.GetInt64(1)));
                }
            }
        }

        var length = read.Count == 0 ? known.Length : Math.Max(known.Length, read.Max(r => r.Ordinal) + 1);
        var ids = new long[length];
        known.CopyTo(ids, 0);
        var seen = known.Length;
        foreach (var (ordinal, userId) in read)
        {
            ids[ordinal] = userId;
        }

        // Ordinals are dense: every number below the largest one exists.
        if (length < count || seen + read.Count != length)
        {
            throw new InvalidOperationException($"The user numbers of scope {scopeId} are not dense (found {seen + read.Count} of {Math.Max(length, count)}).");
        }

        cache.PublishUserIds(ids);
        return ids;
    }

    private sealed class ScopeOrdinals
    {
        private readonly object _gate = new();
        private readonly Dictionary<long, int> _map = [];
        private long[] _userIds = [];

        /// <summary>User ids by ordinal, for ordinals 0..Length-1.</summary>
        public long[] UserIds => Volatile.Read(ref _userIds);

        public void PublishUserIds(long[] ids)
        {
            lock (_gate)
            {
                if (ids.Length > _userIds.Length)
                {
                    Volatile.Write(ref _userIds, ids);
                }
            }
        }

        public bool Loaded { get; private set; }

        public bool TryGet(long userId, out int ordinal)
        {
            lock (_gate)
            {
                return _map.TryGetValue(userId, out ordinal);
            }
        }

        public void Add(Dictionary<long, int> ordinals)
        {
            lock (_gate)
            {
                foreach (var (id, ordinal) in ordinals)
                {
                    _map[id] = ordinal;
                }
            }
        }

        public async Task LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string quoted, int scopeId, int timeoutSeconds, CancellationToken cancellationToken)
        {
            var loaded = new Dictionary<long, int>();
            using var command = new NpgsqlCommand($"SELECT user_id, ordinal FROM {quoted}.user_ordinals WHERE scope_id = $1", connection, transaction) { CommandTimeout = timeoutSeconds };
            command.Parameters.Add(new NpgsqlParameter { Value = scopeId });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    loaded[reader.GetInt64(0)] = reader.GetInt32(1);
                }
            }

            Add(loaded);
            Loaded = true;
        }
    }
}
