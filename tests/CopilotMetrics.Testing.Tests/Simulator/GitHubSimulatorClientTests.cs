using System.Net;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using static CopilotMetrics.Testing.Tests.Simulator.SimulatorHarness;

namespace CopilotMetrics.Testing.Tests.Simulator;

/// <summary>The real client, from DI, against the simulator: every endpoint, the faults and the token rule.</summary>
public sealed class GitHubSimulatorClientTests
{
    public static TheoryData<string, bool> ScopesAndCompression => new()
    {
        { "org:octo-org", false },
        { "enterprise:octo-ent", false },
        { "org:octo-org", true },
        { "enterprise:octo-ent", true },
    };

    [Theory]
    [MemberData(nameof(ScopesAndCompression))]
    public async Task Every_endpoint_returns_exactly_the_oracle_records(string scopeText, bool gzip)
    {
        var quiet = MetricsScope.Organization("quiet-org");
        using var h = new SimulatorHarness(o =>
        {
            o.GzipDownloads = gzip;
            o.Scopes.Add(new SimulatedScope { Scope = quiet, Data = new ReportDataGeneratorOptions { Seed = 13, Users = 0 } });
        });
        var scope = MetricsScope.Parse(scopeText);
        var c = h.Client;

        AssertSameRecords(h.Sim.ExpectedUsers(scope, Day), await c.ReadUsersAsync(scope, Day).ToListAsync());
        AssertSameRecords(h.Sim.ExpectedUserTeams(scope, Day), await c.ReadUserTeamsAsync(scope, Day).ToListAsync());
        AssertSameRecords(h.Sim.ExpectedRepositories(scope, Day), await c.ReadRepositoriesAsync(scope, Day).ToListAsync());
        AssertSameRecords([h.Sim.ExpectedAggregate(scope, Day)!], await c.ReadAggregateDaysAsync(scope, Day).ToListAsync());

        var users28 = await c.ReadUsers28DayAsync(scope).ToListAsync();
        AssertSameRecords(h.Sim.ExpectedUsers28Day(scope), users28);
        Assert.All(users28, r => Assert.Equal(h.Sim.LastAvailableDay, r.ReportEndDay));
        Assert.Equal(h.Sim.LastAvailableDay, users28.Max(r => r.Day));

        var aggregate28 = await c.ReadAggregate28DayAsync(scope).ToListAsync();
        AssertSameRecords(h.Sim.ExpectedAggregate28Day(scope), aggregate28);
        Assert.Equal(28, aggregate28.Count);
        Assert.Equal(h.Sim.LastAvailableDay, aggregate28[^1].Day);

        // A day whose file is empty (no pull-request activity, so no repository rows) reads as no records, gzip or not.
        Assert.Equal(0, h.Sim.ExpectedAggregate(quiet, Day)!.PullRequests!.TotalCreated);
        Assert.Empty(h.Sim.ExpectedRepositories(quiet, Day));
        Assert.Empty(await c.ReadRepositoriesAsync(quiet, Day).ToListAsync());

        // The oracle agrees with the generator itself (the records are not just read back from the same bytes).
        Assert.Equal(scope.Kind == ScopeKind.Organization ? "9917342" : null, h.Sim.ExpectedUsers(scope, Day)[0].OrganizationId);

        var links = await c.GetReportLinksAsync(scope, ReportType.Users28Day, null);
        Assert.NotNull(links);
        Assert.Equal(h.Sim.LastAvailableDay.AddDays(-27), links.ReportStartDay);
        Assert.Equal(h.Sim.LastAvailableDay, links.ReportEndDay);
        Assert.Equal(7, h.Downloads.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(h.Sim.Requests, r => Assert.False(string.IsNullOrEmpty(r.RequestId)));
        h.AssertNoTokenLeak();
    }

    [Fact]
    public async Task Multi_file_reports_come_back_whole_and_in_order()
    {
        using var h = new SimulatorHarness(o => o.Scopes[0].FilesPerReport = 3);
        var c = h.Client;

        var links = await c.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        Assert.Equal(3, links!.DownloadLinks.Count);
        Assert.All(links.DownloadLinks, l => Assert.Equal(h.Sim.DownloadBaseAddress.Host, l.Host));

        var users = await c.ReadUsersAsync(Org, Day).ToListAsync();
        AssertSameRecords(h.Sim.ExpectedUsers(Org, Day), users);
        Assert.Equal(3, h.Sim.DownloadCount(Org, ReportType.Users1Day, Day));
        Assert.Equal([0, 1, 2], h.Downloads.Where(r => r.Report == ReportType.Users1Day).Select(r => r.FileIndex!.Value));

        AssertSameRecords(h.Sim.ExpectedUserTeams(Org, Day), await c.ReadUserTeamsAsync(Org, Day).ToListAsync());
        AssertSameRecords(h.Sim.ExpectedUsers28Day(Org), await c.ReadUsers28DayAsync(Org).ToListAsync());
        Assert.Equal(3, h.Sim.DownloadCount(Org, ReportType.Users28Day));
        var aggregate28 = await c.ReadAggregate28DayAsync(Org).ToListAsync();
        AssertSameRecords(h.Sim.ExpectedAggregate28Day(Org), aggregate28);
        Assert.Equal(Enumerable.Range(0, 28).Select(i => h.Sim.LastAvailableDay.AddDays(i - 27)), aggregate28.Select(r => r.Day));
        Assert.Equal(3, h.Sim.DownloadCount(Org, ReportType.Aggregate28Day));

        // The one-record aggregate report stays one file.
        Assert.Single((await c.GetReportLinksAsync(Org, ReportType.Aggregate1Day, Day))!.DownloadLinks);
        h.AssertNoTokenLeak();
    }

    [Fact]
    public async Task Days_without_reports_give_null_links_and_no_records()
    {
        using var h = new SimulatorHarness();
        var c = h.Client;
        var beforeFirst = h.Sim.FirstAvailableDay(Org).AddDays(-1);
        var notYet = h.Sim.LastAvailableDay.AddDays(1);
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.NoContent, Scope = Ent, Report = ReportType.UserTeams1Day, Day = Day });

