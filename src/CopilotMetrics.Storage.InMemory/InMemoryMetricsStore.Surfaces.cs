using CopilotMetrics.Storage.InMemory.Internal;

namespace CopilotMetrics.Storage.InMemory;

/// <summary>Distinct users per surface: the days' surface bitsets, counted, AND-ed with a team's members and OR-ed over the range.</summary>
public sealed partial class InMemoryMetricsStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SurfaceUserCount>> GetSurfaceUsersAsync(MetricsScope scope, DateRange range, long? teamId, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<SurfaceUserCount>>(cancellationToken);
        }

        List<UserDay> days;
        Dictionary<DateOnly, ulong[]>? members = null;
        lock (_gate)
        {
            days = Days(scope, static s => s.Users, range);
            if (teamId is { } team)
            {
                members = [];
                foreach (var teamDay in Days(scope, static s => s.UserTeams, range))
                {
                    var index = teamDay.Index;
                    var t = Array.BinarySearch(index.TeamIds, team);
                    if (t >= 0)
                    {
                        members[teamDay.Day] = index.Members[t];
                    }
                }
            }
        }

        var words = 0;
        foreach (var day in days)
        {
            words = Math.Max(words, day.Index.Active.Length);
        }

        if (members is not null)
        {
            foreach (var bits in members.Values)
            {
                words = Math.Max(words, bits.Length);
            }
        }

        var result = new List<SurfaceUserCount>();
        var unions = new SortedDictionary<string, ulong[]>(StringComparer.Ordinal);
        var scratch = new ulong[words];
        var usersByDay = days.ToDictionary(static d => d.Day);

        // The days: a team's days are those it has members on (with or without rows); the scope's, the stored days.
        IEnumerable<DateOnly> dayList = members is null ? days.ConvertAll(static d => d.Day) : members.Keys.Order();
        foreach (var dayOf in dayList)
        {
            var start = result.Count;
            ulong[]? within = null;
            if (members is not null)
            {
                within = members[dayOf];
                Add(dayOf, SurfaceKeys.Members, within);
            }

            if (usersByDay.TryGetValue(dayOf, out var day))
            {
                Add(dayOf, SurfaceKeys.Active, day.Index.Active);
                var surfaces = day.Surfaces;
                for (var k = 0; k < surfaces.Keys.Length; k++)
                {
                    Add(dayOf, surfaces.Keys[k], surfaces.Bits[k]);
                }
            }

            result.Sort(start, result.Count - start, SurfaceOrder.Instance);

            void Add(DateOnly d, string key, ulong[] bits)
            {
                ulong[] users = bits;
                if (within is not null && !ReferenceEquals(bits, within))
                {
                    Array.Clear(scratch);
                    Bitset.OrAnd(scratch, bits, within);
                    users = scratch;
                }

                var count = Bitset.Count(users);
                if (count == 0)
                {
                    return;
                }

                result.Add(new SurfaceUserCount(d, key, count));
                if (!unions.TryGetValue(key, out var union))
                {
                    unions[key] = union = new ulong[words];
                }

                Bitset.Or(union, users);
            }
        }

        foreach (var (key, union) in unions)
        {
            result.Add(new SurfaceUserCount(null, key, Bitset.Count(union)));
        }

        return Task.FromResult<IReadOnlyList<SurfaceUserCount>>(result);
    }

    private sealed class SurfaceOrder : IComparer<SurfaceUserCount>
    {
        public static readonly SurfaceOrder Instance = new();

        public int Compare(SurfaceUserCount? x, SurfaceUserCount? y) => string.CompareOrdinal(x!.Surface, y!.Surface);
    }
}
