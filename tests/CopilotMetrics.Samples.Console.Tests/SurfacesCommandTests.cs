using System.Globalization;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary><c>query surfaces</c> and <c>export --dataset surfaces</c> in-process on the simulator, against the store's per-user rows.</summary>
public sealed class SurfacesCommandTests : IDisposable
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");

    public void Dispose() => CliHooks.Reset();

    [Fact]
    public async Task Query_surfaces_prints_the_distinct_cli_users_of_the_range()
    {
        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "5", "--store", "memory");
        Assert.Equal(0, sync.Exit);
        var last = CliHooks.Simulator.LastAvailableDay;
        var range = new DateRange(last.AddDays(-3), last);
        var rows = new List<Reports.UserDayRecord>();
        foreach (var day in range.EachDay())
        {
            rows.AddRange(await CliHooks.MemoryStore.GetUserDayAsync(Org, day).ToListAsync());
        }

        var cli = rows.Where(r => r.UsedCli).Select(r => r.UserId).Distinct().Count();
        Assert.True(cli >= 5, "the simulator should give a few CLI users");

        var (exit, output, error) = await CliRun.RunAsync("query", "surfaces", "--simulator", "--scope", "org:octo-org", "--since", Day(range.From), "--until", Day(range.To), "--store", "memory");

        Assert.True(exit == 0, output + error);
        var cliRow = output.Split('\n').First(l => l.Contains("│ cli ", StringComparison.Ordinal));
        Assert.Contains(cli.ToString("N0", CultureInfo.InvariantCulture), cliRow);
        Assert.Contains("per-user rows", cliRow);
        Assert.Contains($"{rows.Select(r => r.UserId).Distinct().Count():N0} active user(s) in the range", output.Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_surfaces_writes_one_line_per_day_and_surface_with_its_source()
    {
        var sync = await CliRun.RunAsync("sync", "--simulator", "--scope", "org:octo-org", "--days", "3", "--store", "memory");
        Assert.Equal(0, sync.Exit);
        var captured = new MemoryStream();
        CliHooks.OpenStandardOutput = () => captured;
        var last = CliHooks.Simulator.LastAvailableDay;

        var (exit, _, error) = await CliRun.RunAsync("export", "--format", "json", "--dataset", "surfaces", "--simulator", "--scope", "org:octo-org", "--since", Day(last), "--until", Day(last), "--store", "memory");

        Assert.True(exit == 0, error);
        var lines = Encoding.UTF8.GetString(captured.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var rows = await CliHooks.MemoryStore.GetUserDayAsync(Org, last).ToListAsync();
        var chat = lines.Single(l => l.GetProperty("surface").GetString() == SurfaceKeys.Chat);
        Assert.Equal(Day(last), chat.GetProperty("day").GetString());
        Assert.Equal("org:octo-org", chat.GetProperty("scope").GetString());
        Assert.Equal(rows.Count(r => r.UsedChat), chat.GetProperty("users").GetInt32());
        Assert.Equal("per-user rows", chat.GetProperty("source").GetString());
        Assert.All(lines.Where(l => l.GetProperty("source").GetString() == "per-user rows"), l => Assert.True(l.GetProperty("users").GetInt32() >= 5)); // below the minimum group size: left out
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
