using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary>
/// The child process of the multi-process tests (the test host never calls this): <c>write PATH FIRST_DAY DAYS USERS
/// ROUNDS</c> stores, for each round, every day of the window whose sync status is not completed — a per-user day of
/// USERS rows whose counters all equal the round number — then marks it completed, printing <c>READY</c> first and
/// <c>DONE</c> at the end. Round 0 stores the window once; a later round rewrites every day (a correction) with its number.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["write", var path, var first, var days, var users, var rounds])
        {
            await Console.Error.WriteLineAsync("usage: write PATH FIRST_DAY DAYS USERS ROUNDS");
            return 2;
        }

        using var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        await store.InitializeAsync();
        Console.WriteLine("READY");
        var range = new DateRange(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture).AddDays(int.Parse(days, System.Globalization.CultureInfo.InvariantCulture) - 1));
        var count = int.Parse(users, System.Globalization.CultureInfo.InvariantCulture);
        for (var round = 0; round < int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture); round++)
        {
            foreach (var day in range.EachDay())
            {
                var key = new SyncDayKey(Crash.Scope, SyncDataset.Users, day);
                if (round == 0 && (await store.GetSyncStatusAsync(key))?.State == SyncDayState.Completed)
                {
                    continue;
                }

                var stored = await store.ReplaceUserDayAsync(Crash.Scope, day, Crash.Records(day, count, round + 1));
                await store.SetSyncStatusAsync(new SyncDayStatus { Key = key, State = SyncDayState.Completed, RowCount = stored.Rows, ContentHash = stored.ContentHash });
            }
        }

        Console.WriteLine("DONE");
        return 0;
    }
}

/// <summary>The data of the multi-process tests.</summary>
public static class Crash
{
    public static readonly MetricsScope Scope = MetricsScope.Organization("crash");

    /// <summary>USERS rows of <paramref name="day"/>, every counter equal to <paramref name="version"/>.</summary>
    public static async IAsyncEnumerable<UserDayRecord> Records(DateOnly day, int users, int version)
    {
        for (var i = 0; i < users; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return new UserDayRecord
            {
                Day = day,
                UserId = 10_000 + i,
                UserLogin = "user" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                UserInitiatedInteractionCount = version,
                CodeGenerationActivityCount = version,
                CodeAcceptanceActivityCount = version,
                LocAddedSum = version,
            };
        }
    }
}
