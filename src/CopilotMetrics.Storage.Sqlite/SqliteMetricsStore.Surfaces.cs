using System.Data;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite;

/// <summary>
/// Distinct users per surface (migration 0003): the surface bitmaps of <c>day_user_bits</c> (dimension 5), counted per
/// day, AND-ed with a team's member bitmap of the day, OR-ed over the range; and the back-fill of the days stored before 0003.
/// </summary>
public sealed partial class SqliteMetricsStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SurfaceUserCount>> GetSurfaceUsersAsync(MetricsScope scope, DateRange range, long? teamId, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadAsync<IReadOnlyList<SurfaceUserCount>>(db =>
        {
            var result = new List<SurfaceUserCount>();
            if (FindScope(db, scope) is not { } scopeId)
            {
                return result;
            }

            Dictionary<int, ulong[]>? members = null;
            if (teamId is { } team)
            {
                members = [];
                using var teams = db.Reader("SELECT day, members FROM team_days WHERE scope_id = $s AND team_id = $t AND day BETWEEN $from AND $to", Range(scopeId, range, ("$t", team)));
                while (teams.Read())
                {
                    members[teams.GetInt32(0)] = Bitmap.Decode((byte[])teams[1]);
                }
            }

            var unions = new SortedDictionary<string, ulong[]>(StringComparer.Ordinal);
            var days = new SortedDictionary<int, List<SurfaceUserCount>>();
            if (members is not null)
            {
                foreach (var (day, bits) in members)
                {
                    Add(day, SurfaceKeys.Members, bits);
                }
            }

            using (var reader = db.Reader(
                $"SELECT day, dimension, key, bits FROM day_user_bits WHERE scope_id = $s AND dimension IN ({BitDimension.Active}, {BitDimension.Surface}) AND day BETWEEN $from AND $to",
                Range(scopeId, range)))
            {
                while (reader.Read())
                {
                    var day = reader.GetInt32(0);
                    var bits = Bitmap.Decode((byte[])reader[3]);
                    if (members is not null)
                    {
                        if (!members.TryGetValue(day, out var within))
                        {
                            continue;
                        }

                        bits = Bitmap.And(bits, within);
                    }

                    Add(day, reader.GetInt32(1) == BitDimension.Active ? SurfaceKeys.Active : reader.GetString(2), bits);
                }
            }

            foreach (var rows in days.Values)
            {
                rows.Sort(static (a, b) => string.CompareOrdinal(a.Surface, b.Surface));
                result.AddRange(rows);
            }

            foreach (var (key, union) in unions)
            {
                result.Add(new SurfaceUserCount(null, key, Bitmap.Count(union)));
            }

            return result;

            void Add(int day, string key, ulong[] bits)
            {
                var count = Bitmap.Count(bits);
                if (count == 0)
                {
                    return;
                }

                if (!days.TryGetValue(day, out var rows))
                {
                    days[day] = rows = [];
                }

                rows.Add(new SurfaceUserCount(DateOnly.FromDayNumber(day), key, count));
                if (!unions.TryGetValue(key, out var union))
                {
                    union = [];
                }

                Bitmap.Or(ref union, Bitmap.Encode(bits));
                unions[key] = union;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Writes the surface bitmaps of the per-user days stored before migration 0003 (listed in <c>surface_backfill</c>)
    /// from their lossless copy, in one write transaction; a no-op once the list is empty.
    /// </summary>
    private void BackfillSurfaceBits(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        using var db = new Db(connection, transaction);
        var pending = new List<(long ScopeId, int Day)>();
        using (var reader = db.Reader("SELECT scope_id, day FROM surface_backfill ORDER BY scope_id, day"))
        {
            while (reader.Read())
            {
                pending.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var (scopeId, day) in pending)
            {
                var facts = new UserDayFacts();
                foreach (var record in Parse<UserDayRecord>(Chunks(db, scopeId, SyncDataset.Users, day, day)))
                {
                    facts.Add(record);
                }

                var ordinals = Ordinals(db, scopeId, facts.Users);
                db.Execute($"DELETE FROM day_user_bits WHERE scope_id = $s AND day = $d AND dimension = {BitDimension.Surface}", ("$s", scopeId), ("$d", day));
                foreach (var (dimension, key, users) in facts.Keys)
                {
                    if (dimension == BitDimension.Surface)
                    {
                        db.Execute(
                            "INSERT INTO day_user_bits (scope_id, dimension, day, key, bits) VALUES ($s, $dim, $d, $key, $bits)",
                            ("$s", scopeId), ("$dim", (int)dimension), ("$d", day), ("$key", key), ("$bits", Bitmap.Encode(Bitmap.Of(users.Select(u => ordinals[u])))));
                    }
                }

                db.Execute("DELETE FROM surface_backfill WHERE scope_id = $s AND day = $d", ("$s", scopeId), ("$d", day));
            }

            transaction.Commit();
        }
        catch
        {
            ForgetOrdinals();
            throw;
        }
    }
}
