using System.Collections.Concurrent;
using System.Diagnostics;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Storage.Postgres.Internal;
using CopilotMetrics.Testing;
using static CopilotMetrics.Storage.Postgres.Tests.SchemaTests;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>
/// The summaries (per-user rollups over 8–256-day blocks, per-team daily sums, user bitmaps) give exactly what the
/// in-memory store computes from the rows: over long ranges, after corrections with the summaries stale (queries fall
/// back to the days) and rebuilt, and after a purge. Stale summaries are read through a second, read-only store on the
/// same schema (<see cref="PostgresFixtureExtensions.NewReadOnlyStoreAsync"/>), which cannot rebuild them.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class SummaryTests(PostgresFixture fixture)
{
    private static readonly MetricsScope Org = MetricsScope.Organization("acme");
    private static readonly DateOnly First = new(2026, 1, 5);
    private const int Days = 140;

    [Fact]
    public void Cover_uses_the_largest_clean_aligned_blocks_and_days_elsewhere()
    {
        var from = new DateOnly(2026, 3, 1).DayNumber;
        var to = from + 89;
        var (blocks, days) = Rollups.Cover(from, to, []);
        Assert.Equal(90, blocks.Sum(b => 1 << b.Level) + days.Count);
        Assert.True(days.Count <= 14);
        Assert.All(blocks, b => Assert.InRange(b.Level, Rollups.MinLevel, Rollups.MaxLevel));
        var covered = blocks.SelectMany(b => Enumerable.Range(b.Block << b.Level, 1 << b.Level)).Concat(days.Select(d => d.DayNumber)).Order().ToList();
        Assert.Equal(Enumerable.Range(from, 90), covered);

        // A dirty block is never used: its clean halves or its days are.
        var dirty = blocks.Where(b => b.Level > Rollups.MinLevel).Take(1).ToHashSet();
        var (blocks2, days2) = Rollups.Cover(from, to, dirty);
        Assert.DoesNotContain(dirty.Single(), blocks2);
        Assert.Equal(Enumerable.Range(from, 90), blocks2.SelectMany(b => Enumerable.Range(b.Block << b.Level, 1 << b.Level)).Concat(days2.Select(d => d.DayNumber)).Order());
    }

    [Fact]
    public async Task Range_queries_match_the_in_memory_store_with_fresh_stale_and_rebuilt_summaries_and_after_a_purge()
    {
        await using var pg = await fixture.NewStoreAsync();
        await using var readOnly = await fixture.NewReadOnlyStoreAsync(pg.Schema);
        var memory = new InMemoryMetricsStore();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 21, Users = 60, Teams = 6 });
        foreach (var day in new DateRange(First, First.AddDays(Days - 1)).EachDay())
        {
            var users = generator.GenerateUsers(day).ToList();
            // Membership changes every 10 days, and some days have no user-teams report at all.
            var teams = day.DayNumber % 17 == 0 ? null : generator.GenerateUserTeams(day).Where(t => (t.UserId + t.TeamId + (day.DayNumber / 10)) % 5 != 0).ToList();
            var aggregate = generator.GenerateAggregate(day);
            foreach (var store in new IMetricsStore[] { pg, memory })
            {
                await store.ReplaceUserDayAsync(Org, day, Stream(users));
                await store.ReplaceAggregateDayAsync(Org, aggregate);
                if (teams is not null)
                {
                    await store.ReplaceUserTeamDayAsync(Org, day, Stream(teams));
                }
            }
        }

        DateRange[] ranges =
        [
            new(First, First.AddDays(Days - 1)),
            new(First.AddDays(3), First.AddDays(102)),
            DateRange.Ending(First.AddDays(Days - 1), 90),
            DateRange.Ending(First.AddDays(Days - 20), 90),
            DateRange.Ending(First.AddDays(60), 28),
            DateRange.Ending(First.AddDays(40), 9),
            new(First.AddDays(33), First.AddDays(33)),
        ];

        await AssertSameAsync(pg, memory, ranges);

        // Corrections: five days rewritten (one of them emptied) and two memberships changed; queries run with the
        // summaries stale (through the read-only store, which cannot rebuild them), then rebuilt.
        foreach (var offset in new[] { 9, 50, 51, 100, 139 })
        {
            var day = First.AddDays(offset);
            var corrected = generator.GenerateUsers(day).Where(u => u.UserId % 3 != 0).Select(u => Bump(u)).ToList();
            if (offset == 51)
            {
                corrected.Clear();
            }

            await pg.ReplaceUserDayAsync(Org, day, Stream(corrected));
            await memory.ReplaceUserDayAsync(Org, day, Stream(corrected));
        }

        foreach (var offset in new[] { 12, 77 })
        {
            var day = First.AddDays(offset);
            var teams = generator.GenerateUserTeams(day).Where(t => t.UserId % 2 == 0).ToList();
            await pg.ReplaceUserTeamDayAsync(Org, day, Stream(teams));
            await memory.ReplaceUserTeamDayAsync(Org, day, Stream(teams));
        }

        await AssertSameAsync(readOnly, memory, ranges);
        await pg.RefreshSummariesAsync();
        await AssertSameAsync(pg, memory, ranges);

        // Retention: whole months dropped, a block straddling the boundary rebuilt.
        var before = First.AddDays(45);
        Assert.Equal(await memory.PurgeBeforeAsync(before), await pg.PurgeBeforeAsync(before));
        await AssertSameAsync(pg, memory, ranges);
    }

    [Fact]
    public async Task Running_totals_rank_users_exactly_after_a_past_correction_and_a_purge()
    {
        await using var pg = await fixture.NewStoreAsync();
        await using var readOnly = await fixture.NewReadOnlyStoreAsync(pg.Schema);
        using var sources = new UserTotalsSources(pg.Schema);
        var memory = new InMemoryMetricsStore();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 5, Users = 40, Teams = 2 });
        foreach (var day in new DateRange(First, First.AddDays(59)).EachDay())
        {
            var users = generator.GenerateUsers(day).ToList();
            await pg.ReplaceUserDayAsync(Org, day, Stream(users));
            await memory.ReplaceUserDayAsync(Org, day, Stream(users));
        }

        DateRange[] ranges = [DateRange.Ending(First.AddDays(59), 30), new(First, First.AddDays(20)), new(First.AddDays(4), First.AddDays(4))];
        async Task AssertRankingAsync(PostgresMetricsStore store, Func<DateRange, bool> fromPrefix)
        {
            foreach (var range in ranges)
            {
                foreach (var sort in new[] { UserTotalsSort.Interactions, UserTotalsSort.Acceptances, UserTotalsSort.LocAdded, UserTotalsSort.ActiveDays })
                {
                    foreach (var query in new[] { new UserTotalsQuery { SortBy = sort, Limit = 1000 }, new UserTotalsQuery { SortBy = sort, Descending = false, Offset = 3, Limit = 5 } })
                    {
                        var expected = await memory.GetUserTotalsAsync(Org, range, query);
                        var actual = await store.GetUserTotalsAsync(Org, range, query);
                        Assert.Equal(fromPrefix(range) ? "running_totals" : "rollups", sources.Single());
                        Assert.Equal(expected.TotalUsers, actual.TotalUsers);
                        Assert.Equal(expected.Items.Select(u => u with { AiCreditsUsed = null }), actual.Items.Select(u => u with { AiCreditsUsed = null }));
                    }
                }
            }
        }

        await pg.RefreshSummariesAsync();
        await AssertRankingAsync(pg, _ => true);

        // A past day corrected (counters raised, a third of its users gone): stale running totals are not used
        // for ranges that reach it (the read-only store cannot rebuild them), and the rebuild serves the corrected totals.
        var corrected = generator.GenerateUsers(First.AddDays(4)).Where(u => u.UserId % 3 != 0).Select(Bump).ToList();
        await pg.ReplaceUserDayAsync(Org, First.AddDays(4), Stream(corrected));
        await memory.ReplaceUserDayAsync(Org, First.AddDays(4), Stream(corrected));
        await AssertRankingAsync(readOnly, _ => false);
        await pg.RefreshSummariesAsync();
        await AssertRankingAsync(pg, _ => true);

        // A purge drops the days the running totals started from: they are rebuilt from zero.
        var before = First.AddDays(10);
        Assert.Equal(await memory.PurgeBeforeAsync(before), await pg.PurgeBeforeAsync(before));
        await AssertRankingAsync(readOnly, range => range.To < before);
        await pg.RefreshSummariesAsync();
        await AssertRankingAsync(pg, _ => true);
    }

    /// <summary>
    /// Which summaries answered each <see cref="PostgresMetricsStore.GetUserTotalsAsync"/> on one schema, as the store
    /// traces it (<see cref="PostgresMetricsStore.ActivitySourceName"/>); other tests' stores have other schemas.
    /// </summary>
    private sealed class UserTotalsSources : IDisposable
    {
        private readonly ConcurrentQueue<string?> _sources = new();
        private readonly ActivityListener _listener;

        public UserTotalsSources(string schema)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PostgresMetricsStore.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.OperationName == "copilot_metrics.get_user_totals" && Equals(activity.GetTagItem("copilot_metrics.schema"), schema))
                    {
                        _sources.Enqueue(activity.GetTagItem("copilot_metrics.user_totals.source") as string);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>The source of the one query traced since the last call (fails unless exactly one was).</summary>
        public string? Single()
        {
            var sources = new List<string?>();
            while (_sources.TryDequeue(out var source))
            {
                sources.Add(source);
            }

            return Assert.Single(sources);
        }

        public void Dispose() => _listener.Dispose();
    }

    private static UserDayRecord Bump(UserDayRecord u) => new()
    {
        Day = u.Day,
        UserId = u.UserId,
        UserLogin = u.UserLogin + "-renamed",
        UserInitiatedInteractionCount = u.UserInitiatedInteractionCount + 1,
        CodeGenerationActivityCount = u.CodeGenerationActivityCount,
        CodeAcceptanceActivityCount = u.CodeAcceptanceActivityCount + 2,
        LocAddedSum = u.LocAddedSum + 3,
        AiCreditsUsed = u.AiCreditsUsed,
        TotalsByIde = u.TotalsByIde,
        TotalsByFeature = u.TotalsByFeature,
        TotalsByLanguageFeature = u.TotalsByLanguageFeature,
        TotalsByModelFeature = u.TotalsByModelFeature,
    };

    private static async Task AssertSameAsync(PostgresMetricsStore pg, InMemoryMetricsStore memory, DateRange[] ranges)
    {
        foreach (var range in ranges)
        {
            foreach (var sort in Enum.GetValues<UserTotalsSort>())
            {
                foreach (var descending in new[] { true, false })
                {
                    var query = new UserTotalsQuery { SortBy = sort, Descending = descending, Limit = 1000 };
                    var expected = await memory.GetUserTotalsAsync(Org, range, query);
                    var actual = await pg.GetUserTotalsAsync(Org, range, query);
                    Assert.Equal(expected.TotalUsers, actual.TotalUsers);
                    Assert.Equal(expected.Items.Select(u => u with { AiCreditsUsed = null }), actual.Items.Select(u => u with { AiCreditsUsed = null }));
                    for (var i = 0; i < expected.Items.Count; i++)
                    {
                        // Null (no row of the range reported credits) in both, or sums equal to 1e-9 (added in another order).
                        Assert.Equal(expected.Items[i].AiCreditsUsed is null, actual.Items[i].AiCreditsUsed is null);
                        if (expected.Items[i].AiCreditsUsed is { } credits)
                        {
                            Assert.Equal(credits, actual.Items[i].AiCreditsUsed!.Value, 1e-9 * Math.Max(1, credits));
                        }
                    }

                    var page = new UserTotalsQuery { SortBy = sort, Descending = descending, Offset = 5, Limit = 7 };
                    Assert.Equal(
                        (await memory.GetUserTotalsAsync(Org, range, page)).Items.Select(u => u.UserId),
                        (await pg.GetUserTotalsAsync(Org, range, page)).Items.Select(u => u.UserId));
                }
            }

            Assert.Equal(await memory.GetTeamMetricsAsync(Org, range), await pg.GetTeamMetricsAsync(Org, range));
            Assert.Equal(await memory.GetActiveUsersAsync(Org, range), await pg.GetActiveUsersAsync(Org, range));
            Assert.Equal(await memory.GetDailyEngagementAsync(Org, range), await pg.GetDailyEngagementAsync(Org, range));
            foreach (var dimension in Enum.GetValues<BreakdownDimension>())
            {
                Assert.Equal(await memory.GetBreakdownAsync(Org, range, dimension), await pg.GetBreakdownAsync(Org, range, dimension));
            }

            Assert.Equal(await memory.GetDailySeriesAsync(Org, range), await pg.GetDailySeriesAsync(Org, range));
        }
    }
}
