using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>The dashboard queries against small data sets whose answers are worked out by hand.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    [Fact]
    public async Task Daily_series_has_one_point_per_stored_aggregate_day()
    {
        var store = await NewStoreAsync();
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(-1), dau: 99));                         // before the range
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(2), dau: 6, c: new(I: 1, G: 2, A: 3, S: 4, SD: 5, L: 6, LD: 7), wau: 9, mau: 14, chatMau: 4, agentMau: 1));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D, dau: 5, c: new(I: 10, G: 20, A: 5, S: 40, SD: 1, L: 30, LD: 4), wau: 8, mau: 13, chatMau: 3, agentMau: 2));
        await store.ReplaceAggregateDayAsync(OtherOrg, Aggregate(D.AddDays(1), dau: 77));                      // another scope
        await store.ReplaceUserDayAsync(Org, D.AddDays(1), Stream(User(D.AddDays(1), 1, "ann", new(I: 1)))); // users only: no point

        var series = await store.GetDailySeriesAsync(Org, new DateRange(D, D.AddDays(3)));

        Assert.Equal(
            [
                new DailyMetrics(D, 5, 8, 13, 3, 2, new ActivityCounts(10, 20, 5, 40, 1, 30, 4)),
                new DailyMetrics(D.AddDays(2), 6, 9, 14, 4, 1, new ActivityCounts(1, 2, 3, 4, 5, 6, 7)),
            ],
            series);
        Assert.Empty(await store.GetDailySeriesAsync(Org, new DateRange(D.AddDays(3), D.AddDays(9))));
    }

    /// <summary>Two days of aggregates and per-user rows (D, D+1), plus a day after the range (D+2) that must not count.</summary>
    private async Task<IMetricsStore> BreakdownDataAsync()
    {
        var store = await NewStoreAsync();
        var d2 = D.AddDays(1);
        var d3 = D.AddDays(2);
        await store.ReplaceAggregateDayAsync(Org, Aggregate(
            D,
            ides: [Ide("vscode", new(I: 10, G: 100, A: 20, S: 200, L: 50, LD: 5)), Ide("intellij", new(I: 5, G: 300, A: 30, S: 100, L: 40))],
            features: [Feature("code_completion", new(G: 250, A: 40, S: 250, L: 60)), Feature("chat_panel_ask_mode", new(I: 15, G: 150, A: 10, S: 50, L: 30))],
            languages: [Lang("python", "code_completion", new(G: 200, A: 30, S: 200, L: 50)), Lang("python", "chat_panel_ask_mode", new(G: 100, A: 5, S: 30, L: 20)), Lang("go", "code_completion", new(G: 50, A: 10, S: 50, L: 10))],
            models: [Model("gpt-5", "chat_panel_ask_mode", new(I: 15, G: 150, A: 10, S: 50, L: 30))]));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(
            d2,
            ides: [Ide("vscode", new(I: 1, G: 1000)), Ide("neovim", new(G: 7)), Ide("emacs", new(G: 7)), Ide("others", new(I: 2, G: 2))],
            features: [Feature("code_completion", new(G: 1000)), Feature("agent_edit", new(G: 16, L: 99))],
            languages: [Lang("go", "code_completion", new(G: 1000, A: 1)), Lang("rust", "agent_edit", new(G: 16, L: 99))],
            models: [Model("claude", "chat_panel_agent_mode", new(I: 2, G: 3)), Model("gpt-5", "chat_inline", new(I: 1, G: 1))]));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(d3, ides: [Ide("vscode", new(G: 5000))], features: [Feature("code_completion", new(G: 5000))]));

        await store.ReplaceUserDayAsync(Org, D, Stream(
            User(D, 1, "u1", ides: [Ide("vscode")], features: [Feature("code_completion")], languages: [Lang("python", "code_completion")]),
            User(D, 2, "u2", ides: [Ide("vscode"), Ide("intellij")], features: [Feature("code_completion"), Feature("chat_panel_ask_mode")],
                languages: [Lang("python", "chat_panel_ask_mode"), Lang("go", "code_completion")], models: [Model("gpt-5", "chat_panel_ask_mode")])));
        await store.ReplaceUserDayAsync(Org, d2, Stream(
            User(d2, 1, "u1", ides: [Ide("vscode")], features: [Feature("code_completion")], languages: [Lang("go", "code_completion")]),
            User(d2, 3, "u3", ides: [Ide("neovim"), Ide("zed")], features: [Feature("agent_edit")], languages: [Lang("rust", "agent_edit")], models: [Model("claude", "chat_panel_agent_mode")])));
        await store.ReplaceUserDayAsync(Org, d3, Stream(User(d3, 4, "u4", ides: [Ide("vscode"), Ide("zed")], features: [Feature("code_completion")])));
        return store;
    }

    [Fact]
    public async Task Breakdown_by_ide_sums_aggregate_rows_and_counts_distinct_users()
    {
        var store = await BreakdownDataAsync();

        var rows = await store.GetBreakdownAsync(Org, new DateRange(D, D.AddDays(1)), BreakdownDimension.Ide);

        // vscode: counters 10+1 interactions, 100+1000 generations…; users {u1, u2} = 2 (u1 on both days counts once, not 3).
        // emacs and neovim tie on 7 generations: key order. "others" has no per-user rows (0 users); zed has per-user
        // rows only (zero counters, 1 user). Ordered by generations, descending, then key.
        Assert.Equal(
            [
                new BreakdownRow(BreakdownDimension.Ide, "vscode", new C(I: 11, G: 1100, A: 20, S: 200, L: 50, LD: 5).Counts, 2),
                new BreakdownRow(BreakdownDimension.Ide, "intellij", new C(I: 5, G: 300, A: 30, S: 100, L: 40).Counts, 1),
                new BreakdownRow(BreakdownDimension.Ide, "emacs", new C(G: 7).Counts, 0),
                new BreakdownRow(BreakdownDimension.Ide, "neovim", new C(G: 7).Counts, 1),
                new BreakdownRow(BreakdownDimension.Ide, "others", new C(I: 2, G: 2).Counts, 0),
                new BreakdownRow(BreakdownDimension.Ide, "zed", default, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Breakdown_by_feature_language_and_model()
    {
        var store = await BreakdownDataAsync();
        var range = new DateRange(D, D.AddDays(1));

        Assert.Equal(
            [
                new BreakdownRow(BreakdownDimension.Feature, "code_completion", new C(G: 1250, A: 40, S: 250, L: 60).Counts, 2),
                new BreakdownRow(BreakdownDimension.Feature, "chat_panel_ask_mode", new C(I: 15, G: 150, A: 10, S: 50, L: 30).Counts, 1),
                new BreakdownRow(BreakdownDimension.Feature, "agent_edit", new C(G: 16, L: 99).Counts, 1),
            ],
            await store.GetBreakdownAsync(Org, range, BreakdownDimension.Feature));

        // Languages summed over features: python = 200 + 100 generations; its users are u1 (completion) and u2 (chat).
        // go = 50 + 1000; users u2 (day 1) and u1 (day 2).
        Assert.Equal(
            [
                new BreakdownRow(BreakdownDimension.Language, "go", new C(G: 1050, A: 11, S: 50, L: 10).Counts, 2),
                new BreakdownRow(BreakdownDimension.Language, "python", new C(G: 300, A: 35, S: 230, L: 70).Counts, 2),
                new BreakdownRow(BreakdownDimension.Language, "rust", new C(G: 16, L: 99).Counts, 1),
            ],
            await store.GetBreakdownAsync(Org, range, BreakdownDimension.Language));

        // Models summed over features: gpt-5 = ask mode (day 1) + inline (day 2); only u2 has a gpt-5 row.
        Assert.Equal(
            [
                new BreakdownRow(BreakdownDimension.Model, "gpt-5", new C(I: 16, G: 151, A: 10, S: 50, L: 30).Counts, 1),
                new BreakdownRow(BreakdownDimension.Model, "claude", new C(I: 2, G: 3).Counts, 1),
            ],
            await store.GetBreakdownAsync(Org, range, BreakdownDimension.Model));

        // One day only: u1 and u2 use vscode on day 1.
        var vscode = (await store.GetBreakdownAsync(Org, new DateRange(D, D), BreakdownDimension.Ide)).Single(r => r.Key == "vscode");
        Assert.Equal(new BreakdownRow(BreakdownDimension.Ide, "vscode", new C(I: 10, G: 100, A: 20, S: 200, L: 50, LD: 5).Counts, 2), vscode);
        Assert.Empty(await store.GetBreakdownAsync(OtherOrg, range, BreakdownDimension.Ide));
    }

    /// <summary>Four users over two days in the range (D, D+1) and one day after it (D+2).</summary>
    private async Task<IMetricsStore> UserTotalsDataAsync()
    {
        var store = await NewStoreAsync();
        var d2 = D.AddDays(1);
        var d3 = D.AddDays(2);
        await store.ReplaceUserDayAsync(Org, D, Stream(
            User(D, 10, "zed-old", new(I: 5, G: 1, A: 0, L: 3), credits: 1.5),
            User(D, 20, "amy", new(I: 10, G: 2, A: 7, L: 1)),
            User(D, 30, "Amy", new(I: 10, G: 0, A: 0, L: 0), credits: 0.25)));
        await store.ReplaceUserDayAsync(Org, d2, Stream(
            User(d2, 10, "zed", new(I: 5, G: 0, A: 1, L: 0), credits: 0.25),
            User(d2, 5, "bob", new(I: 3, G: 9, A: 2, L: 100), credits: 2),
            User(d2, 30, "Amy", new(I: 0, G: 50, A: 0, L: 0))));
        await store.ReplaceUserDayAsync(Org, d3, Stream(User(d3, 5, "bob-later", new(I: 1000))));
        return store;
    }

    [Fact]
    public async Task User_totals_sum_the_range_and_take_the_latest_login()
    {
        var store = await UserTotalsDataAsync();
        var d2 = D.AddDays(1);

        var page = await store.GetUserTotalsAsync(Org, new DateRange(D, d2), new UserTotalsQuery());

        // Credits: zed 1.5 + 0.25; Amy 0.25 on D and none on D+1 (the row without the field adds nothing); amy none at all.
        // Interactions 10, 10, 10 tie: user id ascending breaks the tie; bob (3) last. bob's day after the range does not count.
        Assert.Equal(4, page.TotalUsers);
        Assert.Equal(
            [
                new UserTotals(10, "zed", 2, d2, new ActivityCounts(10, 1, 1, 0, 0, 3, 0), 1.75),
                new UserTotals(20, "amy", 1, D, new ActivityCounts(10, 2, 7, 0, 0, 1, 0), null), // no row with ai_credits_used: null, not 0
                new UserTotals(30, "Amy", 2, d2, new ActivityCounts(10, 50, 0, 0, 0, 0, 0), 0.25),
                new UserTotals(5, "bob", 1, d2, new ActivityCounts(3, 9, 2, 0, 0, 100, 0), 2),
            ],
            page.Items);
    }

    [Fact]
    public async Task User_totals_sort_by_every_key_both_ways_with_ties_by_user_id()
    {
        var store = await UserTotalsDataAsync();
        var range = new DateRange(D, D.AddDays(1));

        async Task AssertOrder(UserTotalsSort sort, bool descending, params long[] expected) =>
            Assert.Equal(expected, (await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { SortBy = sort, Descending = descending })).Items.Select(u => u.UserId));

        await AssertOrder(UserTotalsSort.Interactions, true, 10, 20, 30, 5);
        await AssertOrder(UserTotalsSort.Interactions, false, 5, 10, 20, 30);    // ties stay ascending by id
        await AssertOrder(UserTotalsSort.Generations, true, 30, 5, 20, 10);
        await AssertOrder(UserTotalsSort.Generations, false, 10, 20, 5, 30);
        await AssertOrder(UserTotalsSort.Acceptances, true, 20, 5, 10, 30);
        await AssertOrder(UserTotalsSort.LocAdded, true, 5, 10, 20, 30);
        await AssertOrder(UserTotalsSort.LocAdded, false, 30, 20, 10, 5);
        await AssertOrder(UserTotalsSort.ActiveDays, true, 10, 30, 5, 20);
        await AssertOrder(UserTotalsSort.ActiveDays, false, 5, 20, 10, 30);
        await AssertOrder(UserTotalsSort.Login, false, 30, 20, 5, 10);           // ordinal: "Amy" < "amy" < "bob" < "zed"
        await AssertOrder(UserTotalsSort.Login, true, 10, 5, 20, 30);
    }

    [Fact]
    public async Task User_totals_are_paged_with_the_total_count()
    {
        var store = await UserTotalsDataAsync();
        var range = new DateRange(D, D.AddDays(1));

        var page = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Offset = 1, Limit = 2 });
        Assert.Equal([20L, 30], page.Items.Select(u => u.UserId));
        Assert.Equal(4, page.TotalUsers);

        var last = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Offset = 3, Limit = 5 });
        Assert.Equal([5L], last.Items.Select(u => u.UserId));
        Assert.Equal(4, last.TotalUsers);

        var beyond = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { Offset = 4 });
        Assert.Empty(beyond.Items);
        Assert.Equal(4, beyond.TotalUsers);

        var later = await store.GetUserTotalsAsync(Org, new DateRange(D.AddDays(2), D.AddDays(2)), new UserTotalsQuery());
        Assert.Equal([new UserTotals(5, "bob-later", 1, D.AddDays(2), new ActivityCounts(1000, 0, 0, 0, 0, 0, 0), null)], later.Items);
    }

    /// <summary>
    /// Users ann 11, bob 22, cat 33, dan 44, eve 55; teams beta (id 100), gamma (200), alpha (300), delta (400).
    /// Activity (interactions, generations, acceptances, lines added) and membership per day:
    /// <code>
    /// D-1: ann (1000,1000,1000,1000)          alpha: ann      delta: ann
    /// D  : ann (1,10,2,5) bob (2,20,4,7)      alpha: ann bob  beta: bob cat  gamma: dan (inactive)
    ///      cat (4,40,8,11) eve (128,0,0,0) — eve is in no team
    /// D+1: ann (8,80,16,13) dan (16,160,32,17) alpha: ann bob cat (bob, cat inactive)  beta: cat (inactive)  gamma: dan
    /// D+2: bob (32,320,64,19) cat (64,640,128,23)  alpha: ann (inactive) cat  beta, renamed "beta-renamed": bob cat  gamma: dan (inactive)
    /// D+3: no per-user data                   gamma: dan
    /// </code>
    /// </summary>
    private async Task<IMetricsStore> TeamDataAsync()
    {
        var store = await NewStoreAsync();
        DateOnly d0 = D.AddDays(-1), d1 = D, d2 = D.AddDays(1), d3 = D.AddDays(2), d4 = D.AddDays(3);
        await store.ReplaceUserDayAsync(Org, d0, Stream(User(d0, 11, "ann", new(I: 1000, G: 1000, A: 1000, L: 1000))));
        await store.ReplaceUserDayAsync(Org, d1, Stream(
            User(d1, 11, "ann", new(I: 1, G: 10, A: 2, L: 5)), User(d1, 22, "bob", new(I: 2, G: 20, A: 4, L: 7)),
            User(d1, 33, "cat", new(I: 4, G: 40, A: 8, L: 11)), User(d1, 55, "eve", new(I: 128))));
        await store.ReplaceUserDayAsync(Org, d2, Stream(User(d2, 11, "ann", new(I: 8, G: 80, A: 16, L: 13)), User(d2, 44, "dan", new(I: 16, G: 160, A: 32, L: 17))));
        await store.ReplaceUserDayAsync(Org, d3, Stream(User(d3, 22, "bob", new(I: 32, G: 320, A: 64, L: 19)), User(d3, 33, "cat", new(I: 64, G: 640, A: 128, L: 23))));

        await store.ReplaceUserTeamDayAsync(Org, d0, Stream(Member(d0, 300, "alpha", 11), Member(d0, 400, "delta", 11)));
        await store.ReplaceUserTeamDayAsync(Org, d1, Stream(
            Member(d1, 300, "alpha", 11), Member(d1, 300, "alpha", 22), Member(d1, 100, "beta", 22), Member(d1, 100, "beta", 33), Member(d1, 200, "gamma", 44)));
        await store.ReplaceUserTeamDayAsync(Org, d2, Stream(
            Member(d2, 300, "alpha", 11), Member(d2, 300, "alpha", 22), Member(d2, 300, "alpha", 33), Member(d2, 100, "beta", 33), Member(d2, 200, "gamma", 44)));
        await store.ReplaceUserTeamDayAsync(Org, d3, Stream(
            Member(d3, 300, "alpha", 11), Member(d3, 300, "alpha", 33), Member(d3, 100, "beta-renamed", 22), Member(d3, 100, "beta-renamed", 33), Member(d3, 200, "gamma", 44)));
        await store.ReplaceUserTeamDayAsync(Org, d4, Stream(Member(d4, 200, "gamma", 44)));
        return store;
    }

    [Fact]
    public async Task Team_metrics_match_the_hand_computed_oracle()
    {
        var store = await TeamDataAsync();

        var teams = await store.GetTeamMetricsAsync(Org, new DateRange(D, D.AddDays(2)));

        // alpha: members {ann, bob, cat} = 3; joined active user-days: ann D, bob D, ann D+1, cat D+2 → active {ann, bob, cat} = 3;
        //        counters ann D (1,10,2,5) + bob D (2,20,4,7) + ann D+1 (8,80,16,13) + cat D+2 (64,640,128,23) = (75, 750, 150, 48).
        //        Not counted: bob's D+2 activity (he left alpha), cat's D activity (not yet a member), ann's D-1 (outside).
        // beta:  members {bob, cat} = 2; active user-days bob D, cat D, bob D+2, cat D+2 → 2; (102, 1020, 204, 60); latest slug.
        // gamma: members {dan} = 1; active on D+1 only → 1; (16, 160, 32, 17).
        // delta: members only on D-1 → no row. eve is in no team → counted nowhere.
        Assert.Equal(
            [
                new TeamMetrics(300, "alpha", 3, 3, new C(I: 75, G: 750, A: 150, L: 48).Counts),
                new TeamMetrics(100, "beta-renamed", 2, 2, new C(I: 102, G: 1020, A: 204, L: 60).Counts),
                new TeamMetrics(200, "gamma", 1, 1, new C(I: 16, G: 160, A: 32, L: 17).Counts),
            ],
            teams);
    }

    [Fact]
    public async Task Team_distinct_users_over_a_range_are_not_the_sum_of_daily_counts()
    {
        var store = await TeamDataAsync();
        var daily = new List<TeamMetrics>();
        for (var day = D; day <= D.AddDays(2); day = day.AddDays(1))
        {
            daily.AddRange(await store.GetTeamMetricsAsync(Org, new DateRange(day, day)));
        }

        var range = await store.GetTeamMetricsAsync(Org, new DateRange(D, D.AddDays(2)));

        // alpha: daily active 2 + 1 + 1 = 4, distinct 3; daily members 2 + 3 + 2 = 7, distinct 3. beta: 2 + 0 + 2 = 4, distinct 2.
        Assert.Equal(4, daily.Where(t => t.TeamId == 300).Sum(t => t.ActiveUsers));
        Assert.Equal(7, daily.Where(t => t.TeamId == 300).Sum(t => t.Members));
        Assert.Equal(4, daily.Where(t => t.TeamId == 100).Sum(t => t.ActiveUsers));
        Assert.Equal(3, range.Single(t => t.TeamId == 300).ActiveUsers);
        Assert.Equal(3, range.Single(t => t.TeamId == 300).Members);
        Assert.Equal(2, range.Single(t => t.TeamId == 100).ActiveUsers);
        // Counters, unlike users, do add up over the days.
        Assert.Equal(range.Single(t => t.TeamId == 300).Activity, daily.Where(t => t.TeamId == 300).Select(t => t.Activity).Aggregate((a, b) => a + b));
    }

    [Fact]
    public async Task Team_metrics_of_sub_ranges_follow_membership_day_by_day()
    {
        var store = await TeamDataAsync();

        // D: beta is still "beta"; gamma's only member is inactive: a row with 0 active users and no activity.
        Assert.Equal(
            [
                new TeamMetrics(300, "alpha", 2, 2, new C(I: 3, G: 30, A: 6, L: 12).Counts),
                new TeamMetrics(100, "beta", 2, 2, new C(I: 6, G: 60, A: 12, L: 18).Counts),
                new TeamMetrics(200, "gamma", 1, 0, default),
            ],
            await store.GetTeamMetricsAsync(Org, new DateRange(D, D)));

        // D+1..D+2: alpha members {ann, bob, cat}, active ann (D+1) and cat (D+2); beta members {cat, bob}, active bob and cat on D+2 only.
        Assert.Equal(
            [
                new TeamMetrics(300, "alpha", 3, 2, new C(I: 72, G: 720, A: 144, L: 36).Counts),
                new TeamMetrics(100, "beta-renamed", 2, 2, new C(I: 96, G: 960, A: 192, L: 42).Counts),
                new TeamMetrics(200, "gamma", 1, 1, new C(I: 16, G: 160, A: 32, L: 17).Counts),
            ],
            await store.GetTeamMetricsAsync(Org, new DateRange(D.AddDays(1), D.AddDays(2))));

        // D+2..D+3: D+3 has membership but no per-user day at all.
        Assert.Equal(
            [
                new TeamMetrics(300, "alpha", 2, 1, new C(I: 64, G: 640, A: 128, L: 23).Counts),
                new TeamMetrics(100, "beta-renamed", 2, 2, new C(I: 96, G: 960, A: 192, L: 42).Counts),
                new TeamMetrics(200, "gamma", 1, 0, default),
            ],
            await store.GetTeamMetricsAsync(Org, new DateRange(D.AddDays(2), D.AddDays(3))));

        // D-1: alpha and delta both hold ann and her D-1 activity (a user in several teams counts in each).
        var ann = new C(I: 1000, G: 1000, A: 1000, L: 1000).Counts;
        Assert.Equal(
            [new TeamMetrics(300, "alpha", 1, 1, ann), new TeamMetrics(400, "delta", 1, 1, ann)],
            await store.GetTeamMetricsAsync(Org, new DateRange(D.AddDays(-1), D.AddDays(-1))));

        Assert.Empty(await store.GetTeamMetricsAsync(Org, new DateRange(D.AddDays(4), D.AddDays(9))));
        Assert.Empty(await store.GetTeamMetricsAsync(OtherOrg, new DateRange(D, D.AddDays(3))));
    }

    /// <summary>
    /// Active days relative to D: u1 −30, −10, 0; u2 −6, 1, 2; u3 −7, 7; u4 −27; u5 3. (A user of another scope on day 2.)
    /// </summary>
    private async Task<IMetricsStore> ActiveUsersDataAsync()
    {
        var store = await NewStoreAsync();
        var days = new Dictionary<int, List<long>>();
        foreach (var (user, offsets) in new (long, int[])[] { (1, [-30, -10, 0]), (2, [-6, 1, 2]), (3, [-7, 7]), (4, [-27]), (5, [3]) })
        {
            foreach (var offset in offsets)
            {
                days.TryAdd(offset, []);
                days[offset].Add(user);
            }
        }

        foreach (var (offset, users) in days)
        {
            var day = D.AddDays(offset);
            await store.ReplaceUserDayAsync(Org, day, Stream(users.Select(u => User(day, u, $"u{u}", new(I: 1)))));
        }

        await store.ReplaceUserDayAsync(OtherOrg, D.AddDays(2), Stream(User(D.AddDays(2), 9, "other", new(I: 1))));
        await store.ReplaceUserDayAsync(Org, D.AddDays(5), Stream<UserDayRecord>()); // stored empty: 0 that day
        return store;
    }

    [Fact]
    public async Task Active_users_match_the_hand_computed_oracle_with_windows_reaching_before_the_range()
    {
        var store = await ActiveUsersDataAsync();

        var points = await store.GetActiveUsersAsync(Org, new DateRange(D, D.AddDays(7)));

        // day 0: daily {u1}; 7 days [−6, 0] {u1, u2} (u3's −7 just outside); 28 days [−27, 0] {u1, u2, u3, u4} (u4's −27 just inside).
        // day 1: {u2}; [−5, 1] {u1, u2}; [−26, 1] {u1, u2, u3} (u4 left).
        // day 2: {u2}; [−4, 2] {u1, u2} — 3 user-days, 2 users; [−25, 2] {u1, u2, u3}.
        // day 3: {u5}; [−3, 3] {u1, u2, u5}; [−24, 3] {u1, u2, u3, u5}.
        // days 4–6: none; 7 days still {u1, u2, u5} (u1's day 0 leaves after day 6); 28 days {u1, u2, u3, u5}.
        // day 7: {u3}; [1, 7] {u2, u5, u3}; [−20, 7] {u1, u2, u3, u5}.
        Assert.Equal(
            [
                new ActiveUsersPoint(D, 1, 2, 4),
                new ActiveUsersPoint(D.AddDays(1), 1, 2, 3),
                new ActiveUsersPoint(D.AddDays(2), 1, 2, 3),
                new ActiveUsersPoint(D.AddDays(3), 1, 3, 4),
                new ActiveUsersPoint(D.AddDays(4), 0, 3, 4),
                new ActiveUsersPoint(D.AddDays(5), 0, 3, 4),
                new ActiveUsersPoint(D.AddDays(6), 0, 3, 4),
                new ActiveUsersPoint(D.AddDays(7), 1, 3, 4),
            ],
            points);
    }

    [Fact]
    public async Task Active_users_of_single_days_and_days_without_data()
    {
        var store = await ActiveUsersDataAsync();

        // −10: {u1}; [−16, −10] {u1}; [−37, −10] {u1 (−30, −10), u4 (−27)}.
        Assert.Equal([new ActiveUsersPoint(D.AddDays(-10), 1, 1, 2)], await store.GetActiveUsersAsync(Org, new DateRange(D.AddDays(-10), D.AddDays(-10))));
        // −7: {u3}; [−13, −7] {u1, u3}; [−34, −7] {u1, u3, u4}.
        Assert.Equal([new ActiveUsersPoint(D.AddDays(-7), 1, 2, 3)], await store.GetActiveUsersAsync(Org, new DateRange(D.AddDays(-7), D.AddDays(-7))));
        // Long before any data: one zero point per day.
        Assert.Equal(
            [new ActiveUsersPoint(D.AddDays(-90), 0, 0, 0), new ActiveUsersPoint(D.AddDays(-89), 0, 0, 0)],
            await store.GetActiveUsersAsync(Org, new DateRange(D.AddDays(-90), D.AddDays(-89))));
        // After the data: the windows drain. Day 13: [7, 13] {u3}; day 14: [8, 14] none; 28 days ending day 14: [−13, 14] {u1, u2, u3, u5}.
        Assert.Equal(
            [new ActiveUsersPoint(D.AddDays(13), 0, 1, 4), new ActiveUsersPoint(D.AddDays(14), 0, 0, 4)],
            await store.GetActiveUsersAsync(Org, new DateRange(D.AddDays(13), D.AddDays(14))));
        Assert.Equal([new ActiveUsersPoint(D.AddDays(2), 1, 1, 1)], await store.GetActiveUsersAsync(OtherOrg, new DateRange(D.AddDays(2), D.AddDays(2))));
    }

    [Fact]
    public async Task Engagement_rows_match_the_hand_computed_oracle()
    {
        var store = await NewStoreAsync();
        var d2 = D.AddDays(1);
        // u1: generations only (not engaged); completions in vscode; a python completion row and a go chat row.
        // u2: engaged (interactions); chat (inline + ask) in vscode and jetbrains; gpt-5 twice (two chat features) and claude.
        // u3: engaged (acceptances); completions and agent edits in neovim; gpt-5 with agent_edit only (not a chat feature).
        // u4: a row without breakdowns (server-side telemetry only): active, nothing else.
        await store.ReplaceUserDayAsync(Org, D, Stream(
            User(D, 1, "u1", new(G: 5), ides: [Ide("vscode")], features: [Feature("code_completion")], languages: [Lang("python", "code_completion"), Lang("go", "chat_inline")]),
            User(D, 2, "u2", new(I: 3), ides: [Ide("vscode"), Ide("jetbrains")], features: [Feature("chat_inline"), Feature("chat_panel_ask_mode")],
                languages: [Lang("python", "chat_inline")], models: [Model("gpt-5", "chat_inline"), Model("gpt-5", "chat_panel_ask_mode"), Model("claude", "chat_panel_ask_mode")]),
            User(D, 3, "u3", new(A: 2), ides: [Ide("neovim")], features: [Feature("code_completion"), Feature("agent_edit")],
                languages: [Lang("rust", "code_completion"), Lang("python", "code_completion")], models: [Model("gpt-5", "agent_edit")]),
            User(D, 4, "u4")));
        // D+1: one user, not engaged, one IDE, no features: no Engaged row (rows are only emitted for counts above zero).
        await store.ReplaceUserDayAsync(Org, d2, Stream(User(d2, 5, "u5", new(G: 1), ides: [Ide("xcode")])));
        // D+2: stored empty, D+3: nothing stored: no rows at all.
        await store.ReplaceUserDayAsync(Org, D.AddDays(2), Stream<UserDayRecord>());

        var rows = await store.GetDailyEngagementAsync(Org, new DateRange(D, D.AddDays(3)));

        Assert.Equal(
            [
                new DailyEngagement(D, EngagementKind.Active, "", 4),
                new DailyEngagement(D, EngagementKind.Engaged, "", 2),
                new DailyEngagement(D, EngagementKind.Ide, "jetbrains", 1),
                new DailyEngagement(D, EngagementKind.Ide, "neovim", 1),
                new DailyEngagement(D, EngagementKind.Ide, "vscode", 2),
                new DailyEngagement(D, EngagementKind.Feature, "agent_edit", 1),
                new DailyEngagement(D, EngagementKind.Feature, "chat_inline", 1),
                new DailyEngagement(D, EngagementKind.Feature, "chat_panel_ask_mode", 1),
                new DailyEngagement(D, EngagementKind.Feature, "code_completion", 2),
                new DailyEngagement(D, EngagementKind.CompletionLanguage, "python", 2),
                new DailyEngagement(D, EngagementKind.CompletionLanguage, "rust", 1),
                new DailyEngagement(D, EngagementKind.ChatModel, "claude", 1),
                new DailyEngagement(D, EngagementKind.ChatModel, "gpt-5", 1),
                new DailyEngagement(D, EngagementKind.CompletionIde, "neovim", 1),
                new DailyEngagement(D, EngagementKind.CompletionIde, "vscode", 1),
                new DailyEngagement(D, EngagementKind.ChatIde, "jetbrains", 1),
                new DailyEngagement(D, EngagementKind.ChatIde, "vscode", 1),
                new DailyEngagement(d2, EngagementKind.Active, "", 1),
                new DailyEngagement(d2, EngagementKind.Ide, "xcode", 1),
            ],
            rows);
        Assert.Equal(17, (await store.GetDailyEngagementAsync(Org, new DateRange(D, D))).Count);
        Assert.Empty(await store.GetDailyEngagementAsync(Enterprise, new DateRange(D, D.AddDays(3))));
    }

    [Fact]
    public async Task Seat_snapshots_latest_and_history()
    {
        var store = await NewStoreAsync();
        var s1 = D.AddDays(9);   // 2026-06-10; with 7 days the cut-off is 2026-06-03T00:00Z
        var s2 = D.AddDays(11);  // 2026-06-12; cut-off 2026-06-05T00:00Z
        CopilotSeat[] seats1 =
        [
            Seat(1, At(2026, 6, 9, 12)),                                      // active
            Seat(2, At(2026, 6, 3)),                                          // active: exactly on the cut-off
            Seat(3, At(2026, 6, 2, 23, 59, 59)),                              // a second too early
            Seat(4, null),                                                    // never used
            Seat(1, null),                                                    // ann's second seat (another team): still one assignee, active
            Seat(5, null), Seat(5, null),                                     // never used, counted once
            Seat(null, At(2026, 6, 9)),                                       // no assignee: not counted
            Seat(6, new DateTimeOffset(2026, 6, 3, 1, 0, 0, TimeSpan.FromHours(2))), // 2026-06-02T23:00Z: too early
            Seat(7, At(2026, 6, 12, 8)),                                      // after the snapshot day: active
        ];
        CopilotSeat[] seats2 = [Seat(1, At(2026, 6, 11, 10)), Seat(8, null)];
        await store.ReplaceSeatSnapshotAsync(Org, s1, Stream(seats1));
        await store.ReplaceSeatSnapshotAsync(Org, s2, Stream(seats2));
        await store.ReplaceSeatSnapshotAsync(Org, D, Stream(Seat(9, null)));  // written last, but the oldest day
        await store.ReplaceSeatSnapshotAsync(OtherOrg, D.AddDays(20), Stream(Seat(1, null)));

        var latest = await store.GetLatestSeatSnapshotAsync(Org);
        Assert.NotNull(latest);
        Assert.Equal(s2, latest.Day);
        Assert.Equal(Json(seats2), Json(latest.Seats));

        // Assigned {1..7} = 7; active within 7 days {1, 2, 7} = 3; never used {4, 5} = 2.
        Assert.Equal(
            [new SeatHistoryPoint(D, 1, 0, 1), new SeatHistoryPoint(s1, 7, 3, 2), new SeatHistoryPoint(s2, 2, 1, 1)],
            await store.GetSeatHistoryAsync(Org, new DateRange(D, s2), 7));
        // 0 days: only activity on or after the snapshot day (7); 8 days: cut-off 2026-06-02T00:00Z adds 3 and 6.
        Assert.Equal([new SeatHistoryPoint(s1, 7, 1, 2)], await store.GetSeatHistoryAsync(Org, new DateRange(D.AddDays(1), D.AddDays(10)), 0));
        Assert.Equal([new SeatHistoryPoint(s1, 7, 5, 2)], await store.GetSeatHistoryAsync(Org, new DateRange(s1, s1), 8));

        // A replaced snapshot replaces the latest; an empty one is still a snapshot.
        await store.ReplaceSeatSnapshotAsync(Org, s2, Stream<CopilotSeat>());
        latest = await store.GetLatestSeatSnapshotAsync(Org);
        Assert.Equal(s2, latest!.Day);
        Assert.Empty(latest.Seats);
        Assert.Equal([new SeatHistoryPoint(s2, 0, 0, 0)], await store.GetSeatHistoryAsync(Org, new DateRange(s2, s2), 7));
        Assert.Null(await store.GetLatestSeatSnapshotAsync(Enterprise));
    }

    [Fact]
    public async Task An_empty_store_answers_every_query_with_nothing()
    {
        var store = await NewStoreAsync();
        var range = new DateRange(D, D.AddDays(2));

        Assert.Empty(await AggregatesAsync(store, Org, range));
        Assert.Empty(await UsersAsync(store, Org, D));
        Assert.Empty(await TeamsAsync(store, Org, D));
        Assert.Empty(await ReposAsync(store, Org, D));
        Assert.Empty(await store.GetDailySeriesAsync(Org, range));
        foreach (var dimension in Enum.GetValues<BreakdownDimension>())
        {
            Assert.Empty(await store.GetBreakdownAsync(Org, range, dimension));
        }

        var totals = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery());
        Assert.Empty(totals.Items);
        Assert.Equal(0, totals.TotalUsers);
        Assert.Empty(await store.GetTeamMetricsAsync(Org, range));
        Assert.Equal([new ActiveUsersPoint(D, 0, 0, 0), new ActiveUsersPoint(D.AddDays(1), 0, 0, 0), new ActiveUsersPoint(D.AddDays(2), 0, 0, 0)], await store.GetActiveUsersAsync(Org, range));
        Assert.Empty(await store.GetDailyEngagementAsync(Org, range));
        Assert.Null(await store.GetLatestSeatSnapshotAsync(Org));
        Assert.Empty(await store.GetSeatHistoryAsync(Org, range, 30));
        Assert.Equal(range.EachDay(), await store.GetMissingDaysAsync(Org, SyncDataset.Aggregate, range));
        Assert.Empty(await store.GetSyncStatusesAsync(Org, range));
        Assert.Empty(await store.GetScopesAsync());
        Assert.Equal(0, await store.PurgeBeforeAsync(D));
    }
}
