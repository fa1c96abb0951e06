using System.Net;
using System.Security.Cryptography;
using System.Text;
using CopilotMetrics.Storage;
using CopilotMetrics.Testing;
using CopilotMetrics.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static CopilotMetrics.Sync.Tests.SyncHarness;

namespace CopilotMetrics.Sync.Tests;

/// <summary>
/// Credentials that are missing or refused stop a run before any day: <see cref="SyncEngine.RunAsync"/> throws
/// <see cref="OptionsValidationException"/>, the job exits 2, the hosted service stops scheduling and the health check
/// says why. A transient failure while finding the credentials is not a configuration error.
/// </summary>
public sealed class SyncConfigurationTests
{
    /// <summary>Credentials for enterprise:octo-ent only; no CopilotMetrics:Token, so org:octo-org has none.</summary>
    private static void OnlyTheEnterpriseHasAToken(CopilotMetricsOptions o)
    {
        o.Token = null;
        o.ScopeTokens[Ent.ToString()] = GitHubSimulator.DefaultToken;
    }

    private static SyncHarness WithoutOrgCredentials(Action<ICopilotMetricsBuilder>? extra = null) =>
        new(o => o.Scopes.Add(Ent.ToString()), client: OnlyTheEnterpriseHasAToken, extra: extra, time: new WaitAwareTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero)));

    private static void AssertNamesTheScopeAndTheSetting(string? message)
    {
        Assert.NotNull(message);
        Assert.Contains("org:octo-org", message, StringComparison.Ordinal);
        Assert.Contains("CopilotMetrics:ScopeTokens:org:octo-org", message, StringComparison.Ordinal);
        Assert.Contains("CopilotMetrics:Token", message, StringComparison.Ordinal);
        Assert.DoesNotContain("enterprise:octo-ent", message, StringComparison.Ordinal); // that scope's credentials are fine
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out waiting");
    }

    [Fact]
    public async Task A_scope_without_credentials_stops_the_run_before_any_request_with_a_message_naming_the_scope_and_the_setting()
    {
        using var harness = WithoutOrgCredentials();

        // The start-up validation passes: there are credentials, just not for every scope.
        harness.Provider.GetRequiredService<IStartupValidator>().Validate();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.Engine.RunAsync());

        AssertNamesTheScopeAndTheSetting(error.Message);
        Assert.Equal(typeof(CopilotMetricsOptions), error.OptionsType);
        Assert.Empty(harness.Simulator.Requests); // not even for enterprise:octo-ent, whose token is fine
        Assert.Null(harness.Engine.LastResult);
        Assert.Null(harness.Engine.LastSuccessAt);
        AssertNamesTheScopeAndTheSetting(harness.Engine.ConfigurationError);
        Assert.Empty(await harness.Store.GetSyncStatusesAsync(Ent, new DateRange(new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 10))));
        Assert.Empty(await harness.Store.GetScopesAsync());
    }

    [Fact]
    public async Task The_job_exits_2_with_the_credentials_message_and_syncs_nothing()
    {
        using var harness = WithoutOrgCredentials();

        var job = await SyncJob.RunOnceAsync(harness.Provider);

        Assert.Equal(SyncJob.BadConfiguration, job.ExitCode);
        Assert.Equal(2, job.ExitCode);
        Assert.Null(job.Result);
        AssertNamesTheScopeAndTheSetting(job.Error);
        Assert.Empty(harness.Simulator.Requests);
    }

    [Fact]
    public async Task The_hosted_service_stops_scheduling_and_the_health_check_reports_the_configuration_error()
    {
        using var harness = WithoutOrgCredentials(b => b.AddSyncHostedService());
        var hosted = Assert.IsType<SyncHostedService>(Assert.Single(harness.Provider.GetServices<IHostedService>()));
        var check = harness.Provider.GetRequiredService<SyncHealthCheck>();

        await hosted.StartAsync(CancellationToken.None);
        await WaitFor(() => hosted.ExecuteTask is { IsCompleted: true });

        Assert.True(hosted.ExecuteTask!.IsCompletedSuccessfully); // it returned: no error thrown into the host
        Assert.Null(hosted.NextRunAt);                           // and no next run was scheduled
        var health = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("The sync cannot run: its configuration is invalid.", health.Description);
        AssertNamesTheScopeAndTheSetting(Assert.IsType<string>(health.Data["configurationError"]));

        // Nothing waits on the clock for a next run, and when the scheduled time (06:00 the next day) comes and goes, nothing runs.
        Assert.Null(Assert.IsType<WaitAwareTimeProvider>(harness.Time).NextDue(DateTimeOffset.MaxValue));
        harness.Time.Advance(TimeSpan.FromDays(2));
        Assert.Null(harness.Engine.LastResult);
        Assert.Empty(harness.Simulator.Requests);
        await hosted.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Once_the_credentials_are_there_the_configuration_error_clears()
    {
        var token = new MutableToken();
        using var harness = new SyncHarness(client: o => { o.Token = null; o.ScopeTokens["org:octo-org"] = ""; }, extra: b => b.Services.AddSingleton<IPostConfigureOptions<CopilotMetricsOptions>>(token));
        var check = harness.Provider.GetRequiredService<SyncHealthCheck>();
        await Assert.ThrowsAsync<OptionsValidationException>(() => harness.Engine.RunAsync());
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        token.Value = GitHubSimulator.DefaultToken;
        harness.Provider.GetRequiredService<IOptionsMonitorCache<CopilotMetricsOptions>>().Clear();
        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded);
        Assert.Null(harness.Engine.ConfigurationError);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_GitHub_App_whose_installation_lookup_is_refused_is_a_configuration_error(HttpStatusCode refusal)
    {
        var app = new AppEndpoints(refusal, failures: int.MaxValue);
        using var harness = WithGitHubApp(app);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.Engine.RunAsync());

        Assert.Contains("org:octo-org", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Contains(((int)refusal).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, app.Lookups);
        Assert.Equal(0, app.Mints);
        Assert.Empty(harness.Simulator.Requests); // no report was asked for
        Assert.Equal(SyncJob.BadConfiguration, (await SyncJob.RunOnceAsync(harness.Provider)).ExitCode);
    }

    [Fact]
    public async Task A_GitHub_App_whose_installation_lookup_answers_5xx_is_not_a_configuration_error()
    {
        var app = new AppEndpoints(HttpStatusCode.BadGateway, failures: 1);
        using var harness = WithGitHubApp(app);

        var error = await Record.ExceptionAsync(() => harness.Engine.RunAsync());

        Assert.IsNotType<OptionsValidationException>(error);
        Assert.Null(harness.Engine.ConfigurationError);
        var health = await harness.Provider.GetRequiredService<SyncHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        Assert.False(health.Data.ContainsKey("configurationError"));
        Assert.Equal(1, app.FailuresServed); // the scenario happened: the lookup was answered 502
    }

    [Fact]
    public async Task A_GitHub_App_whose_installation_lookup_answers_5xx_once_does_not_stop_the_run()
    {
        var app = new AppEndpoints(HttpStatusCode.BadGateway, failures: 1);
        using var harness = WithGitHubApp(app);

        var result = await harness.Engine.RunAsync();

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        Assert.Null(harness.Engine.ConfigurationError);
        Assert.Equal(2, app.Lookups); // the 502, then the lookup of the first request
        Assert.Equal(1, app.Mints);
        Assert.Equal((3 * 9) + 1, result.Stored);
        await harness.AssertStoreEqualsOracle(Org);

        // The job likewise: an exit code, not an exception.
        using var job = WithGitHubApp(new AppEndpoints(HttpStatusCode.ServiceUnavailable, failures: 1));
        Assert.Equal(SyncJob.Success, (await SyncJob.RunOnceAsync(job.Provider)).ExitCode);
    }

    private static SyncHarness WithGitHubApp(AppEndpoints app)
    {
        using var key = RSA.Create(2048);
        var pem = key.ExportRSAPrivateKeyPem();
        return new SyncHarness(
            client: o =>
            {
                o.Token = null;
                o.GitHubApp = new GitHubAppCredentials { AppId = "4242", PrivateKey = pem };
            },
            extra: b => b.ConfigureApiHttpClient(c => c.AddHttpMessageHandler(() => new AppEndpointsHandler(app))));
    }

    /// <summary>Sets CopilotMetrics:Token after the test's own configuration (the simulator's post-configure runs first).</summary>
    private sealed class MutableToken : IPostConfigureOptions<CopilotMetricsOptions>
    {
        public string? Value { get; set; }

        public void PostConfigure(string? name, CopilotMetricsOptions options)
        {
            if (Value is not null)
            {
                options.ScopeTokens["org:octo-org"] = Value;
            }
        }
    }

    /// <summary>GitHub's App endpoints, which the simulator does not serve: the installation of org:octo-org and its tokens.</summary>
    private sealed class AppEndpoints(HttpStatusCode lookupFailure, int failures)
    {
        private readonly int _planned = failures;
        private int _failures = failures;
        private int _lookups;
        private int _mints;

        public int Lookups => Volatile.Read(ref _lookups);

        public int FailuresServed => Math.Min(Lookups, _planned);

        public int Mints => Volatile.Read(ref _mints);

        public HttpResponseMessage? Answer(HttpRequestMessage request)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Get && path == "/orgs/octo-org/installation")
            {
                Assert.StartsWith("Bearer ey", request.Headers.Authorization?.ToString(), StringComparison.Ordinal); // the App's JWT
                Interlocked.Increment(ref _lookups);
                return Interlocked.Decrement(ref _failures) >= 0
                    ? Json(lookupFailure, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""")
                    : Json(HttpStatusCode.OK, """{"id":777,"account":{"login":"octo-org"}}""");
            }

            if (request.Method == HttpMethod.Post && path == "/app/installations/777/access_tokens")
            {
                Interlocked.Increment(ref _mints);
                return Json(HttpStatusCode.Created, $$"""{"token":"{{GitHubSimulator.DefaultToken}}","expires_at":"2026-06-10T08:00:00Z"}""");
            }

            return null;
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
            new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    private sealed class AppEndpointsHandler(AppEndpoints app) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            app.Answer(request) is { } answer ? Task.FromResult(answer) : base.SendAsync(request, cancellationToken);
    }
}
