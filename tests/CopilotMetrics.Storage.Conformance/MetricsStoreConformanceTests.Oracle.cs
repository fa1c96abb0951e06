using CopilotMetrics.Reports;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>A larger randomized cross-check: every query against a straightforward LINQ oracle over generated data.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    private const int OracleUsers = 200;
    private const int OracleDays = 30;

    private static bool IsChat(string feature) => feature.StartsWith("chat_", StringComparison.Ordinal);

    /// <summary>200 users × 30 days of generated aggregates, per-user rows and memberships (membership thinned day by day so that it changes).</summary>
    private sealed class OracleData
    {
        public OracleData(int seed)
        {
            var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = seed, Users = OracleUsers, Teams = 12 });
            First = new DateOnly(2026, 5, 4);
            foreach (var day in new DateRange(First, First.AddDays(OracleDays - 1)).EachDay())
            {
                Aggregates[day] = generator.GenerateAggregate(day);
                Users[day] = [.. generator.GenerateUsers(day)];
                Teams[day] = [.. generator.GenerateUserTeams(day).Where(t => (t.UserId + t.TeamId + day.DayNumber) % 7 != 0)];
            }
        }

        public DateOnly First { get; }

        public Dictionary<DateOnly, AggregateDayRecord> Aggregates { get; } = [];

        public Dictionary<DateOnly, List<UserDayRecord>> Users { get; } = [];

        public Dictionary<DateOnly, List<UserTeamRecord>> Teams { get; } = [];

        public IEnumerable<UserDayRecord> UsersIn(DateRange range) => Users.Where(u => range.Contains(u.Key)).SelectMany(u => u.Value);
    }

    [Fact]
    public async Task Queries_agree_with_a_LINQ_oracle_over_generated_data()
    {
        var store = await NewStoreAsync();
        var data = new OracleData(seed: 2026);
        foreach (var day in data.Aggregates.Keys.Order())
        {
            Assert.Equal(HashOf([data.Aggregates[day]]), (await store.ReplaceAggregateDayAsync(Org, data.Aggregates[day])).ContentHash);
            Assert.Equal(HashOf(data.Users[day].OrderBy(u => u.UserId)), (await store.ReplaceUserDayAsync(Org, day, Stream(data.Users[day]))).ContentHash);
            await store.ReplaceUserTeamDayAsync(Org, day, Stream(data.Teams[day]));
        }

        // The last 12 days: the 7- and 28-day windows reach back into stored days before the range.
        var range = new DateRange(data.First.AddDays(OracleDays - 12), data.First.AddDays(OracleDays - 1));
        Assert.True(data.UsersIn(range).Count() > 500, "The generator should give a few hundred user-days.");

        Assert.Equal(Json(data.Users[range.From]), Json(await UsersAsync(store, Org, range.From)));
        Assert.Equal(Json(range.EachDay().Select(d => data.Aggregates[d])), Json(await AggregatesAsync(store, Org, range)));

        // Daily series.
        Assert.Equal(
            range.EachDay().Select(d => data.Aggregates[d]).Select(a => new DailyMetrics(
                a.Day, a.DailyActiveUsers, a.WeeklyActiveUsers, a.MonthlyActiveUsers, a.MonthlyActiveChatUsers, a.MonthlyActiveAgentUsers, ActivityCounts.From(a))),
            await store.GetDailySeriesAsync(Org, range));

        // Breakdowns.
        foreach (var dimension in Enum.GetValues<BreakdownDimension>())
        {
            Assert.Equal(OracleBreakdown(data, range, dimension), await store.GetBreakdownAsync(Org, range, dimension));
        }

        // Per-user totals, every sort, both directions, two pages.
        foreach (var sort in Enum.GetValues<UserTotalsSort>())
        {
            foreach (var descending in new[] { true, false })
            {
                var expected = OracleUserTotals(data.UsersIn(range), sort, descending);
                var all = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { SortBy = sort, Descending = descending, Limit = 1000 });
                AssertUserTotals(expected, all.Items);
                Assert.Equal(expected.Count, all.TotalUsers);
                var page = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { SortBy = sort, Descending = descending, Offset = 7, Limit = 13 });
                AssertUserTotals([.. expected.Skip(7).Take(13)], page.Items);
                Assert.Equal(expected.Count, page.TotalUsers);
            }
        }

        // Teams, active users, engagement.
        Assert.Equal(OracleTeams(data, range), await store.GetTeamMetricsAsync(Org, range));
        Assert.Equal(OracleActiveUsers(data, range), await store.GetActiveUsersAsync(Org, range));
        Assert.Equal(OracleEngagement(data, range), await store.GetDailyEngagementAsync(Org, range));
        Assert.Empty(await store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(data.First, range.To)));
    }

    [Fact]
    public async Task User_totals_of_ai_credits_agree_with_an_oracle_over_mixed_rows()
    {
        // 40 users x 24 days. Users with id % 4 == 0 never report ai_credits_used; 1 always; 2 only from day 12 on (as
        // when GitHub added the field); 3 on even days only, with a reported 0 now and then. The ranges cross aligned
        // 8-day blocks, so a store that keeps per-user rollups uses them (every query of 8 days or more may build them).
        var store = await NewStoreAsync();
        var first = D;
        var rows = new Dictionary<DateOnly, List<UserDayRecord>>();
        for (var d = 0; d < 24; d++)
        {
            var day = first.AddDays(d);
            rows[day] = [];
            for (var id = 1; id <= 40; id++)
            {
                if ((id + d) % 3 == 0)
                {
                    continue; // not active that day
                }

                double? credits = (id % 4) switch
                {
                    1 => (id * 0.25) + (d * 0.5),
                    2 when d >= 12 => id * 0.125,
                    3 when d % 2 == 0 => d % 4 == 0 ? 0 : 0.1 * d,
                    _ => null,
                };
                rows[day].Add(User(day, id, $"user{id}", new C(I: id + d, G: d), credits));
            }

            await store.ReplaceUserDayAsync(Org, day, Stream(rows[day]));
        }

        DateRange[] ranges =
        [
            new(first, first.AddDays(23)),           // everything
            new(first, first.AddDays(11)),           // before the field: users % 4 == 2 have only rows without it
            new(first.AddDays(12), first.AddDays(23)),
            new(first.AddDays(3), first.AddDays(20)),
            new(first.AddDays(5), first.AddDays(5)), // one odd day: users % 4 == 3 have no credits that day
        ];
        foreach (var range in ranges)
        {
            var expected = OracleUserTotals(rows.Where(r => range.Contains(r.Key)).SelectMany(r => r.Value), UserTotalsSort.Interactions, descending: true);
            var actual = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Limit = 1000 });
            AssertUserTotals(expected, actual.Items);
            Assert.Contains(expected, u => u.AiCreditsUsed is null);
            Assert.Contains(expected, u => u.AiCreditsUsed is not null);
        }

        // A reported 0 stays 0: user 3 on day 4 (d % 4 == 0) alone.
        var zero = await store.GetUserTotalsAsync(Org, new DateRange(first.AddDays(4), first.AddDays(4)), new UserTotalsQuery { SortBy = UserTotalsSort.Login, Descending = false, Limit = 1000 });
        Assert.Equal(0, zero.Items.Single(u => u.UserId == 3).AiCreditsUsed);
        Assert.Null(zero.Items.Single(u => u.UserId == 4).AiCreditsUsed);
    }

    private static void AssertUserTotals(IReadOnlyList<UserTotals> expected, IReadOnlyList<UserTotals> actual)
    {
        // AI credits are floating-point sums, which a database may add in another order: null in both, or equal to
        // 1e-9; the rest exactly.
        Assert.Equal(expected.Select(u => u with { AiCreditsUsed = null }), actual.Select(u => u with { AiCreditsUsed = null }));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AiCreditsUsed is null == actual[i].AiCreditsUsed is null, $"user {expected[i].UserId}: credits {expected[i].AiCreditsUsed?.ToString() ?? "null"} expected, {actual[i].AiCreditsUsed?.ToString() ?? "null"} stored");
            if (expected[i].AiCreditsUsed is { } credits)
            {
                Assert.Equal(credits, actual[i].AiCreditsUsed!.Value, 1e-9 * Math.Max(1, Math.Abs(credits)));
            }
        }
    }

    private static List<BreakdownRow> OracleBreakdown(OracleData data, DateRange range, BreakdownDimension dimension)
    {
        var aggregates = range.EachDay().Where(data.Aggregates.ContainsKey).Select(d => data.Aggregates[d]).ToList();
        IEnumerable<(string Key, ActivityTotals Row)> Rows(AggregateDayRecord a) => dimension switch
        {
            BreakdownDimension.Ide => a.TotalsByIde.Select(r => (r.Ide, (ActivityTotals)r)),
            BreakdownDimension.Feature => a.TotalsByFeature.Select(r => (r.Feature, (ActivityTotals)r)),
            BreakdownDimension.Language => a.TotalsByLanguageFeature.Select(r => (r.Language, (ActivityTotals)r)),
            _ => a.TotalsByModelFeature.Select(r => (r.Model, (ActivityTotals)r)),
        };
        IEnumerable<string> Keys(UserDayRecord u) => dimension switch
        {
            BreakdownDimension.Ide => u.TotalsByIde.Select(r => r.Ide),
            BreakdownDimension.Feature => u.TotalsByFeature.Select(r => r.Feature),
            BreakdownDimension.Language => u.TotalsByLanguageFeature.Select(r => r.Language),
            _ => u.TotalsByModelFeature.Select(r => r.Model),
        };

        var sums = aggregates.SelectMany(Rows).GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => ActivityCounts.From(r.Row)).Aggregate(default(ActivityCounts), (a, b) => a + b), StringComparer.Ordinal);
        var users = data.UsersIn(range).SelectMany(u => Keys(u).Select(k => (Key: k, u.UserId))).Distinct()
            .GroupBy(x => x.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return
        [
            .. sums.Keys.Union(users.Keys, StringComparer.Ordinal)
                .Select(k => new BreakdownRow(dimension, k, sums.GetValueOrDefault(k), users.GetValueOrDefault(k)))
                .OrderByDescending(r => r.Activity.CodeGenerations).ThenBy(r => r.Key, StringComparer.Ordinal),
        ];
    }

    /// <summary>Per-user totals of <paramref name="rows"/> (the rows of a range), sorted as the stores sort them.</summary>
    private static List<UserTotals> OracleUserTotals(IEnumerable<UserDayRecord> rows, UserTotalsSort sort, bool descending)
    {
        var totals = rows.GroupBy(u => u.UserId).Select(g =>
        {
            var last = g.MaxBy(u => u.Day)!;
            return new UserTotals(
                g.Key, last.UserLogin, g.Count(), last.Day,
                g.Select(u => ActivityCounts.From(u)).Aggregate(default(ActivityCounts), (a, b) => a + b),
                g.Any(u => u.AiCreditsUsed is not null) ? g.Sum(u => u.AiCreditsUsed ?? 0) : null);
        }).ToList();

        Func<UserTotals, IComparable> key = sort switch
        {
            UserTotalsSort.Interactions => u => u.Activity.UserInitiatedInteractions,
            UserTotalsSort.Generations => u => u.Activity.CodeGenerations,
            UserTotalsSort.Acceptances => u => u.Activity.CodeAcceptances,
            UserTotalsSort.LocAdded => u => u.Activity.LocAdded,
            UserTotalsSort.ActiveDays => u => u.ActiveDays,
            _ => u => u.Login,
        };
        var comparer = sort == UserTotalsSort.Login
            ? Comparer<IComparable>.Create((a, b) => string.CompareOrdinal((string)a, (string)b))
            : Comparer<IComparable>.Default;
        var ordered = descending ? totals.OrderByDescending(key, comparer) : totals.OrderBy(key, comparer);
        return [.. ordered.ThenBy(u => u.UserId)];
    }

    private static List<TeamMetrics> OracleTeams(OracleData data, DateRange range)
    {
        var joined = range.EachDay().Where(data.Teams.ContainsKey).SelectMany(day => data.Teams[day].Select(m => (
            Day: day,
            Member: m,
            Row: data.Users.TryGetValue(day, out var users) ? users.SingleOrDefault(u => u.UserId == m.UserId) : null))).ToList();
        return
        [
            .. joined.GroupBy(j => j.Member.TeamId).Select(g => new TeamMetrics(
                    g.Key,
                    g.MaxBy(j => j.Day).Member.Slug!,
                    g.Select(j => j.Member.UserId).Distinct().Count(),
                    g.Where(j => j.Row is not null).Select(j => j.Member.UserId).Distinct().Count(),
                    g.Where(j => j.Row is not null).Select(j => ActivityCounts.From(j.Row!)).Aggregate(default(ActivityCounts), (a, b) => a + b)))
                .OrderBy(t => t.Slug, StringComparer.Ordinal).ThenBy(t => t.TeamId),
        ];
    }

    private static List<ActiveUsersPoint> OracleActiveUsers(OracleData data, DateRange range)
    {
        int Distinct(DateOnly last, int days) => data.UsersIn(DateRange.Ending(last, days)).Select(u => u.UserId).Distinct().Count();
        return [.. range.EachDay().Select(d => new ActiveUsersPoint(d, Distinct(d, 1), Distinct(d, 7), Distinct(d, 28)))];
    }

    private static List<DailyEngagement> OracleEngagement(OracleData data, DateRange range)
    {
        var rows = new List<DailyEngagement>();
        foreach (var day in range.EachDay().Where(data.Users.ContainsKey))
        {
            var users = data.Users[day];
            IEnumerable<(EngagementKind Kind, string Key, long User)> Facts()
            {
                foreach (var u in users)
                {
                    yield return (EngagementKind.Active, "", u.UserId);
                    if (u.UserInitiatedInteractionCount > 0 || u.CodeAcceptanceActivityCount > 0)
                    {
                        yield return (EngagementKind.Engaged, "", u.UserId);
                    }

                    foreach (var r in u.TotalsByIde)
                    {
                        yield return (EngagementKind.Ide, r.Ide, u.UserId);
                        if (u.TotalsByFeature.Any(f => f.Feature == "code_completion"))
                        {
                            yield return (EngagementKind.CompletionIde, r.Ide, u.UserId);
                        }

                        if (u.TotalsByFeature.Any(f => IsChat(f.Feature)))
                        {
                            yield return (EngagementKind.ChatIde, r.Ide, u.UserId);
                        }
                    }

                    foreach (var r in u.TotalsByFeature)
                    {
                        yield return (EngagementKind.Feature, r.Feature, u.UserId);
                    }

                    foreach (var r in u.TotalsByLanguageFeature.Where(r => r.Feature == "code_completion"))
                    {
                        yield return (EngagementKind.CompletionLanguage, r.Language, u.UserId);
                    }

                    foreach (var r in u.TotalsByModelFeature.Where(r => IsChat(r.Feature)))
                    {
                        yield return (EngagementKind.ChatModel, r.Model, u.UserId);
                    }

                    foreach (var r in u.TotalsByModelFeature.Where(r => r.Feature == "code_completion"))
                    {
                        yield return (EngagementKind.CompletionModel, r.Model, u.UserId);
                    }
                }
            }

            rows.AddRange(Facts().Distinct().GroupBy(f => (f.Kind, f.Key))
                .Select(g => new DailyEngagement(day, g.Key.Kind, g.Key.Key, g.Count()))
                .OrderBy(e => e.Kind).ThenBy(e => e.Key, StringComparer.Ordinal));
        }

        return rows;
    }
}
