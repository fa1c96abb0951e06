using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using Npgsql;
using static CopilotMetrics.Storage.Postgres.Tests.SchemaTests;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>Writes: multi-chunk days, rollback on failure and cancellation, concurrent writers, partitions and purge.</summary>
[Collection(PostgresTests.Name)]
public sealed class WriteTests(PostgresFixture fixture)
{
    private static readonly MetricsScope Org = MetricsScope.Organization("acme");
    private static readonly DateOnly D = new(2026, 6, 3);

    /// <summary>About 3,000 generated users: several compressed chunks of the lossless copy.</summary>
    private static readonly Lazy<List<UserDayRecord>> BigDay = new(() => new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 4, Users = 4_600 }).GenerateUsers(D).ToList());

    [Fact]
    public async Task A_day_of_many_chunks_round_trips_in_user_order_with_the_hash_of_that_order_whatever_the_write_order()
    {
        await using var store = await fixture.NewStoreAsync();
        var users = BigDay.Value;
        Assert.True(users.Count > 2_500);
        var expectedJson = users.OrderBy(u => u.UserId).Select(u => ReportJson.Serialize(u)).ToList();
        var expectedHash = Hash(users.OrderBy(u => u.UserId));

        // Sorted, reversed and shuffled input: the same stored day and hash.
        var random = new Random(7);
        foreach (var order in new[] { users, Enumerable.Reverse(users).ToList(), users.OrderBy(_ => random.Next()).ToList() })
        {
            var stored = await store.ReplaceUserDayAsync(Org, D, Stream(order));
            Assert.Equal(users.Count, stored.Rows);
            Assert.Equal(expectedHash, stored.ContentHash);
            Assert.Equal(expectedJson, (await ToListAsync(store.GetUserDayAsync(Org, D))).Select(u => ReportJson.Serialize(u)).ToList());
        }

        Assert.True(await ScalarAsync<long>(store, "SELECT count(*) FROM {0}.raw_chunks") > 3, "expected several chunks");
    }

    [Fact]
    public async Task A_stream_that_fails_after_thousands_of_rows_keeps_the_previous_version()
    {
        await using var store = await fixture.NewStoreAsync();
        var users = BigDay.Value;
        var first = await store.ReplaceUserDayAsync(Org, D, Stream(users.Take(10)));

        var boom = new InvalidOperationException("download broke off");
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReplaceUserDayAsync(Org, D, Failing(users.Skip(10), boom)));
        Assert.Same(boom, ex);

        var read = await ToListAsync(store.GetUserDayAsync(Org, D));
        Assert.Equal(users.Take(10).Select(u => u.UserId).Order(), read.Select(u => u.UserId));
        Assert.Equal(10, (await store.GetUserTotalsAsync(Org, new DateRange(D, D), new UserTotalsQuery())).TotalUsers);
        Assert.Equal(10, (await store.GetActiveUsersAsync(Org, new DateRange(D, D)))[0].Daily);

        // A record of another day and a repeated user fail the same way, with the connection still usable.
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceUserDayAsync(Org, D, Stream(users.Skip(10).Take(2000).Append(User(D.AddDays(1), 1)))));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceUserDayAsync(Org, D, Stream(users.Skip(10).Take(2000).Append(users[20]))));
        Assert.Equal(first.ContentHash, (await store.ReplaceUserDayAsync(Org, D, Stream(users.Take(10)))).ContentHash);
    }

    [Fact]
    public async Task Cancelling_a_write_midway_keeps_the_previous_version_and_releases_the_day()
    {
        await using var store = await fixture.NewStoreAsync();
        var users = BigDay.Value;
        await store.ReplaceUserDayAsync(Org, D, Stream(users.Take(5)));

        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplaceUserDayAsync(Org, D, CancelAfter(users.Skip(5), 1500, cts), cts.Token));

        Assert.Equal(5, (await ToListAsync(store.GetUserDayAsync(Org, D))).Count);
        // The day's lock went with the rolled-back transaction: a new write goes through at once.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stored = await store.ReplaceUserDayAsync(Org, D, Stream(users.Take(7)), timeout.Token);
        Assert.Equal(7, stored.Rows);
        Assert.True(stored.Replaced);
    }

    [Fact]
    public async Task Concurrent_writers_of_one_day_take_turns_and_the_day_is_always_one_whole_version()
    {
        await using var store = await fixture.NewStoreAsync();
        var users = BigDay.Value;
        var versions = Enumerable.Range(1, 6).Select(v => users.Take(200 * v).ToList()).ToList();

        var results = await Task.WhenAll(versions.Select(v => Task.Run(() => store.ReplaceUserDayAsync(Org, D, Stream(v)))));

        Assert.Single(results, r => !r.Replaced);
        var read = await ToListAsync(store.GetUserDayAsync(Org, D));
        var winner = versions.Single(v => v.Count == read.Count);
        Assert.Equal(winner.Select(u => u.UserId).Order(), read.Select(u => u.UserId));
        Assert.Equal(read.Count, await ScalarAsync<long>(store, "SELECT count(*) FROM {0}.user_days"));
        Assert.Equal(Hash(winner.OrderBy(u => u.UserId)), await ScalarAsync<string>(store, "SELECT content_hash FROM {0}.report_days WHERE dataset = 1"));
    }

    [Fact]
    public async Task Readers_see_the_old_or_the_new_version_while_a_day_is_replaced()
    {
        await using var store = await fixture.NewStoreAsync();
        var users = BigDay.Value;
        await store.ReplaceUserDayAsync(Org, D, Stream(users.Take(100)));
        var current = 100;

        foreach (var next in new[] { 2000, 100, 2000, 100 })
        {
            // The writer stops halfway through its stream, inside its transaction, until three readers have looked:
            // each read happens while the day is being replaced, whatever the machine's speed.
            var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writing = Task.Run(() => store.ReplaceUserDayAsync(Org, D, Paused(users.Take(next), next / 2, halfway, resume.Task)));
            await Task.WhenAny(halfway.Task, writing);
            Assert.True(halfway.Task.IsCompleted, $"the write ended before its stream was half read: {writing.Exception}");

            var reads = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
                ((await ToListAsync(store.GetUserDayAsync(Org, D))).Count, (await store.GetUserTotalsAsync(Org, new DateRange(D, D), new UserTotalsQuery())).TotalUsers))));
            Assert.All(reads, read => Assert.Equal((current, current), read));

            resume.SetResult();
            Assert.Equal(next, (await writing).Rows);
            current = next;
            Assert.Equal(current, (await ToListAsync(store.GetUserDayAsync(Org, D))).Count);
            Assert.Equal(current, (await store.GetUserTotalsAsync(Org, new DateRange(D, D), new UserTotalsQuery())).TotalUsers);
        }
    }

    [Fact]
    public async Task Months_get_partitions_on_demand_and_purge_drops_whole_months()
    {
        await using var store = await fixture.NewStoreAsync();
        var days = new[] { new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 15), new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 20) };
        foreach (var day in days)
        {
            await store.ReplaceUserDayAsync(Org, day, Stream(User(day, 1), User(day, 2)));
            await store.ReplaceRepositoryDayAsync(Org, day, Stream(new RepositoryDayRecord { Day = day, RepositoryId = 1, RepositoryName = "acme/api" }));
        }

        await store.SetSyncStatusAsync(new SyncDayStatus { Key = new SyncDayKey(Org, SyncDataset.Aggregate, new DateOnly(2026, 4, 2)), State = SyncDayState.Empty });
        Assert.Equal(["user_days_p2026_03", "user_days_p2026_04", "user_days_p2026_05"], await PartitionsAsync(store, "user_days"));
        var before = await store.GetUserTotalsAsync(Org, new DateRange(days[0], days[^1]), new UserTotalsQuery());
        Assert.Equal(8, before.Items.Sum(u => u.ActiveDays));

        // 2026-05-10: March and April go whole; May 1 row by row. 3 days × 2 datasets + 1 status = 7 report-days.
        Assert.Equal(7, await store.PurgeBeforeAsync(new DateOnly(2026, 5, 10)));

        Assert.Equal(["user_days_p2026_05"], await PartitionsAsync(store, "user_days"));
        Assert.Equal(["raw_chunks_p2026_05"], await PartitionsAsync(store, "raw_chunks"));
        var after = await store.GetUserTotalsAsync(Org, new DateRange(days[0], days[^1]), new UserTotalsQuery());
        Assert.Equal(2, after.Items.Sum(u => u.ActiveDays));
        Assert.All(after.Items, u => Assert.Equal(days[^1], u.LastActiveDay));
        Assert.Empty(await ToListAsync(store.GetUserDayAsync(Org, days[2])));

        // A purged month can be written again: its partition comes back.
        await store.ReplaceUserDayAsync(Org, days[0], Stream(User(days[0], 3)));
        Assert.Single(await ToListAsync(store.GetUserDayAsync(Org, days[0])));
    }

    [Fact]
    public async Task Concurrent_writers_of_new_months_and_of_all_datasets_do_not_deadlock()
    {
        await using var store = await fixture.NewStoreAsync();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 8, Users = 300, Teams = 8 });
        var days = Enumerable.Range(0, 12).Select(i => new DateOnly(2026, 1 + (i % 4), 25 + (i / 4))).ToList();
        var writes = days.SelectMany(day => new Func<Task>[]
        {
            () => store.ReplaceUserDayAsync(Org, day, Stream(generator.GenerateUsers(day))),
            () => store.ReplaceUserTeamDayAsync(Org, day, Stream(generator.GenerateUserTeams(day))),
            () => store.ReplaceRepositoryDayAsync(Org, day, Stream(new RepositoryDayRecord { Day = day, RepositoryId = 1, RepositoryName = "acme/api" })),
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(writes.Select(w => Task.Run(w, timeout.Token)));
        var purge = store.PurgeBeforeAsync(new DateOnly(2026, 2, 1));
        await Task.WhenAll(purge, store.ReplaceUserDayAsync(Org, new DateOnly(2026, 5, 2), Stream(User(new DateOnly(2026, 5, 2), 1))));
        Assert.Equal(3 * 3, await purge);
    }

    [Fact]
    public async Task Team_counters_are_right_whichever_of_the_users_and_user_teams_writes_of_a_day_commits_last()
    {
        await using var pg = await fixture.NewStoreAsync();
        var memory = new CopilotMetrics.Storage.InMemory.InMemoryMetricsStore();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 12, Users = 400, Teams = 10 });
        var range = new DateRange(D, D.AddDays(5));
        for (var round = 0; round < 3; round++)
        {
            // Both datasets of each day written at the same time (a different subset of users each round).
            await Task.WhenAll(range.EachDay().SelectMany(day =>
            {
                var users = generator.GenerateUsers(day).Where(u => (u.UserId + round) % 3 != 0).ToList();
                var teams = generator.GenerateUserTeams(day).Where(t => (t.UserId + round) % 4 != 0).ToList();
                return new[]
                {
                    Task.Run(() => pg.ReplaceUserDayAsync(Org, day, Stream(users))),
                    Task.Run(() => pg.ReplaceUserTeamDayAsync(Org, day, Stream(teams))),
                    memory.ReplaceUserDayAsync(Org, day, Stream(users)),
                    memory.ReplaceUserTeamDayAsync(Org, day, Stream(teams)),
                };
            }));

            Assert.Equal(await memory.GetTeamMetricsAsync(Org, range), await pg.GetTeamMetricsAsync(Org, range));
        }
    }

    private async Task<List<string>> PartitionsAsync(PostgresMetricsStore store, string table)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = $1 AND p.relname = $2 ORDER BY 1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = store.Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<T> ScalarAsync<T>(PostgresMetricsStore store, string sql)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"\"{store.Schema}\""), connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string Hash(IEnumerable<UserDayRecord> records)
    {
        using var hash = new ContentHash();
        foreach (var record in records)
        {
            hash.Add(record);
        }

        return hash.Finish();
    }

    private static async IAsyncEnumerable<T> Failing<T>(IEnumerable<T> items, Exception failure)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }

        throw failure;
    }

    /// <summary>Yields <paramref name="items"/>; before item <paramref name="at"/> signals <paramref name="reached"/> and waits for <paramref name="resume"/>.</summary>
    private static async IAsyncEnumerable<T> Paused<T>(IEnumerable<T> items, int at, TaskCompletionSource reached, Task resume)
    {
        var n = 0;
        foreach (var item in items)
        {
            if (n++ == at)
            {
                reached.SetResult();
                await resume;
            }

            await Task.Yield();
            yield return item;
        }
    }

    private static async IAsyncEnumerable<T> CancelAfter<T>(IEnumerable<T> items, int count, CancellationTokenSource cts)
    {
        var n = 0;
        foreach (var item in items)
        {
            if (n++ == count)
            {
                await cts.CancelAsync();
            }

            await Task.Yield();
            yield return item;
        }
    }
}
