using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Testing;
using CopilotMetrics.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CopilotMetrics.Testing.Tests.Simulator.SimulatorHarness;

namespace CopilotMetrics.Testing.Tests.Simulator;

/// <summary>The simulator's own protocol, checked with a plain <see cref="HttpClient"/>.</summary>
public sealed class GitHubSimulatorProtocolTests
{
    private const string UsersPath = "orgs/octo-org/copilot/metrics/reports/users-1-day?day=2026-03-09";

    internal static async Task<HttpResponseMessage> Get(GitHubSimulator sim, string pathOrUrl, string? token = GitHubSimulator.DefaultToken, params string[] versions)
    {
        using var client = new HttpClient(sim.CreateHandler());
        var uri = pathOrUrl.StartsWith("https://", StringComparison.Ordinal) ? new Uri(pathOrUrl) : new Uri(sim.ApiBaseAddress, pathOrUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        foreach (var version in versions.Length == 0 ? ["2026-03-10"] : versions)
        {
            request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", version);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static GitHubSimulator NewSimulator(FakeTimeProvider time, Action<GitHubSimulatorOptions>? configure = null)
    {
        var options = new GitHubSimulatorOptions
        {
            Scopes =
            {
                new SimulatedScope { Scope = Org, Data = new ReportDataGeneratorOptions { Users = 20, Teams = 3 } },
                new SimulatedScope { Scope = Ent, Data = new ReportDataGeneratorOptions { Users = 20, Teams = 3 } },
            },
        };
        configure?.Invoke(options);
        return new GitHubSimulator(options, time);
    }

    [Fact]
    public async Task The_api_checks_credentials_version_and_day_like_GitHub()
    {
        var sim = NewSimulator(new FakeTimeProvider(Start));

        using (var ok = await Get(sim, UsersPath))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var body = await Body(ok);
            Assert.Equal("2026-03-09", body.GetProperty("report_day").GetString());
            Assert.Single(body.GetProperty("download_links").EnumerateArray());
            Assert.True(ok.Headers.Contains("x-github-request-id"));
            Assert.Equal("5000", ok.Headers.GetValues("x-ratelimit-limit").Single());
            Assert.Equal("4999", ok.Headers.GetValues("x-ratelimit-remaining").Single());
            Assert.True(ok.Headers.Contains("x-ratelimit-reset"));
        }

        (string Path, string? Token, string[] Versions, HttpStatusCode Status)[] cases =
        [
            (UsersPath, null, [], HttpStatusCode.Unauthorized),
            (UsersPath, "wrong", [], HttpStatusCode.Unauthorized),
            (UsersPath, GitHubSimulator.DefaultToken, ["2022-11-28", "2026-03-10"], HttpStatusCode.BadRequest),
            (UsersPath, GitHubSimulator.DefaultToken, ["2022-11-28, 2026-03-10"], HttpStatusCode.BadRequest),
            (UsersPath, GitHubSimulator.DefaultToken, ["2020-01-01"], HttpStatusCode.BadRequest),
            ("orgs/octo-org/copilot/metrics/reports/users-1-day", GitHubSimulator.DefaultToken, [], HttpStatusCode.UnprocessableEntity),
            ("orgs/octo-org/copilot/metrics/reports/users-1-day?day=March", GitHubSimulator.DefaultToken, [], HttpStatusCode.BadRequest),
            ("orgs/octo-org/copilot/metrics/reports/users-1-day?day=2026-03-11", GitHubSimulator.DefaultToken, [], HttpStatusCode.NoContent),
            ("orgs/octo-org/copilot/metrics/reports/enterprise-1-day?day=2026-03-09", GitHubSimulator.DefaultToken, [], HttpStatusCode.NotFound),
            ("orgs/OCTO-ORG/copilot/metrics/reports/users-28-day/latest", GitHubSimulator.DefaultToken, ["2022-11-28"], HttpStatusCode.OK),
            ("enterprises/nope/copilot/metrics/reports/enterprise-1-day?day=2026-03-09", GitHubSimulator.DefaultToken, [], HttpStatusCode.NotFound),
        ];
        foreach (var (path, token, versions, status) in cases)
        {
            using var response = await Get(sim, path, token, versions);
            Assert.True(status == response.StatusCode, $"{path} with token {token} and versions [{string.Join("|", versions)}]: {response.StatusCode}");
            Assert.True(response.Headers.Contains("x-github-request-id"));
            Assert.True(response.Headers.Contains("x-ratelimit-remaining"));
            if (status is HttpStatusCode.Unauthorized)
            {
                Assert.False(string.IsNullOrEmpty((await Body(response)).GetProperty("documentation_url").GetString()));
            }
        }

        using (var bad = await Get(sim, UsersPath, "wrong"))
        {
            Assert.Equal("Bad credentials", (await Body(bad)).GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("orgs/octo-org/copilot/metrics/reports/organization-1-day-typo?day=2026-03-09")]
    [InlineData("orgs/octo-org/copilot/metrics/reports/organisation-1-day?day=2026-03-09")]
    [InlineData("orgs/octo-org/copilot/metrics/reports/enterprise-1-day?day=2026-03-09")]          // the enterprise name of the org report
    [InlineData("orgs/octo-org/copilot/metrics/reports/enterprise-28-day/latest")]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/organization-1-day?day=2026-03-09")] // the org name of the enterprise report
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/organization-28-day/latest")]
    [InlineData("orgs/octo-org/copilot/metrics/reports/users-1-day/latest")]                        // a 1-day report has no latest
    [InlineData("orgs/octo-org/copilot/metrics/reports/users-28-day?day=2026-03-09")]               // a 28-day report has only latest
    [InlineData("orgs/octo-org/copilot/metrics/reports/user-teams-28-day/latest")]
    [InlineData("orgs/octo-org/copilot/metrics/reports/repos-28-day/latest")]
    [InlineData("orgs/octo-org/copilot/metrics/reports/repositories-1-day?day=2026-03-09")]
    [InlineData("orgs/octo-org/copilot/metrics/reports/users-1-day/extra?day=2026-03-09")]
    [InlineData("orgs/octo-org/copilot/metrics/reports?day=2026-03-09")]
    [InlineData("orgs/octo-org/copilot/metrics/users-1-day?day=2026-03-09")]
    public async Task A_report_path_GitHub_does_not_have_is_404_before_any_fault(string path)
    {
        var sim = NewSimulator(new FakeTimeProvider(Start));
        // A fault on every envelope: an unknown path is not an envelope, so it must not apply.
        var fault = sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ServerError, Target = FaultTarget.Envelope });

        using var response = await Get(sim, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await Body(response);
        Assert.Equal("Not Found", body.GetProperty("message").GetString());
        Assert.Equal("404", body.GetProperty("status").GetString());
        var logged = Assert.Single(sim.Requests);
        Assert.Equal((HttpStatusCode.NotFound, FaultTarget.None, (ReportType?)null, (FaultKind?)null), (logged.StatusCode, logged.Target, logged.Report, logged.Fault));
        Assert.Equal(0, fault.Applied);
    }

    [Theory]
    [InlineData("orgs/octo-org/copilot/metrics/reports/organization-1-day?day=2026-03-09", ReportType.Aggregate1Day)]
    [InlineData("orgs/octo-org/copilot/metrics/reports/organization-28-day/latest", ReportType.Aggregate28Day)]
    [InlineData("orgs/octo-org/copilot/metrics/reports/users-1-day?day=2026-03-09", ReportType.Users1Day)]
    [InlineData("orgs/octo-org/copilot/metrics/reports/users-28-day/latest", ReportType.Users28Day)]
    [InlineData("orgs/octo-org/copilot/metrics/reports/user-teams-1-day?day=2026-03-09", ReportType.UserTeams1Day)]
    [InlineData("orgs/octo-org/copilot/metrics/reports/repos-1-day?day=2026-03-09", ReportType.Repositories1Day)]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/enterprise-1-day?day=2026-03-09", ReportType.Aggregate1Day)]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/enterprise-28-day/latest", ReportType.Aggregate28Day)]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/users-1-day?day=2026-03-09", ReportType.Users1Day)]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/users-28-day/latest", ReportType.Users28Day)]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/user-teams-1-day?day=2026-03-09", ReportType.UserTeams1Day)]
    [InlineData("enterprises/octo-ent/copilot/metrics/reports/repos-1-day?day=2026-03-09", ReportType.Repositories1Day)]
    public async Task Each_of_GitHubs_report_paths_is_routed_to_its_report(string path, ReportType report)
    {
        var sim = NewSimulator(new FakeTimeProvider(Start));

        using var response = await Get(sim, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty((await Body(response)).GetProperty("download_links").EnumerateArray());
        var logged = Assert.Single(sim.Requests);
        Assert.Equal((FaultTarget.Envelope, (ReportType?)report), (logged.Target, logged.Report));
    }

    [Fact]
    public async Task Download_links_are_signed_expire_and_never_accept_a_token()
    {
        var time = new FakeTimeProvider(Start);
        var sim = NewSimulator(time, o => o.GzipDownloads = true);
        using var envelope = await Get(sim, UsersPath);
        var link = (await Body(envelope)).GetProperty("download_links")[0].GetString()!;
        Assert.StartsWith(sim.DownloadBaseAddress.AbsoluteUri, link, StringComparison.Ordinal);

        using (var file = await Get(sim, link, token: null))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("gzip", Assert.Single(file.Content.Headers.ContentEncoding));
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.Equal(file.Content.Headers.ContentLength, bytes.Length);
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(sim.ExpectedUsers(Org, Day).Count, lines.Length);
        }

        var tampered = link.Replace("part-1-of-1", "part-1-of-2", StringComparison.Ordinal);
        using (var bad = await Get(sim, tampered, token: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
            Assert.Contains("Signature did not match", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var withToken = await Get(sim, link))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withToken.StatusCode);
            Assert.Equal(1, sim.TokenLeaks);
        }

        time.Advance(TimeSpan.FromHours(1));
        using (var expired = await Get(sim, link, token: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            var text = await expired.Content.ReadAsStringAsync();
            Assert.Contains("AuthenticationFailed", text, StringComparison.Ordinal);
            Assert.Contains("Signature not valid in the specified time frame", text, StringComparison.Ordinal);
        }

        Assert.Equal(1, sim.DownloadCount(Org, ReportType.Users1Day, Day));
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden],
            sim.Requests.Select(r => r.StatusCode));
        sim.Reset();
        Assert.Empty(sim.Requests);
        Assert.Equal(0, sim.TokenLeaks);
        Assert.Equal(0, sim.DownloadCount(Org, ReportType.Users1Day));
    }

    [Fact]
    public async Task Seat_pages_carry_absolute_link_headers_on_the_api_host()
    {
        var sim = NewSimulator(new FakeTimeProvider(Start), o => o.Scopes[1].DuplicateSeatShare = 0.5);
        using var first = await Get(sim, "enterprises/octo-ent/copilot/billing/seats?per_page=5");
        var body = await Body(first);
        Assert.Equal(5, body.GetProperty("seats").GetArrayLength());
        var total = body.GetProperty("total_seats").GetInt32();
        var all = sim.ExpectedSeats(Ent);
        Assert.True(all.Count > total, "an enterprise lists some users twice");
        var pages = (all.Count + 4) / 5;

        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Contains("<https://api.github.com/enterprises/octo-ent/copilot/billing/seats?per_page=5&page=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains($"page={pages}>; rel=\"last\"", link, StringComparison.Ordinal);

        using var last = await Get(sim, $"enterprises/octo-ent/copilot/billing/seats?per_page=5&page={pages}");
        Assert.DoesNotContain("rel=\"next\"", Assert.Single(last.Headers.GetValues("Link")), StringComparison.Ordinal);
        using var big = await Get(sim, "enterprises/octo-ent/copilot/billing/seats?per_page=500");
        Assert.Equal(Math.Min(100, all.Count), (await Body(big)).GetProperty("seats").GetArrayLength());
    }

    [Fact]
    public async Task Faults_match_count_and_delay_on_the_simulator_clock()
    {
        var time = new WaitAwareTimeProvider(Start);
        var sim = NewSimulator(time);
        var slow = sim.Faults.Add(new SimulatorFault { Kind = FaultKind.Latency, Delay = TimeSpan.FromSeconds(5), Target = FaultTarget.Envelope, Times = 1 });
        var busy = sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ServerError, Scope = Ent, Times = 2 });
        var never = sim.Faults.Add(new SimulatorFault { Kind = FaultKind.NotFound404, Probability = 0 });

        var pending = Get(sim, UsersPath);
        // The latency fault waits on the simulator's clock: a timer due exactly 5 s on, and no answer before it.
        for (var i = 0; i < 5000 && time.NextDue(Start.AddDays(1)) is null; i++)
        {
            await Task.Delay(1);
        }

        Assert.Equal(Start.AddSeconds(5), time.NextDue(Start.AddDays(1)));
        Assert.False(pending.IsCompleted, "the latency fault waits on the simulator's clock");
        time.Advance(TimeSpan.FromSeconds(5));
        using (var response = await pending)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var response = await Get(sim, "enterprises/octo-ent/copilot/metrics/reports/enterprise-1-day?day=2026-03-09");
            Assert.Equal(i < 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, slow.Applied);
        Assert.Equal(2, busy.Applied);
        Assert.Equal(0, never.Applied);
        Assert.Equal([null, FaultKind.ServerError, FaultKind.ServerError, null], sim.Requests.Select(r => r.Fault));
        Assert.True(sim.Faults.Remove(busy));
        Assert.Equal(2, sim.Faults.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ServerError, StatusCode = HttpStatusCode.NotFound }));
    }

    [Fact]
    public void Options_are_validated()
    {
        var time = new FakeTimeProvider(Start);
        Assert.Throws<ArgumentException>(() => new GitHubSimulator(new GitHubSimulatorOptions(), time));
        Assert.Throws<ArgumentException>(() => NewSimulator(time, o => o.DownloadBaseAddress = new Uri("https://api.github.com/files/")));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewSimulator(time, o => o.Scopes[0].FilesPerReport = 0));
        Assert.Throws<ArgumentException>(() => NewSimulator(time, o => o.Scopes.Add(new SimulatedScope { Scope = MetricsScope.Organization("OCTO-ORG") })));
        Assert.Throws<ArgumentException>(() => NewSimulator(time, o => o.Scopes[0].Data.OrganizationId = null));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewSimulator(time, o => o.LinkLifetime = TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => NewSimulator(time, o => o.Scopes.Add(new SimulatedScope())));
    }

    [Fact]
    public void The_default_simulator_and_DI_wiring()
    {
        var sim = GitHubSimulator.CreateDefault(new FakeTimeProvider(Start));
        Assert.Equal(["org:octo-org", "enterprise:octo-ent"], sim.Scopes.Select(s => s.ToString()));
        Assert.Equal(new DateOnly(2026, 3, 10), sim.LastAvailableDay);
        Assert.Equal(new DateOnly(2025, 12, 12), sim.FirstAvailableDay(Org));
        Assert.Equal(new DateOnly(2025, 10, 10), sim.FirstAvailableDay(Ent));
        Assert.NotSame(sim.CreateHandler(), sim.CreateHandler());
        Assert.Null(sim.ExpectedUsers(Ent, Day)[0].OrganizationId);

        using var provider = new ServiceCollection().AddLogging().AddCopilotMetrics(o => { }).UseGitHubSimulator(sim).Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CopilotMetricsOptions>>().Value;
        Assert.Equal(sim.ApiBaseAddress, options.BaseAddress);
        Assert.Equal(GitHubSimulator.DefaultToken, options.Token);

        using var own = new ServiceCollection().AddLogging().AddCopilotMetrics(o => o.Token = "mine").UseGitHubSimulator(sim).Services.BuildServiceProvider();
        Assert.Equal("mine", own.GetRequiredService<IOptions<CopilotMetricsOptions>>().Value.Token);
    }
}
