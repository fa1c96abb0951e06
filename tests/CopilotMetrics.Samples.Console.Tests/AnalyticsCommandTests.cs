using System.Text.Json;
using System.Text.RegularExpressions;
using CopilotMetrics.Analytics;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>The analytics commands of issue 15 in-process on the simulator: query seats|inactive-seats|pull-requests|repositories|ai-credits and their exports.</summary>
public sealed partial class AnalyticsCommandTests : IDisposable
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");

    public AnalyticsCommandTests()
    {
        TestClock.Reset();
        TestEnvironment.Set();
    }

    public void Dispose() => CliHooks.Reset();

    [GeneratedRegex(@"seats (\d{4}-\d{2}-\d{2}): ([\d,]+) assigned, ([\d,]+) active within (\d+) days, ([\d,]+) inactive, ([\d,]+) never used, ([\d,]+) pending cancellation", RegexOptions.IgnoreCase)]
    private static partial Regex SeatLine();

    private static string SeatCounts(string output, string scopeText)
    {
        // The line of the scope: the demo prints one per scope in order (org first), status one row per scope.
        var matches = SeatLine().Matches(output);
        Assert.NotEmpty(matches);
        return scopeText == "org" ? matches[0].Value.ToLowerInvariant() : matches[^1].Value.ToLowerInvariant();
    }

    [Fact]
    public async Task Seats_demo_status_and_query_seats_print_one_number_for_one_day()
    {
        var demo = await CliRun.RunAsync("demo");
        Assert.True(demo.Exit == 0, demo.Out + demo.Err);
        var sync = await CliRun.RunAsync("sync", "--simulator", "--store", "memory", "--scope", "org:octo-org", "--days", "3");
        Assert.True(sync.Exit == 0, sync.Out + sync.Err);
        var status = await CliRun.RunAsync("status", "--simulator", "--store", "memory", "--scope", "org:octo-org", "--days", "3");
        Assert.True(status.Exit == 0, status.Out + status.Err);
        var query = await CliRun.RunAsync("query", "seats", "--simulator", "--store", "memory", "--scope", "org:octo-org");
        Assert.True(query.Exit == 0, query.Out + query.Err);

        // The oracle: an independent count of the stored snapshot (per assignee, 30 days before 00:00 UTC of its day).
        var snapshot = await CliHooks.MemoryStore.GetLatestSeatSnapshotAsync(Org);
        Assert.NotNull(snapshot);
        var cutoff = new DateTimeOffset(snapshot.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-30);
        var users = snapshot.Seats.Where(s => s.Assignee is not null).GroupBy(s => s.Assignee!.Id).Select(g => (Last: g.Max(s => s.LastActivityAt), Pending: g.Any(s => s.PendingCancellationDate is not null))).ToList();
        var expected = FormattableString.Invariant(
            $"seats {snapshot.Day:yyyy-MM-dd}: {users.Count:N0} assigned, {users.Count(u => u.Last >= cutoff):N0} active within 30 days, {users.Count(u => u.Last < cutoff):N0} inactive, {users.Count(u => u.Last is null):N0} never used, {users.Count(u => u.Pending):N0} pending cancellation");

        Assert.Equal(expected, SeatCounts(demo.Out, "org"));
        Assert.Equal(expected, SeatCounts(status.Out, "org"));
        Assert.Equal(expected, SeatCounts(query.Out, "org"));
    }

    [Fact]
    public async Task Query_inactive_seats_json_and_export_list_the_same_seats()
    {
        var json = await CliRun.RunAsync("query", "inactive-seats", "--simulator", "--store", "memory", "--scope", "org:octo-org", "--json", "--active-within-days", "14");
        Assert.True(json.Exit == 0, json.Out + json.Err);
        var answer = JsonDocument.Parse(json.Out.Trim()).RootElement;
        var seats = answer.GetProperty("seats").EnumerateArray().ToList();
        var expected = await new CopilotAnalytics(CliHooks.MemoryStore, new AnalyticsOptions { SeatActiveWithinDays = 14 }).GetInactiveSeatsAsync(Org);
        Assert.NotNull(expected);
        Assert.NotEmpty(expected.Seats);
        Assert.Equal(expected.Seats.Select(s => s.UserId), seats.Select(s => s.GetProperty("userId").GetInt64()));
        Assert.Equal(14, answer.GetProperty("summary").GetProperty("activeWithinDays").GetInt32());
        Assert.Equal("org:octo-org", answer.GetProperty("summary").GetProperty("scope").GetString());

        var export = await CliRun.RunAsync("export", "--simulator", "--store", "memory", "--scope", "org:octo-org", "--dataset", "inactive-seats", "--format", "csv", "--output", Path.Combine(TestDataHome.Current, "inactive.csv"));
        Assert.True(export.Exit == 0, export.Out + export.Err);
        var lines = File.ReadAllLines(Path.Combine(TestDataHome.Current, "inactive.csv"));
        Assert.Equal("snapshot_day,scope,user_id,user_login,status,last_activity_at,last_activity_editor,assigned_since,team_slug,pending_cancellation_date", lines[0]);
        var thirty = await new CopilotAnalytics(CliHooks.MemoryStore).GetInactiveSeatsAsync(Org);
        Assert.Equal(thirty!.Seats.Select(s => $"{s.UserId},{s.Login},"), lines.Skip(1).Select(l => string.Join(',', l.Split(',')[2..4]) + ","));
    }
}
