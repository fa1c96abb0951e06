using System.Diagnostics;
using System.Globalization;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>
/// The CLI's default store, a SQLite file in the data folder: <c>sync</c> in one process and <c>query</c> / <c>status</c>
/// in others see the same data. The tool runs as real child processes with <c>XDG_DATA_HOME</c> set to a temp folder
/// (never the user's own data folder).
/// </summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _dataHome = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "copilot-metrics-cli-sqlite-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    private string DefaultFile => Path.Combine(_dataHome, "copilot-metrics", "metrics.db");

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    [Fact]
    public async Task Sync_then_query_in_two_processes_shows_the_synced_data_from_the_default_file()
    {
        var sync = await RunToolAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3", "--verbose");
        Assert.True(sync.Exit == 0, sync.Out + sync.Err);
        Assert.Contains("into the SQLite store", sync.Out, StringComparison.Ordinal);
        Assert.Contains($"store: sqlite ({DefaultFile}", sync.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(DefaultFile));

        // Another process reads what the first stored: the users of those 3 days, without syncing again.
        var query = await RunToolAsync("query", "users", "--simulator", "--scope", "org:octo-org", "--limit", "3");
        Assert.True(query.Exit == 0, query.Out + query.Err);
        Assert.DoesNotContain("syncing", query.Err, StringComparison.Ordinal);
        Assert.Contains(query.Out.Split('\n'), l => l.Contains("octo-org", StringComparison.Ordinal) || l.Contains('│'));
        Assert.Contains("user", query.Out, StringComparison.Ordinal);

        var status = await RunToolAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "3");
        Assert.True(status.Exit == 0, status.Out + status.Err);
        Assert.Contains($"store: sqlite ({DefaultFile}", status.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
        Assert.Contains("Complete: every day of the window is stored or known to be empty.", status.Out, StringComparison.Ordinal);

        // An online backup is one file that the tool reads as its store.
        var backupFile = Path.Combine(_dataHome, "backup", "metrics-backup.db");
        var backup = await RunToolAsync("backup", backupFile);
        Assert.True(backup.Exit == 0, backup.Out + backup.Err);
        Assert.True(File.Exists(backupFile));
        var fromBackup = await RunToolAsync("status", "--simulator", "--scope", "org:octo-org", "--days", "3", "--database", backupFile);
        Assert.True(fromBackup.Exit == 0, fromBackup.Out + fromBackup.Err);
        Assert.Contains("Complete: every day of the window is stored or known to be empty.", fromBackup.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_chooses_another_file_and_store_memory_writes_none()
    {
        var file = Path.Combine(_dataHome, "elsewhere", "team.db");
        var sync = await RunToolAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2", "--database", file);
        Assert.True(sync.Exit == 0, sync.Out + sync.Err);
        Assert.True(File.Exists(file));
        Assert.False(File.Exists(DefaultFile));

        var memory = await RunToolAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2", "--store", "memory");
        Assert.True(memory.Exit == 0, memory.Out + memory.Err);
        Assert.False(File.Exists(DefaultFile));
    }

    private async Task<(int Exit, string Out, string Err)> RunToolAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dataHome,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "copilot-metrics.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in (string[])["GITHUB_TOKEN", "GITHUB_SCOPES", "DATABASE_URL", "SQLITE_PATH", "ConnectionStrings__CopilotMetrics"])
        {
            info.Environment.Remove(name);
        }

        info.Environment["XDG_DATA_HOME"] = _dataHome;
        info.Environment["COLUMNS"] = "250";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
