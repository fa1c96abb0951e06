using System.Net;
using CopilotMetrics.Reports;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Client.Tests;

public sealed class ReportEndpointTests
{
    private static readonly DateOnly Day = new(2026, 6, 3);

    public static TheoryData<string, ReportType, string> Endpoints() => new()
    {
        { "org:octo", ReportType.Aggregate1Day, "orgs/octo/copilot/metrics/reports/organization-1-day?day=2026-06-03" },
        { "org:octo", ReportType.Aggregate28Day, "orgs/octo/copilot/metrics/reports/organization-28-day/latest" },
        { "org:octo", ReportType.Users1Day, "orgs/octo/copilot/metrics/reports/users-1-day?day=2026-06-03" },
        { "org:octo", ReportType.Users28Day, "orgs/octo/copilot/metrics/reports/users-28-day/latest" },
        { "org:octo", ReportType.UserTeams1Day, "orgs/octo/copilot/metrics/reports/user-teams-1-day?day=2026-06-03" },
        { "org:octo", ReportType.Repositories1Day, "orgs/octo/copilot/metrics/reports/repos-1-day?day=2026-06-03" },
        { "enterprise:acme", ReportType.Aggregate1Day, "enterprises/acme/copilot/metrics/reports/enterprise-1-day?day=2026-06-03" },
        { "enterprise:acme", ReportType.Aggregate28Day, "enterprises/acme/copilot/metrics/reports/enterprise-28-day/latest" },
        { "enterprise:acme", ReportType.Users1Day, "enterprises/acme/copilot/metrics/reports/users-1-day?day=2026-06-03" },
        { "enterprise:acme", ReportType.Users28Day, "enterprises/acme/copilot/metrics/reports/users-28-day/latest" },
        { "enterprise:acme", ReportType.UserTeams1Day, "enterprises/acme/copilot/metrics/reports/user-teams-1-day?day=2026-06-03" },
        { "enterprise:acme", ReportType.Repositories1Day, "enterprises/acme/copilot/metrics/reports/repos-1-day?day=2026-06-03" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_sends_exactly_the_request_GitHub_documents(string scopeText, ReportType report, string pathAndQuery)
    {
        using var harness = new ClientHarness();
        var daily = report.IsDaily();
        var envelope = daily
            ? Envelope("2026-06-03", Files + "a.ndjson?sig=s3cret")
            : """{"download_links":["https://files.example.net/a.ndjson?sig=s3cret"],"report_start_day":"2026-05-07","report_end_day":"2026-06-03"}""";
        harness.Api.When(ApiBase + pathAndQuery).Respond(_ => Json(envelope));

        var links = await harness.Client.GetReportLinksAsync(MetricsScope.Parse(scopeText), report, daily ? Day : null);

        var sent = Assert.Single(harness.ApiRequests);
        Assert.Equal(ApiBase + pathAndQuery, sent.Uri.ToString());
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("application/vnd.github+json", sent.Accept);
        Assert.Equal(["2026-03-10"], sent.ApiVersions);
        Assert.StartsWith("CopilotMetrics/", sent.UserAgent, StringComparison.Ordinal);
        Assert.Equal($"Bearer {Token}", sent.Authorization);
        Assert.NotNull(links);
        Assert.Equal(new Uri(Files + "a.ndjson?sig=s3cret"), Assert.Single(links.DownloadLinks));
        Assert.Equal("ABCD:1234", links.RequestId);
        Assert.DoesNotContain("s3cret", links.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_version_is_configurable_and_sent_once()
    {
        using var harness = new ClientHarness(o => o.ApiVersion = "2022-11-28");
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "a")));

        await harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, Day);

        Assert.Equal(["2022-11-28"], Assert.Single(harness.ApiRequests).ApiVersions);
    }

