namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>
/// <c>-v</c> logs at Information by default, and <c>Logging__LogLevel__*</c> raises or lowers it as in any .NET host
/// (the console logger writes to the process's standard error, so these run the CLI as a child process).
/// </summary>
public sealed class CliLoggingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Verbose_LogsInformation_ByDefault()
    {
        var (exit, _, error) = await CliProcess.RunAsync(new Dictionary<string, string>(), Limit, "sync", "--simulator", "--scope", "org:octo-org", "--days", "1", "-v", "--store", "memory");
        Assert.Equal(0, exit);
        Assert.Contains("info: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("dbug: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_HonoursLoggingLogLevel()
    {
        var quiet = await CliProcess.RunAsync(new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, Limit, "sync", "--simulator", "--scope", "org:octo-org", "--days", "1", "-v", "--store", "memory");
        Assert.Equal(0, quiet.Exit);
        Assert.DoesNotContain("info: ", quiet.Error, StringComparison.Ordinal);

        var chatty = await CliProcess.RunAsync(new Dictionary<string, string> { ["Logging__LogLevel__CopilotMetrics"] = "Debug" }, Limit, "sync", "--simulator", "--scope", "org:octo-org", "--days", "1", "-v", "--store", "memory");
        Assert.Equal(0, chatty.Exit);
        Assert.Contains("dbug: CopilotMetrics", chatty.Error, StringComparison.Ordinal);
    }
}
