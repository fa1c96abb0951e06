using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CopilotMetrics.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using CopilotMetrics.Tests;
using RichardSzalay.MockHttp;

namespace CopilotMetrics.Client.Tests;

/// <summary>The real client from DI, with MockHttp behind the API and the download clients and a fake clock.</summary>
internal sealed class ClientHarness : IDisposable
{
    public const string Token = "fake-test-token-0123456789abcdefghijklmnopq";
    public const string ApiBase = "https://api.github.com/";
    public const string Files = "https://files.example.net/";

    /// <param name="configure">Sets the options.</param>
    /// <param name="tokenProvider">A token provider of the test's own.</param>
    /// <param name="downloadHandler">Wraps the download client's primary handler (MockHttp behind the recorder), as a handler of the caller's would.</param>
    public ClientHarness(Action<CopilotMetricsOptions>? configure = null, GitHubTokenProvider? tokenProvider = null, Func<HttpMessageHandler, HttpMessageHandler>? downloadHandler = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        var builder = services.AddCopilotMetrics(o =>
            {
                o.Token = Token;
                o.RetryBaseDelay = TimeSpan.FromSeconds(1);
                // Far beyond any wait a test lets pass, so that AdvanceUntilDone never moves the clock onto a timeout.
                o.AttemptTimeout = TimeSpan.FromHours(12);
                o.TotalTimeout = TimeSpan.FromDays(1);
                configure?.Invoke(o);
            })
            .ConfigureApiHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => new Recorder(Api, ApiRequests)))
            .ConfigureDownloadHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() =>
            {
                var recorder = new Recorder(Downloads, DownloadRequests);
                return downloadHandler?.Invoke(recorder) ?? recorder;
            }));
        if (tokenProvider is not null)
        {
            builder.UseTokenProvider(tokenProvider);
        }

        Provider = services.BuildServiceProvider();
        Client = Provider.GetRequiredService<CopilotMetricsClient>();
    }

    public WaitAwareTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero));

    public MockHttpMessageHandler Api { get; } = new();

    public MockHttpMessageHandler Downloads { get; } = new();

    /// <summary>Every request the API client sent, with its headers as sent.</summary>
    public ConcurrentQueue<SentRequest> ApiRequests { get; } = new();

    /// <summary>Every request the download client sent.</summary>
    public ConcurrentQueue<SentRequest> DownloadRequests { get; } = new();

    public ServiceProvider Provider { get; }

    public CopilotMetricsClient Client { get; }

    public FakeLogCollector Logs => Provider.GetFakeLogCollector();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string? requestId = "ABCD:1234")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            response.Headers.Add("x-github-request-id", requestId);
        }

        return response;
    }

    public static string Envelope(string day, params string[] links) =>
        $$"""{"download_links":[{{string.Join(",", links.Select(l => $"\"{l}\""))}}],"report_day":"{{day}}"}""";

    /// <summary>Runs <paramref name="task"/>, moving the fake clock exactly to each wait it starts; returns how far the clock moved.</summary>
    public Task<TimeSpan> AdvanceUntilDone(Task task, TimeSpan max) => Time.AdvanceUntilDone(task, max);

    public void Dispose() => Provider.Dispose();

    internal sealed record SentRequest(HttpMethod Method, Uri Uri, string? Authorization, string[] ApiVersions, string? Accept, string? UserAgent);

    /// <summary>Records what is really sent (after every handler), then lets MockHttp answer.</summary>
    private sealed class Recorder(MockHttpMessageHandler inner, ConcurrentQueue<SentRequest> log) : HttpMessageHandler
    {
        // MockHttp's handler is shared by every handler the factory creates: never dispose it.
        private readonly HttpMessageInvoker _inner = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Enqueue(new SentRequest(
                request.Method,
                request.RequestUri!,
                request.Headers.Authorization?.ToString(),
                request.Headers.TryGetValues("X-GitHub-Api-Version", out var versions) ? versions.ToArray() : [],
                request.Headers.Accept.ToString(),
                request.Headers.UserAgent.ToString()));
            return _inner.SendAsync(request, cancellationToken);
        }
    }
}
