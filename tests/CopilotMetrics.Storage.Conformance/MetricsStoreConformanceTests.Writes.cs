using CopilotMetrics.Reports;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>Writes: whole-day replace, failures and cancellation that keep the previous version, validation, concurrency.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    [Fact]
    public async Task Storing_a_users_day_again_replaces_it_exactly()
    {
        var store = await NewStoreAsync();
        UserDayRecord[] first = [User(D, 1, "ann", new(I: 1)), User(D, 2, "bob", new(I: 2)), User(D, 3, "cat", new(I: 3))];
        // The late correction: bob's numbers change, cat is gone, dan appears.
        UserDayRecord[] second = [User(D, 2, "bob", new(I: 20, G: 7)), User(D, 4, "dan", new(I: 4))];

        var stored1 = await store.ReplaceUserDayAsync(Org, D, Stream(first));
        var stored2 = await store.ReplaceUserDayAsync(Org, D, Stream(second));

        Assert.Equal(new StoredDay(3, HashOf(first), Replaced: false), stored1);
        Assert.Equal(new StoredDay(2, HashOf(second), Replaced: true), stored2);
        var read = await UsersAsync(store, Org, D);
        Assert.Equal(Json(second), Json(read));
        Assert.Equal(20, read[0].UserInitiatedInteractionCount);
        Assert.Equal(7, read[0].CodeGenerationActivityCount);

        // Storing the same content again is a replace too, with the same hash.
        var stored3 = await store.ReplaceUserDayAsync(Org, D, Stream(second));
        Assert.Equal(new StoredDay(2, HashOf(second), Replaced: true), stored3);
        Assert.Equal(Json(second), Json(await UsersAsync(store, Org, D)));
    }

    [Fact]
    public async Task Storing_an_aggregate_day_again_replaces_it_exactly()
    {
        var store = await NewStoreAsync();
        var first = Aggregate(D, dau: 10, c: new(I: 100), ides: [Ide("vscode", new(I: 100))]);
        var second = Aggregate(D, dau: 12, c: new(I: 130, G: 5), ides: [Ide("intellij", new(I: 130, G: 5))]);

        Assert.Equal(new StoredDay(1, HashOf([first]), Replaced: false), await store.ReplaceAggregateDayAsync(Org, first));
        Assert.Equal(new StoredDay(1, HashOf([second]), Replaced: true), await store.ReplaceAggregateDayAsync(Org, second));

        Assert.Equal(Json([second]), Json(await AggregatesAsync(store, Org, new DateRange(D, D))));
        var series = Assert.Single(await store.GetDailySeriesAsync(Org, new DateRange(D, D)));
        Assert.Equal(12, series.DailyActiveUsers);
        Assert.Equal(130, series.Activity.UserInitiatedInteractions);
        var ide = Assert.Single(await store.GetBreakdownAsync(Org, new DateRange(D, D), BreakdownDimension.Ide));
        Assert.Equal("intellij", ide.Key);
    }

    [Fact]
    public async Task Storing_user_teams_repositories_and_seats_again_replaces_them_exactly()
    {
        var store = await NewStoreAsync();

        UserTeamRecord[] teams1 = [Member(D, 10, "alpha", 1), Member(D, 10, "alpha", 2), Member(D, 20, "beta", 1)];
        UserTeamRecord[] teams2 = [Member(D, 10, "alpha-renamed", 2), Member(D, 30, "gamma", 3)];
        Assert.False((await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams1))).Replaced);
        Assert.Equal(new StoredDay(2, HashOf(teams2), true), await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams2)));
        Assert.Equal(Json(teams2), Json(await TeamsAsync(store, Org, D)));

        RepositoryDayRecord[] repos1 = [Repo(D, 1, "acme/api"), Repo(D, 2, "acme/web")];
        RepositoryDayRecord[] repos2 = [Repo(D, 3, "acme/infra")];
        Assert.False((await store.ReplaceRepositoryDayAsync(Org, D, Stream(repos1))).Replaced);
        Assert.Equal(new StoredDay(1, HashOf(repos2), true), await store.ReplaceRepositoryDayAsync(Org, D, Stream(repos2)));
        Assert.Equal(Json(repos2), Json(await ReposAsync(store, Org, D)));

        CopilotSeat[] seats1 = [Seat(1, null), Seat(2, null), Seat(3, null)];
        CopilotSeat[] seats2 = [Seat(4, At(2026, 5, 30))];
        Assert.False((await store.ReplaceSeatSnapshotAsync(Org, D, Stream(seats1))).Replaced);
        Assert.Equal(new StoredDay(1, HashOf(seats2), true), await store.ReplaceSeatSnapshotAsync(Org, D, Stream(seats2)));
        var latest = await store.GetLatestSeatSnapshotAsync(Org);
        Assert.NotNull(latest);
        Assert.Equal(D, latest.Day);
        Assert.Equal(Json(seats2), Json(latest.Seats));
    }

    [Fact]
    public async Task Replaced_is_true_when_an_empty_version_existed()
    {
        var store = await NewStoreAsync();

        Assert.Equal(new StoredDay(0, HashOf<UserDayRecord>([]), false), await store.ReplaceUserDayAsync(Org, D, Stream<UserDayRecord>()));
        Assert.Equal(new StoredDay(0, HashOf<UserDayRecord>([]), true), await store.ReplaceUserDayAsync(Org, D, Stream<UserDayRecord>()));
        Assert.True((await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann")))).Replaced);

        Assert.False((await store.ReplaceUserTeamDayAsync(Org, D, Stream<UserTeamRecord>())).Replaced);
        Assert.True((await store.ReplaceUserTeamDayAsync(Org, D, Stream(Member(D, 1, "a", 1)))).Replaced);
        Assert.False((await store.ReplaceRepositoryDayAsync(Org, D, Stream<RepositoryDayRecord>())).Replaced);
        Assert.True((await store.ReplaceRepositoryDayAsync(Org, D, Stream<RepositoryDayRecord>())).Replaced);
        Assert.False((await store.ReplaceSeatSnapshotAsync(Org, D, Stream<CopilotSeat>())).Replaced);
        Assert.True((await store.ReplaceSeatSnapshotAsync(Org, D, Stream<CopilotSeat>())).Replaced);

        // An empty stored day has no rows to read, but it is stored: not missing, and it is the latest snapshot.
        Assert.Empty(await ReposAsync(store, Org, D));
        Assert.Empty(await store.GetMissingDaysAsync(Org, SyncDataset.Repositories, new DateRange(D, D)));
        Assert.Empty(await store.GetMissingDaysAsync(Org, SyncDataset.Seats, new DateRange(D, D)));
        var latest = await store.GetLatestSeatSnapshotAsync(Org);
        Assert.NotNull(latest);
        Assert.Empty(latest.Seats);
    }

    [Fact]
    public async Task A_stream_that_throws_midway_keeps_the_previous_version_of_every_dataset()
    {
        var store = await NewStoreAsync();
        UserDayRecord[] users = [User(D, 1, "ann", new(I: 1)), User(D, 2, "bob", new(I: 2))];
        UserTeamRecord[] teams = [Member(D, 10, "alpha", 1)];
        RepositoryDayRecord[] repos = [Repo(D, 1, "acme/api")];
        CopilotSeat[] seats = [Seat(1, null)];
        await store.ReplaceUserDayAsync(Org, D, Stream(users));
        await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams));
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(repos));
        await store.ReplaceSeatSnapshotAsync(Org, D, Stream(seats));

        var boom = new IOException("The connection was reset after some lines.");
        await AssertFailsWithAsync(boom, () => store.ReplaceUserDayAsync(Org, D, Failing([User(D, 1, "ann", new(I: 99)), User(D, 5, "eve")], boom)));
        await AssertFailsWithAsync(boom, () => store.ReplaceUserTeamDayAsync(Org, D, Failing([Member(D, 99, "zeta", 1)], boom)));
        await AssertFailsWithAsync(boom, () => store.ReplaceRepositoryDayAsync(Org, D, Failing([Repo(D, 9, "acme/evil")], boom)));
        await AssertFailsWithAsync(boom, () => store.ReplaceSeatSnapshotAsync(Org, D, Failing([Seat(9, null)], boom)));

        Assert.Equal(Json(users), Json(await UsersAsync(store, Org, D)));
        Assert.Equal(Json(teams), Json(await TeamsAsync(store, Org, D)));
        Assert.Equal(Json(repos), Json(await ReposAsync(store, Org, D)));
        Assert.Equal(Json(seats), Json((await store.GetLatestSeatSnapshotAsync(Org))!.Seats));
        Assert.Equal([1L, 2L], (await store.GetUserTotalsAsync(Org, new DateRange(D, D), new UserTotalsQuery { SortBy = UserTotalsSort.Login, Descending = false })).Items.Select(u => u.UserId));

        // The failed writes stored nothing: the next write still replaces the first version.
        Assert.True((await store.ReplaceUserDayAsync(Org, D, Stream(users))).Replaced);
    }

    [Fact]
    public async Task A_failed_first_write_leaves_the_day_absent()
    {
        var store = await NewStoreAsync();
        var boom = new InvalidOperationException("truncated");

        await AssertFailsWithAsync(boom, () => store.ReplaceUserDayAsync(Org, D, Failing([User(D, 1, "ann")], boom)));

        Assert.Empty(await UsersAsync(store, Org, D));
        Assert.Equal([D], await store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(D, D)));
        Assert.Empty(await store.GetDailyEngagementAsync(Org, new DateRange(D, D)));
        Assert.False((await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann")))).Replaced);
    }

    [Fact]
    public async Task Cancelling_midway_keeps_the_previous_version()
    {
        var store = await NewStoreAsync();
        UserDayRecord[] users = [User(D, 1, "ann", new(I: 1)), User(D, 2, "bob", new(I: 2))];
        CopilotSeat[] seats = [Seat(1, null)];
        RepositoryDayRecord[] repos = [Repo(D, 1, "acme/api")];
        UserTeamRecord[] teams = [Member(D, 10, "alpha", 1)];
        await store.ReplaceUserDayAsync(Org, D, Stream(users));
        await store.ReplaceSeatSnapshotAsync(Org, D, Stream(seats));
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(repos));
        await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams));

        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceUserDayAsync(
                Org, D, CancellingMidway([User(D, 1, "ann", new(I: 50))], [User(D, 3, "cat"), User(D, 4, "dan")], cts), cts.Token));
        }

        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceSeatSnapshotAsync(
                Org, D, CancellingMidway([Seat(7, null)], [Seat(8, null)], cts), cts.Token));
        }

        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceRepositoryDayAsync(
                Org, D, CancellingMidway([Repo(D, 7, "acme/x")], [Repo(D, 8, "acme/y")], cts), cts.Token));
        }

        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceUserTeamDayAsync(
                Org, D, CancellingMidway([Member(D, 70, "x", 1)], [Member(D, 80, "y", 1)], cts), cts.Token));
        }

        Assert.Equal(Json(users), Json(await UsersAsync(store, Org, D)));
        Assert.Equal(Json(seats), Json((await store.GetLatestSeatSnapshotAsync(Org))!.Seats));
        Assert.Equal(Json(repos), Json(await ReposAsync(store, Org, D)));
        Assert.Equal(Json(teams), Json(await TeamsAsync(store, Org, D)));
    }

    [Fact]
    public async Task Cancelling_after_the_last_record_but_before_the_commit_keeps_the_previous_version()
    {
        // The token is cancelled while the stream reports its end: the write has not completed and must not land.
        var store = await NewStoreAsync();
        UserDayRecord[] users = [User(D, 1, "ann", new(I: 1))];
        UserTeamRecord[] teams = [Member(D, 10, "alpha", 1)];
        await store.ReplaceUserDayAsync(Org, D, Stream(users));
        await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams));

        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceUserDayAsync(
                Org, D, CancellingMidway([User(D, 1, "ann", new(I: 50)), User(D, 2, "bob")], [], cts), cts.Token));
        }

        using (var cts = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceUserTeamDayAsync(
                Org, D, CancellingMidway([Member(D, 20, "beta", 1)], [], cts), cts.Token));
        }

        Assert.Equal(Json(users), Json(await UsersAsync(store, Org, D)));
        Assert.Equal(Json(teams), Json(await TeamsAsync(store, Org, D)));
    }

    [Fact]
    public async Task An_already_cancelled_write_stores_nothing()
    {
        var store = await NewStoreAsync();
        var aggregate = Aggregate(D, dau: 3);
        await store.ReplaceAggregateDayAsync(Org, aggregate);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceAggregateDayAsync(Org, Aggregate(D, dau: 99), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(1), dau: 99), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann")), cts.Token));

        Assert.Equal(Json([aggregate]), Json(await AggregatesAsync(store, Org, new DateRange(D, D.AddDays(1)))));
        Assert.Empty(await UsersAsync(store, Org, D));
        Assert.Equal([D], await store.GetMissingDaysAsync(Org, SyncDataset.Users, new DateRange(D, D)));
    }

    [Fact]
    public async Task A_record_of_another_day_fails_the_write_and_keeps_the_previous_version()
    {
        var store = await NewStoreAsync();
        UserDayRecord[] users = [User(D, 1, "ann")];
        UserTeamRecord[] teams = [Member(D, 10, "alpha", 1)];
        RepositoryDayRecord[] repos = [Repo(D, 1, "acme/api")];
        await store.ReplaceUserDayAsync(Org, D, Stream(users));
        await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams));
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(repos));
        var next = D.AddDays(1);

        await AssertRejectedAsync(() => store.ReplaceUserDayAsync(Org, D, Stream(User(D, 2, "bob"), User(next, 3, "cat"))));
        await AssertRejectedAsync(() => store.ReplaceUserTeamDayAsync(Org, D, Stream(Member(D, 10, "alpha", 2), Member(next, 10, "alpha", 3))));
        // A repository row that carries a day must carry this one (rows without a day are accepted; see below).
        await AssertRejectedAsync(() => store.ReplaceRepositoryDayAsync(Org, D, Stream(Repo(null, 2, "acme/web"), Repo(next, 3, "acme/ops"))));

        Assert.Equal(Json(users), Json(await UsersAsync(store, Org, D)));
        Assert.Equal(Json(teams), Json(await TeamsAsync(store, Org, D)));
        Assert.Equal(Json(repos), Json(await ReposAsync(store, Org, D)));
        Assert.Empty(await UsersAsync(store, Org, next));
        Assert.Empty(await TeamsAsync(store, Org, next));
    }

    [Fact]
    public async Task A_repeated_user_id_fails_the_write_and_keeps_the_previous_version()
    {
        var store = await NewStoreAsync();
        UserDayRecord[] users = [User(D, 1, "ann", new(I: 1))];
        await store.ReplaceUserDayAsync(Org, D, Stream(users));

        await AssertRejectedAsync(() => store.ReplaceUserDayAsync(Org, D, Stream(User(D, 2, "bob"), User(D, 3, "cat"), User(D, 2, "bob-again"))));

        Assert.Equal(Json(users), Json(await UsersAsync(store, Org, D)));
    }

    [Fact]
    public async Task A_repeated_user_and_team_pair_fails_the_write()
    {
        // The interface is silent on user-teams duplicates; a report has one row per (user, team), so both stores reject a repeat.
        var store = await NewStoreAsync();
        UserTeamRecord[] teams = [Member(D, 10, "alpha", 1)];
        await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams));

        await AssertRejectedAsync(() => store.ReplaceUserTeamDayAsync(Org, D, Stream(Member(D, 10, "alpha", 2), Member(D, 20, "beta", 2), Member(D, 10, "alpha", 2))));

        Assert.Equal(Json(teams), Json(await TeamsAsync(store, Org, D)));
    }

    [Fact]
    public async Task Reads_are_ordered_as_documented_whatever_the_write_order()
    {
        var store = await NewStoreAsync();
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 30, "c"), User(D, 10, "a"), User(D, 20, "b")));
        await store.ReplaceUserTeamDayAsync(Org, D, Stream(Member(D, 200, "b", 2), Member(D, 100, "a", 3), Member(D, 200, "b", 1), Member(D, 100, "a", 1)));
        // Repository rows and seats keep the order they were written in.
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(Repo(D, 3, "z/z"), Repo(null, 1, "a/a"), Repo(D, null, "m/m")));
        await store.ReplaceSeatSnapshotAsync(Org, D, Stream(Seat(9, null), Seat(1, null), Seat(5, null)));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(2)));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(1)));

        Assert.Equal([10L, 20L, 30L], (await UsersAsync(store, Org, D)).Select(u => u.UserId));
        Assert.Equal([(100L, 1L), (100L, 3L), (200L, 1L), (200L, 2L)], (await TeamsAsync(store, Org, D)).Select(t => (t.TeamId, t.UserId)));
        Assert.Equal(["z/z", "a/a", "m/m"], (await ReposAsync(store, Org, D)).Select(r => r.RepositoryName));
        Assert.Equal([9L, 1L, 5L], (await store.GetLatestSeatSnapshotAsync(Org))!.Seats.Select(s => s.Assignee!.Id));
        Assert.Equal([D, D.AddDays(1), D.AddDays(2)], (await AggregatesAsync(store, Org, new DateRange(D, D.AddDays(2)))).Select(a => a.Day));
    }

    [Fact]
    public async Task Days_datasets_and_scopes_are_isolated()
    {
        var store = await NewStoreAsync();
        var next = D.AddDays(1);
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "org-d")));
        await store.ReplaceUserDayAsync(Org, next, Stream(User(next, 2, "org-next")));
        await store.ReplaceUserDayAsync(Enterprise, D, Stream(User(D, 3, "ent-d")));
        await store.ReplaceUserDayAsync(OtherOrg, D, Stream(User(D, 4, "other-d")));
        await store.ReplaceAggregateDayAsync(Enterprise, Aggregate(D, dau: 7));

        // Replacing org:acme's day D touches nothing else.
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 5, "org-d-v2")));

        Assert.Equal(["org-d-v2"], (await UsersAsync(store, Org, D)).Select(u => u.UserLogin));
        Assert.Equal(["org-next"], (await UsersAsync(store, Org, next)).Select(u => u.UserLogin));
        Assert.Equal(["ent-d"], (await UsersAsync(store, Enterprise, D)).Select(u => u.UserLogin));
        Assert.Equal(["other-d"], (await UsersAsync(store, OtherOrg, D)).Select(u => u.UserLogin));
        Assert.Empty(await AggregatesAsync(store, Org, new DateRange(D, next)));
        Assert.Equal(7, Assert.Single(await AggregatesAsync(store, Enterprise, new DateRange(D, next))).DailyActiveUsers);
        Assert.Empty(await TeamsAsync(store, Org, D));
        Assert.Equal([Enterprise, Org, OtherOrg], await store.GetScopesAsync());
    }

    [Fact]
    public async Task Concurrent_writers_of_one_day_leave_exactly_one_complete_version()
    {
        const int Writers = 8;
        var store = await NewStoreAsync();

        // Version v has 3 + v users with ids v*1000 + i and logins "v{v}-…": a mixed read shows at once.
        UserDayRecord[] Version(int v) => [.. Enumerable.Range(0, 3 + v).Select(i => User(D, (v * 1000) + i, $"v{v}-u{i}", new(I: v)))];
        UserTeamRecord[] TeamVersion(int v) => [.. Enumerable.Range(0, 2 + v).Select(i => Member(D, v, $"team-v{v}", (v * 1000) + i))];

        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(1, Writers).Select(v => Task.Run(async () =>
        {
            start.Wait();
            var users = await store.ReplaceUserDayAsync(Org, D, Stream(Version(v)));
            var teams = await store.ReplaceUserTeamDayAsync(Org, D, Stream(TeamVersion(v)));
            return (v, users, teams);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        var read = await UsersAsync(store, Org, D);
        var winner = int.Parse(read[0].UserLogin[1..read[0].UserLogin.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Json(Version(winner)), Json(read));
        Assert.Equal(results.Single(r => r.v == winner).users.ContentHash, HashOf(read));
        // The first committed write found no version; every other one replaced one.
        Assert.Equal(1, results.Count(r => !r.users.Replaced));
        Assert.Equal(1, results.Count(r => !r.teams.Replaced));

        var teams = await TeamsAsync(store, Org, D);
        var teamWinner = (int)teams[0].TeamId;
        Assert.Equal(Json(TeamVersion(teamWinner)), Json(teams));

        var totals = await store.GetUserTotalsAsync(Org, new DateRange(D, D), new UserTotalsQuery { Limit = 1000 });
        Assert.Equal(3 + winner, totals.TotalUsers);
        Assert.All(totals.Items, u => Assert.Equal(winner, u.Activity.UserInitiatedInteractions));
    }

    [Fact]
    public async Task Readers_during_concurrent_writes_see_only_whole_versions()
    {
        var store = await NewStoreAsync();
        UserDayRecord[] Version(int v) => [.. Enumerable.Range(0, 2 + (v % 5)).Select(i => User(D, (v * 100) + i, $"v{v}", new(I: v)))];
        await store.ReplaceUserDayAsync(Org, D, Stream(Version(0)));

        var writers = Task.Run(async () =>
        {
            for (var v = 1; v <= 12; v++)
            {
                await store.ReplaceUserDayAsync(Org, D, Stream(Version(v)));
            }
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                var read = await UsersAsync(store, Org, D);
                Assert.NotEmpty(read);
                var v = (int)read[0].UserInitiatedInteractionCount;
                Assert.Equal(Json(Version(v)), Json(read));

                var totals = await store.GetUserTotalsAsync(Org, new DateRange(D, D), new UserTotalsQuery { Limit = 1000 });
                var w = (int)totals.Items[0].Activity.UserInitiatedInteractions;
                Assert.Equal(Version(w).Length, totals.TotalUsers);
                Assert.All(totals.Items, u => Assert.Equal(w, u.Activity.UserInitiatedInteractions));
            }
        }));

        await Task.WhenAll([writers, .. readers]);
        Assert.Equal(Json(Version(12)), Json(await UsersAsync(store, Org, D)));
    }
}
