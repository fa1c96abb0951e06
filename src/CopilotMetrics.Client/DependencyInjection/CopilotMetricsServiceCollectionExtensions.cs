using System.Net;
using CopilotMetrics;
using CopilotMetrics.Auth;
using CopilotMetrics.Http;
using CopilotMetrics.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CopilotMetrics in a service collection.</summary>
public static class CopilotMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CopilotMetricsClient"/> with its HTTP clients (from <see cref="IHttpClientFactory"/>, with retries,
    /// rate-limit waits and timeouts from Microsoft.Extensions.Http.Resilience). Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to add a store, a sync engine or a token provider.</returns>
    public static ICopilotMetricsBuilder AddCopilotMetrics(this IServiceCollection services, Action<CopilotMetricsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    /// <summary>Adds CopilotMetrics with options set elsewhere (for example <c>services.Configure&lt;CopilotMetricsOptions&gt;(…)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder to add a store, a sync engine or a token provider.</returns>
    public static ICopilotMetricsBuilder AddCopilotMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    /// <summary>Adds CopilotMetrics with options bound from a configuration section (usually <c>CopilotMetrics</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("CopilotMetrics")</c>.</param>
    /// <returns>A builder to add a store, a sync engine or a token provider.</returns>
    public static ICopilotMetricsBuilder AddCopilotMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        services.Configure<CopilotMetricsOptions>(configuration);

        // The binder takes numbers and comma-joined names for an enum; the settings take their names only.
        services.AddSingleton<IValidateOptions<CopilotMetricsOptions>>(new ConfiguredEnumsValidator<CopilotMetricsOptions>(
            configuration, static (section, failures) => EnumNames.Check<MalformedLineHandling>(section, "Reader:MalformedLines", failures)));
        return builder;
    }

    /// <summary>Uses your own <see cref="GitHubTokenProvider"/> (a vault, a GitHub App of your own) instead of the options' credentials.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder UseTokenProvider(this ICopilotMetricsBuilder builder, GitHubTokenProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        builder.Services.RemoveAll<GitHubTokenProvider>();
        builder.Services.AddSingleton(provider);
        builder.Services.Configure<CopilotMetricsOptions>(o => o.HasCustomTokenProvider = true);
        return builder;
    }

    /// <summary>Configures the <see cref="HttpClient"/> that talks to GitHub's API (for example its primary handler or a proxy).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the client.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder ConfigureApiHttpClient(this ICopilotMetricsBuilder builder, Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddHttpClient(HttpClientNames.Api));
        return builder;
    }

    /// <summary>Configures the <see cref="HttpClient"/> that downloads report files from GitHub's signed links (it never carries the token).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the client.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder ConfigureDownloadHttpClient(this ICopilotMetricsBuilder builder, Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddHttpClient(HttpClientNames.Downloads));
        return builder;
    }

    private static CopilotMetricsBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<CopilotMetricsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CopilotMetricsOptions>, CopilotMetricsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CopilotMetricsOptions>, CopilotMetricsOptionsRules>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitHubTokenProvider, OptionsTokenProvider>();
        services.TryAddTransient<GitHubApiHandler>();
        services.TryAddSingleton<CopilotMetricsClient>();

        if (!services.Any(d => d.ServiceType == typeof(CopilotMetricsMarker)))
        {
            services.AddSingleton<CopilotMetricsMarker>();
            // IHttpClientFactory's own request logs carry the raw Authorization header in their structured state
            // (RedactLoggedHeaders only redacts the formatted message) and, before .NET 9, the signed links' query
            // strings. Both clients drop them: CopilotMetrics logs requests itself, host and path only.
            var api = services.AddHttpClient(HttpClientNames.Api, ConfigureClient).RemoveAllLoggers();
            api.AddResilienceHandler("github-api", (pipeline, context) => ConfigureResilience(pipeline, context, api: true));
            api.AddHttpMessageHandler<GitHubApiHandler>();
            services.AddHttpClient(HttpClientNames.Downloads, ConfigureClient)
                .RemoveAllLoggers()
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .AddResilienceHandler("report-downloads", (pipeline, context) => ConfigureResilience(pipeline, context, api: false));
        }

        return new CopilotMetricsBuilder(services);
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        // Timeouts are the resilience pipeline's (per attempt and overall); a download may take longer than HttpClient's default.
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.Add(UserAgent.Value);
    }

    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context, bool api)
    {
        var services = context.ServiceProvider;
        var options = services.GetRequiredService<IOptionsMonitor<CopilotMetricsOptions>>().CurrentValue;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(CopilotMetricsClient)) ?? NullLogger.Instance;
        pipeline.TimeProvider = time;
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromMinutes(2),
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, options, time, api, args.Context.CancellationToken),
                DelayGenerator = args => ValueTask.FromResult(RateLimitWait(args.Outcome, time)),
                OnRetry = args =>
                {
                    var request = args.Outcome.Result?.RequestMessage;
                    var outcome = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    Log.Retrying(logger, request?.Method.Method ?? "GET", Redact.Url(request?.RequestUri), outcome, args.AttemptNumber + 1, args.RetryDelay);
                    ClientMetrics.For(services.GetService<System.Diagnostics.Metrics.IMeterFactory>()).Retries.Add(1, new KeyValuePair<string, object?>(ClientMetrics.ClientAttribute, api ? "api" : "downloads"));
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddTimeout(options.AttemptTimeout);

        // Polly's documented per-pipeline override: successful attempts are logged at Debug, not Information.
        pipeline.ConfigureTelemetry(ResilienceTelemetry.For(context.GetOptions<TelemetryOptions>()));
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, CopilotMetricsOptions options, TimeProvider time, bool api, CancellationToken cancellationToken)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException
                   || (outcome.Exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status >= 500 && response.StatusCode != HttpStatusCode.NotImplemented)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || (api && response.StatusCode == HttpStatusCode.Forbidden))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return RateLimits.IsRateLimited(response, body, time, out var wait, out _) && wait <= options.MaxRateLimitWait;
        }

        return false;
    }

    private static TimeSpan? RateLimitWait(Outcome<HttpResponseMessage> outcome, TimeProvider time)
    {
        if (outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden } response)
        {
            return null; // the exponential backoff with jitter
        }

        // The body was buffered by the predicate; reading it again is cheap and synchronous here.
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return RateLimits.IsRateLimited(response, body, time, out var wait, out _) ? wait : null;
    }

    private sealed class CopilotMetricsMarker;
}
