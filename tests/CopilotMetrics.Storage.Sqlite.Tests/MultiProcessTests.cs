using System.Diagnostics;
using CopilotMetrics.Reports;
using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary>
/// Several processes and connections on one file: WAL snapshot reads beside a writer, claims, a busy file, and a
/// writer killed at random points of its writes.
/// </summary>
public sealed class MultiProcessTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 6, 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_reader_sees_the_old_or_the_new_day_never_a_mix()
    {
        var path = _folder.File("metrics.db");
        using var writer = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        using var reader = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        const int users = 3000;
        await writer.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, users, 1));

        using var stop = new CancellationTokenSource();
        var written = 1;
        var writes = Task.Run(async () =>
        {
            var version = 1;
            while (!stop.IsCancellationRequested)
            {
                version++;
                await writer.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, users, version));
                Volatile.Write(ref written, version);
            }

            return version;
        });

        var seen = new HashSet<long>();
        // At least 40 reads, and on until the writer has replaced the day twice meanwhile (a fast reader on a quiet machine
        // could otherwise finish before the first replacement commits); bounded.
        for (var i = 0; i < 40 || (Volatile.Read(ref written) < 3 && i < 100_000); i++)
        {
            // The stored rows: all of one version.
            var rows = new List<UserDayRecord>();
            await foreach (var row in reader.GetUserDayAsync(Crash.Scope, Day))
            {
                rows.Add(row);
            }

            Assert.Equal(users, rows.Count);
            Assert.Single(rows.Select(r => r.UserInitiatedInteractionCount).Distinct());

            // The totals: each user's counters are one version's, and all users the same.
            var page = await reader.GetUserTotalsAsync(Crash.Scope, new DateRange(Day, Day), new UserTotalsQuery { Limit = 1000 });
            Assert.Equal(users, page.TotalUsers);
            Assert.Single(page.Items.Select(u => u.Activity.UserInitiatedInteractions).Distinct());
            seen.Add(rows[0].UserInitiatedInteractionCount);
        }

        await stop.CancelAsync();
        var last = await writes;
        Assert.True(last > 2, "the writer wrote while the reader read");
    }

    [Fact]
    public async Task Two_stores_on_one_file_claim_each_report_day_once()
    {
        var path = _folder.File("metrics.db");
        using var a = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        using var b = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        var now = new DateTimeOffset(2026, 6, 2, 3, 0, 0, TimeSpan.Zero);
        var days = Enumerable.Range(0, 30).Select(i => Day.AddDays(i)).ToList();

        // Both claim every day at once, as two sync processes would.
        async Task<List<DateOnly>> Claim(SqliteMetricsStore store, string owner)
        {
            var won = new List<DateOnly>();
            foreach (var day in days)
            {
                if (await store.TryClaimAsync(new SyncDayKey(Crash.Scope, SyncDataset.Users, day), owner, now, TimeSpan.FromMinutes(10)))
                {
                    won.Add(day);
                }
            }

            return won;
        }

        var claims = await Task.WhenAll(Task.Run(() => Claim(a, "worker-a")), Task.Run(() => Claim(b, "worker-b")));
        Assert.Equal(days, claims[0].Concat(claims[1]).Order());

        // Expired claims can be taken over; a released one too.
        var key = new SyncDayKey(Crash.Scope, SyncDataset.Users, Day);
        var holder = claims[0].Contains(Day) ? (a, "worker-a") : (b, "worker-b");
        var other = holder.Item2 == "worker-a" ? (b, "worker-b") : (a, "worker-a");
        Assert.False(await other.Item1.TryClaimAsync(key, other.Item2, now.AddMinutes(9), TimeSpan.FromMinutes(10)));
        Assert.True(await other.Item1.TryClaimAsync(key, other.Item2, now.AddMinutes(10), TimeSpan.FromMinutes(10)));
        await other.Item1.ReleaseClaimAsync(key, other.Item2);
        Assert.True(await holder.Item1.TryClaimAsync(key, holder.Item2, now.AddMinutes(11), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task A_file_locked_by_another_process_fails_after_the_busy_timeout_with_a_clear_error_and_changes_nothing()
    {
        var path = _folder.File("metrics.db");
        using var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        await store.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, 10, 1));

        // Another process holds the write lock (an open BEGIN IMMEDIATE with an uncommitted change).
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            other.Open();
            using var lockTx = other.BeginTransaction(deferred: false);
            using (var command = other.CreateCommand())
            {
                command.Transaction = lockTx;
                command.CommandText = "DELETE FROM report_days";
                command.ExecuteNonQuery();
            }

            var error = await Assert.ThrowsAsync<TimeoutException>(() => store.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, 10, 2)));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("locked by another process", error.Message, StringComparison.Ordinal);
            Assert.Contains("BusyTimeout", error.Message, StringComparison.Ordinal);

            // Readers do not wait for the writer, and see the committed version only.
            var totals = await store.GetUserTotalsAsync(Crash.Scope, new DateRange(Day, Day), new UserTotalsQuery());
            Assert.Equal(10, totals.TotalUsers);
            Assert.All(totals.Items, u => Assert.Equal(1, u.Activity.UserInitiatedInteractions));
            Assert.Empty(await store.GetMissingDaysAsync(Crash.Scope, SyncDataset.Users, new DateRange(Day, Day)));
            lockTx.Rollback();
        }

        // Once the lock is gone the same write goes through.
        var stored = await store.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, 10, 2));
        Assert.True(stored.Replaced);
        Assert.Equal("ok", IntegrityCheck(path));
    }

    [Fact]
    public async Task A_writer_killed_at_any_point_leaves_every_day_whole_and_the_next_run_completes_the_window()
    {
        var path = _folder.File("metrics.db");
        const int days = 12;
        const int users = 4000;
        var window = new DateRange(Day, Day.AddDays(days - 1));
        var random = new Random(17);

        // Kill the writer at random moments, several times; each time the file must hold whole days only.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var child = StartWriter(path, Day, days, users, rounds: 50);
            await WaitForLineAsync(child, "READY");
            await Task.Delay(150 + random.Next(600));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            Assert.Equal("ok", IntegrityCheck(path));
            await AssertWholeDaysAsync(path, window, users);
        }

        // The next run completes the window: the days marked completed are skipped, the rest are written.
        using (var child = StartWriter(path, Day, days, users, rounds: 1))
        {
            await WaitForLineAsync(child, "DONE");
            await child.WaitForExitAsync();
            Assert.Equal(0, child.ExitCode);
        }

        using var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        Assert.Empty(await store.GetMissingDaysAsync(Crash.Scope, SyncDataset.Users, window));
        var stored = await AssertWholeDaysAsync(path, window, users);
        Assert.Equal(days, stored);
    }

    /// <summary>Every stored day of the window has all its rows, of one version; returns the number of stored days.</summary>
    private static async Task<int> AssertWholeDaysAsync(string path, DateRange window, int users)
    {
        using var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        var missing = (await store.GetMissingDaysAsync(Crash.Scope, SyncDataset.Users, window)).ToHashSet();
        var stored = 0;
        foreach (var day in window.EachDay())
        {
            var rows = new List<UserDayRecord>();
            await foreach (var row in store.GetUserDayAsync(Crash.Scope, day))
            {
                rows.Add(row);
            }

            if (rows.Count == 0)
            {
                continue;
            }

            stored++;
            Assert.Equal(users, rows.Count);
            var version = Assert.Single(rows.Select(r => r.UserInitiatedInteractionCount).Distinct());
            var totals = await store.GetUserTotalsAsync(Crash.Scope, new DateRange(day, day), new UserTotalsQuery { Limit = 10 });
            Assert.Equal(users, totals.TotalUsers);
            Assert.All(totals.Items, u => Assert.Equal(version, u.Activity.UserInitiatedInteractions));
            var status = await store.GetSyncStatusAsync(new SyncDayKey(Crash.Scope, SyncDataset.Users, day));
            Assert.True(status is null || status.RowCount == users);
            Assert.DoesNotContain(day, missing);
        }

        return stored;
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static Process StartWriter(string path, DateOnly first, int days, int users, int rounds)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[typeof(Program).Assembly.Location, "write", path, first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days.ToString(System.Globalization.CultureInfo.InvariantCulture), users.ToString(System.Globalization.CultureInfo.InvariantCulture), rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static async Task WaitForLineAsync(Process process, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == expected)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The writer ended before '{expected}': {await process.StandardError.ReadToEndAsync()}");
    }
}
