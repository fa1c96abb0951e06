using System.Globalization;
using System.Net;
using RichardSzalay.MockHttp;
using static CopilotMetrics.Client.Tests.ClientHarness;

namespace CopilotMetrics.Client.Tests;

public sealed class ResilienceTests
{
    private static readonly DateOnly Day = new(2026, 6, 3);
    private static readonly MetricsScope Org = MetricsScope.Organization("octo");

    private static void AnswerInTurn(MockHttpMessageHandler handler, params Func<HttpResponseMessage>[] answers)
    {
        var next = 0;
        handler.When("*").Respond(_ => answers[Math.Min(Interlocked.Increment(ref next) - 1, answers.Length - 1)]());
    }

    private static HttpResponseMessage Ok() => Json(Envelope("2026-06-03", Files + "a"));

    [Fact]
    public async Task Server_errors_are_retried_with_exponential_backoff_until_success()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 4);
        AnswerInTurn(harness.Api, () => new HttpResponseMessage(HttpStatusCode.InternalServerError), () => new HttpResponseMessage(HttpStatusCode.BadGateway), () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), Ok);

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        var waited = await harness.AdvanceUntilDone(call, TimeSpan.FromMinutes(5));

        Assert.NotNull(await call);
        Assert.Equal(4, harness.ApiRequests.Count);
        // Three backoffs from 1 s, doubling, with jitter: well over a second and under a minute of (fake) time.
        Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Server_errors_that_outlast_the_retries_throw_with_the_status()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 2);
        harness.Api.When("*").Respond(_ => Json("""{"message":"Server Error"}""", HttpStatusCode.InternalServerError));

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        await harness.AdvanceUntilDone(call.ContinueWith(_ => { }, TaskScheduler.Default), TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => call);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(3, harness.ApiRequests.Count);
    }

    [Fact]
    public async Task A_429_waits_exactly_as_long_as_retry_after_says()
    {
        using var harness = new ClientHarness();
        AnswerInTurn(harness.Api, () =>
        {
            var r = Json("""{"message":"API rate limit exceeded"}""", HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
            return r;
        }, Ok);

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        var waited = await harness.AdvanceUntilDone(call, TimeSpan.FromMinutes(5));

        Assert.NotNull(await call);
        Assert.Equal(2, harness.ApiRequests.Count);
        Assert.Equal(TimeSpan.FromSeconds(30), waited);
    }

    [Fact]
    public async Task A_primary_rate_limit_403_waits_until_x_ratelimit_reset()
    {
        using var harness = new ClientHarness();
        var reset = harness.Time.GetUtcNow().AddSeconds(120).ToUnixTimeSeconds();
        AnswerInTurn(harness.Api, () =>
        {
            var r = Json("""{"message":"API rate limit exceeded for user ID 1."}""", HttpStatusCode.Forbidden);
            r.Headers.Add("x-ratelimit-remaining", "0");
            r.Headers.Add("x-ratelimit-reset", reset.ToString(CultureInfo.InvariantCulture));
            return r;
        }, Ok);

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        var waited = await harness.AdvanceUntilDone(call, TimeSpan.FromMinutes(10));

        Assert.NotNull(await call);
        Assert.Equal(TimeSpan.FromSeconds(120), waited);
    }

    [Fact]
    public async Task A_secondary_rate_limit_without_headers_waits_at_least_a_minute()
    {
        using var harness = new ClientHarness();
        AnswerInTurn(harness.Api, () => Json("""{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""", HttpStatusCode.Forbidden), Ok);

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        var waited = await harness.AdvanceUntilDone(call, TimeSpan.FromMinutes(10));

        Assert.NotNull(await call);
        Assert.Equal(TimeSpan.FromSeconds(60), waited);
    }

    [Fact]
    public async Task A_wait_longer_than_the_ceiling_throws_at_once_with_the_reset_time()
    {
        using var harness = new ClientHarness(o => o.MaxRateLimitWait = TimeSpan.FromMinutes(5));
        harness.Api.When("*").Respond(_ =>
        {
            var r = Json("""{"message":"API rate limit exceeded"}""", HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1));
            return r;
        });

        var error = await Assert.ThrowsAsync<RateLimitExceededException>(() => harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day));

        Assert.Single(harness.ApiRequests);
        Assert.Equal(harness.Time.GetUtcNow().AddHours(1), error.ResetsAt);
        Assert.Equal(TimeSpan.FromHours(1), error.Wait);
        Assert.True(error.IsTransient);
        Assert.Contains("MaxRateLimitWait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ordinary_403_is_not_retried()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Json("""{"message":"Resource not accessible by integration"}""", HttpStatusCode.Forbidden));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day));

        Assert.IsNotType<RateLimitExceededException>(error);
        Assert.Single(harness.ApiRequests);
    }

    [Fact]
    public async Task Transport_errors_are_retried()
    {
        using var harness = new ClientHarness();
        var calls = 0;
        harness.Api.When("*").Respond(_ => ++calls == 1 ? throw new HttpRequestException("connection reset") : Ok());

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day);
        await harness.AdvanceUntilDone(call, TimeSpan.FromMinutes(1));

        Assert.NotNull(await call);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Downloads_are_retried_on_server_errors_without_the_token()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => Ok());
        AnswerInTurn(harness.Downloads, () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"day":"2026-06-03","user_id":1}""") });

        var read = harness.Client.ReadUsersAsync(Org, Day).ToListAsync().AsTask();
        await harness.AdvanceUntilDone(read, TimeSpan.FromMinutes(1));

        Assert.Single(await read);
        Assert.Equal(2, harness.DownloadRequests.Count);
        Assert.All(harness.DownloadRequests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Cancellation_stops_a_retry_wait()
    {
        using var harness = new ClientHarness();
        harness.Api.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        using var cts = new CancellationTokenSource();

        var call = harness.Client.GetReportLinksAsync(Org, ReportType.Users1Day, Day, cts.Token);
        // Cancel once the client waits for its first retry (a timer due within a minute; the timeouts are hours away).
        for (var i = 0; i < 5000 && !call.IsCompleted && harness.Time.NextDue(harness.Time.GetUtcNow().AddMinutes(1)) is null; i++)
        {
            await Task.Delay(1);
        }

        Assert.NotNull(harness.Time.NextDue(harness.Time.GetUtcNow().AddMinutes(1)));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(harness.ApiRequests);
    }
}
