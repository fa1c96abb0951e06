using System.Net;
using CopilotMetrics.Samples.Web.Services;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Samples.Web.Tests;

/// <summary>
/// Direct mode asks GitHub only for days it can have (the scope's first report day, a year back, up to yesterday), and
/// answers a failed day from its failure for <see cref="DirectMetricsService.FailureCacheDuration"/> instead of sending
/// every request upstream. Its own factory: the tests count the simulator's requests.
/// </summary>
public sealed class DirectModeBoundsTests
{
    private static WebAppFactory Direct() => new(new Dictionary<string, string?>
    {
        ["GITHUB_SIMULATOR"] = "true",
        ["GITHUB_SCOPES"] = "org:octo-org,enterprise:octo-ent",
        ["DIRECT_API_MAX_DAYS"] = "7",
    });

    [Fact]
    public async Task DaysGitHubCannotHave_AreNeverAskedUpstream()
    {
        await using var factory = Direct();
        var client = factory.CreateClient();
        await client.GetJsonAsync("/api/info");
        var before = factory.Simulator.Requests.Count;

        // Organizations' reports start on 2025-12-12: these days are inside the host's rule, outside the org's reports.
        var early = await client.GetJsonAsync("/api/metrics?scope=org:octo-org&since=2025-10-10&until=2025-10-16");
        Assert.Equal(0, early.GetArrayLength());
        Assert.Equal(before, factory.Simulator.Requests.Count);

        // Today (2026-06-15) and tomorrow have no report yet: only 06-10..06-14 go upstream.
        await client.GetJsonAsync("/api/metrics?scope=org:octo-org&since=2026-06-10&until=2026-06-16");
        var asked = factory.Simulator.Requests.Skip(before).Where(r => r.Day is not null).Select(r => r.Day!.Value).Distinct().Order().ToList();
        Assert.Equal([new DateOnly(2026, 6, 10), new DateOnly(2026, 6, 11), new DateOnly(2026, 6, 12), new DateOnly(2026, 6, 13), new DateOnly(2026, 6, 14)], asked);
    }

    [Fact]
    public async Task AFailedDay_IsAnsweredFromItsFailure_ForThirtySeconds()
    {
        await using var factory = Direct();
        var client = factory.CreateClient();
        var day = new DateOnly(2026, 6, 5);
        factory.Simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Envelope, Kind = FaultKind.NotFound404, Day = day });
        var url = "/api/metrics?scope=org:octo-org&since=2026-06-05&until=2026-06-05";

        await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadGateway);
        var upstream = factory.Simulator.Requests.Count(r => r.Day == day);
        Assert.True(upstream > 0);

        factory.Time.Advance(TimeSpan.FromSeconds(29));
        await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadGateway);
        await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal(upstream, factory.Simulator.Requests.Count(r => r.Day == day)); // answered from the failure

        factory.Time.Advance(TimeSpan.FromSeconds(2));
        await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadGateway);
        Assert.True(factory.Simulator.Requests.Count(r => r.Day == day) > upstream); // asked again after 30 s
        Assert.Equal(TimeSpan.FromSeconds(30), DirectMetricsService.FailureCacheDuration);
    }
}