        Assert.Null(await c.GetReportLinksAsync(Org, ReportType.Users1Day, beforeFirst));
        Assert.Null(await c.GetReportLinksAsync(Org, ReportType.Aggregate1Day, notYet));
        Assert.Empty(await c.ReadUsersAsync(Org, notYet).ToListAsync());
        Assert.Empty(await c.ReadUserTeamsAsync(Ent, Day).ToListAsync());
        Assert.Empty(h.Sim.ExpectedUsers(Org, notYet));
        Assert.Null(h.Sim.ExpectedAggregate(Org, beforeFirst));

        Assert.Equal(4, h.Envelopes.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.Empty(h.Downloads);

        // The day before is there.
        Assert.NotNull(await c.GetReportLinksAsync(Org, ReportType.Users1Day, h.Sim.LastAvailableDay));
    }

    [Theory]
    [InlineData("unknown-scope", HttpStatusCode.NotFound, "login or slug")]
    [InlineData("policy-disabled", HttpStatusCode.Forbidden, "policy")]
    [InlineData("bad-token", HttpStatusCode.Unauthorized, "token")]
    [InlineData("forbidden-fault", HttpStatusCode.Forbidden, "permission")]
    public async Task Api_errors_become_GitHubApiException_with_status_request_id_and_hint(string situation, HttpStatusCode status, string hintWord)
    {
        using var h = new SimulatorHarness(
            o => o.Scopes[1].PolicyDisabled = situation == "policy-disabled",
            o => o.Token = situation == "bad-token" ? "ghp_not-the-simulator-token" : null);
        if (situation == "forbidden-fault")
        {
            h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.Forbidden403, Target = FaultTarget.Envelope, Times = 1 });
        }

        var scope = situation switch
        {
            "unknown-scope" => MetricsScope.Organization("no-such-org"),
            "policy-disabled" => Ent,
            _ => Org,
        };

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => h.Client.GetReportLinksAsync(scope, ReportType.Users1Day, Day));
        Assert.Equal(status, ex.StatusCode);
        var logged = Assert.Single(h.Sim.Requests);
        Assert.Equal(status, logged.StatusCode);
        Assert.Equal(logged.RequestId, ex.RequestId);
        Assert.Contains(hintWord, ex.Hint, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(ex.GitHubMessage));
        Assert.Empty(h.Downloads);
    }

    [Fact]
    public async Task An_expired_link_is_requested_again_once_and_the_download_succeeds()
    {
        using var h = new SimulatorHarness();
        var fault = h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ExpiredLink, Target = FaultTarget.Envelope, Report = ReportType.Users1Day, Times = 1 });

        var users = await h.Client.ReadUsersAsync(Org, Day).ToListAsync();

        AssertSameRecords(h.Sim.ExpectedUsers(Org, Day), users);
        Assert.Equal(1, fault.Applied);
        Assert.Equal(2, h.Envelopes.Count());
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.OK], h.Downloads.Select(r => r.StatusCode));
        h.AssertNoTokenLeak();
    }

    [Fact]
    public async Task A_link_that_stays_expired_after_one_renewal_fails()
    {
        using var h = new SimulatorHarness();
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ExpiredLink, Target = FaultTarget.Envelope });

        var ex = await Assert.ThrowsAsync<ReportDownloadException>(() => h.Client.ReadUsersAsync(Org, Day).ToListAsync().AsTask());

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.False(ex.IsTruncated);
        Assert.Equal(2, h.Envelopes.Count());
        Assert.Equal(2, h.Downloads.Count());
    }

    [Fact]
    public async Task Client_bug_renewed_links_of_a_28_day_report_must_not_mix_two_windows()
    {
        // Two files per report; the links of file 2 expire while file 1 is read, and by then GitHub has moved the
        // 28-day window on by a day. The client renews the links (fine) but then reads file 2 of the NEW window after
        // file 1 of the old one: one day is lost, another is duplicated, and nothing says so.
        using var h = new SimulatorHarness(o => o.Scopes[0].FilesPerReport = 2);
        var expected = h.Sim.ExpectedUsers28Day(Org);
        var firstFileEnd = h.Sim.LastAvailableDay.AddDays(-27 + 14);
        var inFirstFile = expected.Count(r => r.Day < firstFileEnd);
        Assert.InRange(inFirstFile, 1, expected.Count - 1);

        var records = new List<UserDayRecord>();
        CopilotMetricsException? error = null;
        try
        {
            await foreach (var record in h.Client.ReadUsers28DayAsync(Org))
            {
                records.Add(record);
                if (records.Count == inFirstFile)
                {
                    h.Time.Advance(TimeSpan.FromDays(1));
                }
            }
        }
        catch (CopilotMetricsException ex)
        {
            error = ex;
        }

        Assert.Contains(h.Downloads, r => r.StatusCode == HttpStatusCode.Forbidden); // the scenario happened: file 2's link had expired
        if (error is null)
        {
            // Acceptable outcomes: an error, or records of one window only (the whole report read again).
            Assert.Single(records.Select(r => r.ReportEndDay).Distinct());
        }
    }

    [Fact]
    public async Task A_link_that_expires_while_held_is_renewed()
    {
        using var h = new SimulatorHarness(o => o.LinkLifetime = TimeSpan.FromMinutes(10));
        var links = await h.Client.GetReportLinksAsync(Org, ReportType.UserTeams1Day, Day);
        h.Time.Advance(TimeSpan.FromMinutes(11));

        await using (var stream = await h.Client.OpenReportFileAsync(links!, 0))
        {
            var teams = await ReportReader.ReadUserTeamsAsync(stream).ToListAsync();
            AssertSameRecords(h.Sim.ExpectedUserTeams(Org, Day), teams);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.OK], h.Downloads.Select(r => r.StatusCode));
        Assert.Equal(2, h.Envelopes.Count());
    }

    [Theory]
    [InlineData(TruncationMode.ShortBody, false)]
    [InlineData(TruncationMode.ShortBody, true)]
    [InlineData(TruncationMode.DroppedConnection, false)]
    [InlineData(TruncationMode.DroppedConnection, true)]
    public async Task A_truncated_body_throws_ReportDownloadException(TruncationMode mode, bool gzip)
    {
        using var h = new SimulatorHarness(o => o.GzipDownloads = gzip);
        var fault = h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.TruncatedBody, Truncation = mode, Report = ReportType.Users1Day });

        var ex = await Assert.ThrowsAsync<ReportDownloadException>(() => h.Client.ReadUsersAsync(Org, Day).ToListAsync().AsTask());

        Assert.True(ex.IsTruncated, ex.Message);
        Assert.True(fault.Applied >= 1);
        Assert.DoesNotContain("sig=", ex.Message, StringComparison.Ordinal);
        h.AssertNoTokenLeak();
    }

    [Fact]
    public async Task A_malformed_line_throws_ReportFormatException_with_its_line_number()
    {
        using var h = new SimulatorHarness();
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.MalformedLine, Line = 3, Report = ReportType.Users1Day, Times = 1 });
        var read = new List<UserDayRecord>();

        var ex = await Assert.ThrowsAsync<ReportFormatException>(async () =>
        {
            await foreach (var record in h.Client.ReadUsersAsync(Org, Day))
            {
                read.Add(record);
            }
        });

        Assert.Equal(3, ex.LineNumber);
        AssertSameRecords(h.Sim.ExpectedUsers(Org, Day).Take(2), read);
    }

    [Fact]
    public async Task Bursts_of_5xx_are_retried_and_succeed()
    {
        using var h = new SimulatorHarness();
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ServerError, Target = FaultTarget.Envelope, Times = 1 });
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ServerError, StatusCode = HttpStatusCode.ServiceUnavailable, Target = FaultTarget.Envelope, Times = 1 });
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.ServerError, StatusCode = HttpStatusCode.BadGateway, Target = FaultTarget.Download, Times = 2 });

        var read = h.Client.ReadUserTeamsAsync(Org, Day).ToListAsync().AsTask();
        await h.AdvanceUntilDone(read, TimeSpan.FromMinutes(1));

        AssertSameRecords(h.Sim.ExpectedUserTeams(Org, Day), await read);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], h.Envelopes.Select(r => r.StatusCode));
        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK], h.Downloads.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_retried()
    {
        using var h = new SimulatorHarness();
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.RateLimited429, RetryAfter = TimeSpan.FromSeconds(3), Target = FaultTarget.Envelope, Times = 1 });

        var read = h.Client.ReadAggregateDaysAsync(Org, Day).ToListAsync().AsTask();
        await h.AdvanceUntilDone(read, TimeSpan.FromMinutes(1));

        AssertSameRecords([h.Sim.ExpectedAggregate(Org, Day)!], await read);
        var envelopes = h.Envelopes.ToList();
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.OK], envelopes.Select(r => r.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(3), envelopes[1].Timestamp - envelopes[0].Timestamp);
    }

    [Fact]
    public async Task A_primary_rate_limit_is_waited_out_until_reset()
    {
        using var h = new SimulatorHarness();
        h.Sim.Faults.Add(new SimulatorFault { Kind = FaultKind.PrimaryRateLimit403, ResetAfter = TimeSpan.FromSeconds(20), Target = FaultTarget.Envelope, Times = 1 });

        var links = h.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        await h.AdvanceUntilDone(links, TimeSpan.FromMinutes(2));

        Assert.NotNull(await links);
        var envelopes = h.Envelopes.ToList();
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.OK], envelopes.Select(r => r.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(20), envelopes[1].Timestamp - envelopes[0].Timestamp);
    }

    [Fact]
    public async Task Seats_over_three_pages_are_all_returned()
    {
        using var h = new SimulatorHarness(o => o.Scopes[0].Data.Users = 150, o => o.SeatsPageSize = 50);
        var expected = h.Sim.ExpectedSeats(Org);
        Assert.InRange(expected.Count, 101, 150);

        var seats = await h.Client.GetSeatsAsync(Org).ToListAsync();

        AssertSameRecords(expected, seats);
        Assert.Equal(3, h.Sim.Requests.Count(r => r.Target == FaultTarget.Seats));
        Assert.Equal(expected.Count, seats.Select(s => s.Assignee!.Id).Distinct().Count());
        Assert.All(seats, s => Assert.Equal("octo-org", s.Organization!.Login));
        Assert.Contains(seats, s => s.AssigningTeam is not null);
        Assert.Contains(seats, s => s.LastActivityEditor is not null && s.LastActivityEditor.Split('/').Length == 4);
    }

    [Fact]
    public async Task Enterprise_seats_list_some_users_twice()
    {
        using var h = new SimulatorHarness(o => o.Scopes[1].DuplicateSeatShare = 0.3);

        var seats = await h.Client.GetSeatsAsync(Ent).ToListAsync();

        AssertSameRecords(h.Sim.ExpectedSeats(Ent), seats);
        Assert.True(seats.Count > seats.Select(s => s.Assignee!.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_correction_changes_later_downloads_but_not_links_handed_out_before()
    {
        using var h = new SimulatorHarness();
        var before = h.Sim.ExpectedUsers(Org, Day);
        var oldLinks = await h.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);

        Assert.Equal(1, h.Sim.Correct(Org, Day));

        var after = h.Sim.ExpectedUsers(Org, Day);
        Assert.Equal(before.Select(r => r.UserId), after.Select(r => r.UserId));
        Assert.Equal(before.Sum(r => r.CodeGenerationActivityCount) * 2, after.Sum(r => r.CodeGenerationActivityCount));
        Assert.Equal(before.Sum(r => r.LocAddedSum) * 2, h.Sim.ExpectedAggregate(Org, Day)!.LocAddedSum);
        AssertSameRecords(after, await h.Client.ReadUsersAsync(Org, Day).ToListAsync().AsTask());
        AssertSameRecords(before, await h.Client.ReadUsersAsync(oldLinks!, null, null, default).ToListAsync());

        var window = h.Sim.ExpectedUsers28Day(Org).Where(r => r.Day == Day).ToList();
        Assert.Equal(after.Sum(r => r.CodeGenerationActivityCount), window.Sum(r => r.CodeGenerationActivityCount));
        AssertSameRecords(h.Sim.ExpectedAggregate28Day(Org), await h.Client.ReadAggregate28DayAsync(Org).ToListAsync());
        Assert.Equal(h.Sim.ExpectedAggregate(Org, Day)!.LocAddedSum, h.Sim.ExpectedAggregate28Day(Org).Single(r => r.Day == Day).LocAddedSum);
    }

    [Fact]
    public async Task The_token_never_reaches_the_download_host_and_a_leak_would_be_caught()
    {
        using var h = new SimulatorHarness();
        await h.Client.ReadUsersAsync(Org, Day).ToListAsync();
        await h.Client.ReadUsers28DayAsync(Ent).ToListAsync();
        h.AssertNoTokenLeak();
        Assert.NotEmpty(h.Downloads);

        // A client that sends the token along is answered 400 and counted.
        var links = await h.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        using var leaky = new HttpClient(h.Sim.CreateHandler());
        using var request = new HttpRequestMessage(HttpMethod.Get, links!.DownloadLinks[0]);
        request.Headers.Authorization = new("Bearer", GitHubSimulator.DefaultToken);
        using var response = await leaky.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, h.Sim.TokenLeaks);
    }
}
