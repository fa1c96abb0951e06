using System.Globalization;
using System.Text;
using System.Xml.Linq;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Tests;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>What a first-time user of the tool meets: --version, --format ndjson, and query active's honest counts.</summary>
public sealed class ToolTests : IDisposable
{
    private static readonly DateOnly Yesterday = TestClock.Yesterday;

    public ToolTests()
    {
        TestClock.Reset();
        TestEnvironment.Set();
    }

    public void Dispose() => CliHooks.Reset();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Version_prints_the_package_version_of_Directory_Build_props()
    {
        var props = XDocument.Load(Path.Combine(RepositoryFiles.Root, "Directory.Build.props"));
        var prefix = props.Descendants("VersionPrefix").Single().Value;
        var suffix = props.Descendants("VersionSuffix").Single().Value;

        var (exit, output, _) = await CliRun.RunAsync("--version");

        Assert.Equal(0, exit);
        // The package version, then (after '+') the commit it was built from.
        Assert.StartsWith($"{prefix}-{suffix}", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_format_ndjson_is_accepted_and_writes_what_json_writes()
    {
        Assert.Equal(0, (await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "2")).Exit);

        async Task<byte[]> ExportAsync(string format)
        {
            var captured = new MemoryStream();
            CliHooks.OpenStandardOutput = () => captured;
            var (exit, _, error) = await CliRun.RunAsync("export", "--format", format, "--dataset", "users", "--simulator", "--scope", "org:octo-org", "--since", Day(Yesterday.AddDays(-1)), "--until", Day(Yesterday));
            Assert.True(exit == 0, error);
            return captured.ToArray();
        }

        var ndjson = await ExportAsync("ndjson");
        var json = await ExportAsync("json");

        Assert.Equal(json, ndjson);
        var lines = Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
        var (badExit, _, badError) = await CliRun.RunAsync("export", "--format", "xml", "--simulator");
        Assert.NotEqual(0, badExit);
        Assert.Contains("ndjson", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_active_on_a_fresh_memory_store_warns_that_the_rolling_counts_lack_27_days()
    {
        var since = Yesterday.AddDays(-9);

        var (exit, output, error) = await CliRun.RunAsync("query", "active", "--simulator", "--scope", "org:octo-org", "--since", Day(since), "--until", Day(Yesterday), "--store", "memory");

        Assert.True(exit == 0, output + error);
        // The in-memory store synced --since..yesterday only: the 27 days before --since are what a 28-day count needs.
        var warning = Assert.Single(output.Split('\n'), l => l.Contains("undercounted", StringComparison.Ordinal));
        Assert.Contains($"until 27 more day(s) are synced ({Day(since.AddDays(-27))}..{Day(since.AddDays(-1))})", warning, StringComparison.Ordinal);
        Assert.Contains($"--since {Day(since.AddDays(-27))}", warning, StringComparison.Ordinal);
        Assert.Contains($"sync --days {10 + 27}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_active_counts_only_the_days_still_missing_and_is_silent_when_none_are()
    {
        // 20 days synced (yesterday-19 .. yesterday); the range starts at yesterday-9, its lookback at yesterday-36.
        Assert.Equal(0, (await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "20")).Exit);
        var partial = await CliRun.RunAsync("query", "active", "--simulator", "--scope", "org:octo-org", "--since", Day(Yesterday.AddDays(-9)), "--until", Day(Yesterday));
        Assert.Contains($"until 17 more day(s) are synced ({Day(Yesterday.AddDays(-36))}..{Day(Yesterday.AddDays(-10))})", partial.Out, StringComparison.Ordinal);

        // 40 days synced: the range from yesterday-5 has all 27 days before it stored, so no warning.
        Assert.Equal(0, (await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "40")).Exit);
        var complete = await CliRun.RunAsync("query", "active", "--simulator", "--scope", "org:octo-org", "--since", Day(Yesterday.AddDays(-5)), "--until", Day(Yesterday));
        Assert.Equal(0, complete.Exit);
        Assert.DoesNotContain("undercounted", complete.Out, StringComparison.Ordinal);
    }
}
