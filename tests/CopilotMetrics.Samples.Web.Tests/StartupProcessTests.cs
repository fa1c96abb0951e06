using System.Diagnostics;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// The web host as a process (<c>dotnet CopilotMetrics.Samples.Web.dll</c>): a bad setting or an unreachable database
/// stops the start with one line on standard error and an exit code (2, 4) — not an abort (134) with a stack trace.
/// </summary>
public sealed class StartupProcessTests
{
    [Fact]
    public async Task ABadSetting_IsOneLine_AndExitCode2()
    {
        var (exit, output, error) = await RunAsync(new() { ["PER_USER_ACCESS"] = "admin,open", ["SYNC_BACKFILL_DAYS"] = "a week" });

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: Invalid configuration: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("PER_USER_ACCESS must be off, admin or open (got 'admin,open').", lines[0], StringComparison.Ordinal);
        Assert.Contains("SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be a whole number (got 'a week').", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableDatabase_IsOneLine_AndExitCode4()
    {
        var (exit, output, error) = await RunAsync(new()
        {
            ["DATABASE_URL"] = "postgres://app:not-this-password@127.0.0.1:1/metrics", // nothing listens on port 1
            ["ENABLE_HISTORICAL_MODE"] = "true",
            ["SYNC_ENABLED"] = "false",
        });

        Assert.True(exit == 4, $"exit {exit}\n{output}\n{error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: the database is unreachable: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("not-this-password", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CopilotMetrics.Samples.Web.dll"));
        foreach (var name in new[] { "GITHUB_TOKEN", "DATABASE_URL", "DATABASE_SCHEMA", "ADMIN_API_SECRET", "PER_USER_ACCESS", "DEMO" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["GITHUB_SIMULATOR"] = "true";
        start.Environment["GITHUB_SCOPES"] = "org:octo-org";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The web host did not stop within 60 s:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
