using System.Globalization;
using CopilotMetrics.Samples.Console.Hosting;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>
/// What a person can type that is not what a command wants: numbers that are not numbers, dates outside GitHub's days,
/// an output that cannot be written — each a one-line message and its documented exit code, never a stack trace (exit 3).
/// The clock is <see cref="TestClock"/>: today 2026-06-15, tomorrow 2026-06-16.
/// </summary>
public sealed class CliHostileTests : IDisposable
{
    public CliHostileTests()
    {
        TestClock.Reset();
        TestEnvironment.Set();
    }

    public void Dispose() => CliHooks.Reset();

    [Theory]
    [InlineData("sync --simulator --days abc", "error: --days 'abc' is not a whole number: write digits, such as --days 28.")]
    [InlineData("backfill --simulator --days 9x", "error: --days '9x' is not a whole number: write digits, such as --days 28.")]
    [InlineData("status --simulator --days seven", "error: --days 'seven' is not a whole number: write digits, such as --days 28.")]
    [InlineData("sync --simulator --concurrency many", "error: --concurrency 'many' is not a whole number: write digits, such as --concurrency 4.")]
    [InlineData("sync --simulator --refresh-days three", "error: --refresh-days 'three' is not a whole number: write digits, such as --refresh-days 3.")]
    [InlineData("sync --simulator --refresh-days -1", "error: --refresh-days must be 0 or more (got -1): it is how many of the last days are fetched again on every run.")]
    [InlineData("query users --simulator --limit x", "error: --limit 'x' is not a whole number: write digits, such as --limit 20.")]
    [InlineData("read x.ndjson --max-record-bytes 1MB", "error: --max-record-bytes '1MB' is not a whole number: write digits, such as --max-record-bytes 67108864.")]
    public async Task ANumberThatIsNotOne_GetsAMessageAPersonCanRead(string command, string message)
    {
        var (exit, output, error) = await CliRun.RunAsync(command.Split(' '));

        Assert.True(exit == ExitCodes.Usage, $"exit {exit}\n{output}\n{error}");
        Assert.Equal(message, error.Split('\n')[0].TrimEnd());
        Assert.DoesNotContain("Nullable", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("query series --simulator --until 0001-01-01", "error: --until (0001-01-01) is before 2025-10-10: GitHub has no Copilot usage reports before that day.")]
    [InlineData("query series --simulator --since 0001-01-01", "error: --since (0001-01-01) is before 2025-10-10: GitHub has no Copilot usage reports before that day.")]
    [InlineData("query teams --simulator --until 9999-12-31", "error: --until (9999-12-31) is after 2026-06-16 (tomorrow, UTC): GitHub has no reports for days to come.")]
    [InlineData("query active --simulator --since 2026-06-01 --until 9999-12-31", "error: --until (9999-12-31) is after 2026-06-16 (tomorrow, UTC): GitHub has no reports for days to come.")]
    [InlineData("export --simulator --since 2025-10-09", "error: --since (2025-10-09) is before 2025-10-10: GitHub has no Copilot usage reports before that day.")]
    [InlineData("query users --simulator --since 2026-06-10 --until 2026-06-01", "error: --until (2026-06-01) is before --since (2026-06-10).")]
    public async Task DatesOutsideGitHubsDays_AreUsageErrors_InTheWebHostsWords(string command, string message)
    {
        var (exit, output, error) = await CliRun.RunAsync(command.Split(' '));

        Assert.True(exit == ExitCodes.Usage, $"exit {exit}\n{output}\n{error}");
        Assert.Equal(message, error.Split('\n')[0].TrimEnd());
    }

    [Fact]
    public async Task Until_OnGitHubsFirstDay_StartsTheDefaultRangeThere()
    {
        var (exit, output, error) = await CliRun.RunAsync("query", "series", "--simulator", "--scope", "enterprise:octo-ent", "--until", "2025-10-10");
        Assert.True(exit == ExitCodes.Success, $"exit {exit}\n{output}\n{error}");
    }

    [Fact]
    public async Task AnOutputWhoseDirectoryDoesNotExist_IsRefused_BeforeAnyWork()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "out.csv");
        var (exit, output, error) = await CliRun.RunAsync("export", "--simulator", "--scope", "org:octo-org", "--output", missing);

        Assert.True(exit == ExitCodes.Usage, $"exit {exit}\n{output}\n{error}");
        Assert.StartsWith("error: --output: the directory '", error, StringComparison.Ordinal);
        Assert.DoesNotContain("syncing", error, StringComparison.OrdinalIgnoreCase); // refused before the in-memory fill's sync
        Assert.Empty(CliHooks.Simulator.Requests);
    }

    [Fact]
    public async Task AFullOutput_IsExit74_WithOneLine()
    {
        var (exit, output, error) = await CliRun.RunAsync("export", "--simulator", "--scope", "org:octo-org", "--since", "2026-06-10", "--output", "/dev/full");

        Assert.True(exit == ExitCodes.OutputFailed, $"exit {exit}\n{output}\n{error}");
        var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["error: writing the output failed: No space left on device : '/dev/full'"], errors);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(74, ExitCodes.OutputFailed);
    }

    [Fact]
    public async Task AMalformedFile_IsHintedWithTheFlag_NotTheLibraryOption()
    {
        var file = Path.Combine(Path.GetTempPath(), "bad-" + Guid.NewGuid().ToString("N") + ".ndjson");
        await File.WriteAllTextAsync(file, "{\"day\":\"2026-06-01\",\"user_id\":1,\"user_login\":\"a\"}\n{not json\n");
        try
        {
            var (exit, output, error) = await CliRun.RunAsync("read", file, "--kind", "users");

            Assert.True(exit == ExitCodes.MalformedRecord, $"exit {exit}\n{output}\n{error}");
            Assert.Contains("Malformed report record at line 2", error, StringComparison.Ordinal);
            Assert.Contains("--skip-bad-lines", error, StringComparison.Ordinal);
            Assert.DoesNotContain("ReportReaderOptions", error, StringComparison.Ordinal);
            Assert.DoesNotContain("MalformedLines to Skip", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheExitCodes_AreTheDocumentedOnes()
    {
        // README.md, docs/deployment.md and the command descriptions list these numbers.
        Assert.Equal(75, ExitCodes.Incomplete);
        Assert.Equal(CopilotMetrics.Sync.SyncJob.Incomplete, ExitCodes.Incomplete);
        Assert.Equal(130, ExitCodes.Cancelled);
        Assert.Equal(143, ExitCodes.Terminated);
    }
}