    [Fact]
    public async Task A_data_residency_base_address_is_used_as_given_and_gets_the_token()
    {
        using var harness = new ClientHarness(o => o.BaseAddress = new Uri("https://api.acme.ghe.com/"));
        harness.Api.When("https://api.acme.ghe.com/orgs/octo/copilot/metrics/reports/users-1-day").Respond(_ => Json(Envelope("2026-06-03", Files + "a")));

        Assert.NotNull(await harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, Day));
        var sent = Assert.Single(harness.ApiRequests);
        Assert.Equal("https://api.acme.ghe.com/orgs/octo/copilot/metrics/reports/users-1-day?day=2026-06-03", sent.Uri.ToString());
        Assert.Equal($"Bearer {Token}", sent.Authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, "")]
    [InlineData(HttpStatusCode.OK, "")]
    [InlineData(HttpStatusCode.OK, "\"\"")]
    [InlineData(HttpStatusCode.OK, "null")]
    [InlineData(HttpStatusCode.OK, """{"download_links":[],"report_day":"2026-06-03"}""")]
    public async Task No_report_yet_is_a_null_result_not_an_exception(HttpStatusCode status, string body)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => status == HttpStatusCode.NoContent ? new HttpResponseMessage(status) : Json(body, status));

        Assert.Null(await harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, Day));
        Assert.Empty(await ToListAsync(harness.Client.ReadUsersAsync(MetricsScope.Organization("octo"), Day)));
        Assert.Empty(harness.DownloadRequests);
    }

    [Theory]
    [InlineData("""{"download_links":["https://files.example.net/a"],"report_day":"2026-06-02"}""", "2026-06-02")]
    [InlineData("""{"download_links":["http://files.example.net/a?sig=s3cret"],"report_day":"2026-06-03"}""", "https")]
    [InlineData("""{"download_links":["not a url"],"report_day":"2026-06-03"}""", "https")]
    [InlineData("""{"download_links":"oops"}""", "JSON")]
    public async Task An_invalid_envelope_is_a_clear_error(string body, string mentions)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(body));

        var error = await Assert.ThrowsAsync<CopilotMetricsException>(() => harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, Day));
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_28_day_envelope_without_its_window_is_rejected()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"download_links":["https://files.example.net/a"]}"""));
        await Assert.ThrowsAsync<CopilotMetricsException>(() => harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users28Day, null));
    }

    [Fact]
    public async Task A_day_is_required_exactly_for_the_1_day_reports()
    {
        using var harness = new ClientHarness();
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, null));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users28Day, Day));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "Bad credentials", "CopilotMetrics:Token")]
    [InlineData(HttpStatusCode.Forbidden, "Resource not accessible by personal access token", "Copilot usage metrics")]
    [InlineData(HttpStatusCode.NotFound, "Not Found", "login or slug")]
    [InlineData(HttpStatusCode.Gone, "API version no longer supported", "ApiVersion")]
    public async Task Errors_carry_status_message_request_id_and_a_hint(HttpStatusCode status, string message, string hint)
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json($$"""{"message":"{{message}}","documentation_url":"https://docs.github.com/rest"}""", status, "F00D:42"));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Users1Day, Day));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.GitHubMessage);
        Assert.Equal("F00D:42", error.RequestId);
        Assert.Equal("/orgs/octo/copilot/metrics/reports/users-1-day", error.RequestPath);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
        Assert.Contains("F00D:42", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(harness.ApiRequests); // 4xx is never retried
    }

    [Fact]
    public async Task Records_stream_across_all_files_in_order_and_downloads_never_carry_the_token()
    {
        using var harness = new ClientHarness();
        var users = File.ReadAllText(Fixture("users-1-day.example.ndjson")).Trim();
        var second = users.Replace("\"user_id\":5820417", "\"user_id\":2", StringComparison.Ordinal).Replace("jdoe", "second", StringComparison.Ordinal);
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "part-1.ndjson?sig=one", Files + "part-2.ndjson?sig=two")));
        harness.Downloads.When(Files + "part-1.ndjson").Respond("application/x-ndjson", users + "\n" + second + "\n");
        harness.Downloads.When(Files + "part-2.ndjson").Respond("application/x-ndjson", second.Replace("\"user_id\":2", "\"user_id\":3", StringComparison.Ordinal));
        var statistics = new ReportReadStatistics();

        var records = await ToListAsync(harness.Client.ReadUsersAsync(MetricsScope.Organization("octo"), Day, statistics: statistics));

        Assert.Equal([5820417L, 2L, 3L], records.Select(r => r.UserId));
        Assert.Equal(3, statistics.Records);
        Assert.Equal(2, harness.DownloadRequests.Count);
        Assert.All(harness.DownloadRequests, r => Assert.Null(r.Authorization));
        Assert.All(harness.DownloadRequests, r => Assert.Empty(r.ApiVersions));
    }

    [Fact]
    public async Task Neither_the_token_nor_a_signed_query_string_appears_in_any_log()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 1);
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "a.ndjson?sig=TOPSECRETSIG&se=1")));
        var calls = 0;
        harness.Downloads.When("*").Respond(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("<Error>AuthenticationFailed</Error>") }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(File.ReadAllText(Fixture("users-1-day.example.ndjson"))) });

        Assert.Single(await ToListAsync(harness.Client.ReadUsersAsync(MetricsScope.Organization("octo"), Day)));

        var logs = harness.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.Message.Contains("files.example.net/a.ndjson", StringComparison.Ordinal));
        foreach (var log in logs)
        {
            var text = log.Message + " " + string.Join(" ", log.StructuredState?.Select(kv => kv.Value) ?? []) + " " + log.Exception;
            Assert.False(text.Contains(Token, StringComparison.Ordinal), $"{log.Category}: {text}");
            Assert.DoesNotContain("TOPSECRETSIG", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_expired_link_gets_the_envelope_requested_again_once()
    {
        using var harness = new ClientHarness();
        var envelopes = 0;
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + $"a.ndjson?sig=v{++envelopes}")));
        harness.Downloads.When(Files + "a.ndjson").WithQueryString("sig", "v1").Respond(HttpStatusCode.Forbidden, "application/xml", "<Error><Code>AuthenticationFailed</Code></Error>");
        harness.Downloads.When(Files + "a.ndjson").WithQueryString("sig", "v2").Respond("application/x-ndjson", File.ReadAllText(Fixture("users-1-day.example.ndjson")));

        var records = await ToListAsync(harness.Client.ReadUsersAsync(MetricsScope.Organization("octo"), Day));

        Assert.Single(records);
        Assert.Equal(2, envelopes);
    }

    [Fact]
    public async Task A_link_that_stays_expired_is_a_download_error_after_one_refresh()
    {
        using var harness = new ClientHarness();
        var envelopes = 0;
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + $"a.ndjson?sig=v{++envelopes}")));
        harness.Downloads.When("*").Respond(HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<ReportDownloadException>(() => ToListAsync(harness.Client.ReadUsersAsync(MetricsScope.Organization("octo"), Day)));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(2, envelopes);
        Assert.Equal("https://files.example.net/a.ndjson", error.Location);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_of_another_report_are_refused_by_the_typed_readers()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json(Envelope("2026-06-03", Files + "a")));
        var links = await harness.Client.GetReportLinksAsync(MetricsScope.Organization("octo"), ReportType.Aggregate1Day, Day);

        Assert.Throws<ArgumentException>(() => harness.Client.ReadUsersAsync(links!, null, null, CancellationToken.None));
    }
}
