using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Auth;

/// <summary>The default provider, from options.</summary>
internal sealed class OptionsTokenProvider(IOptionsMonitor<CopilotMetricsOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null) : GitHubTokenProvider
{
    private GitHubAppTokenProvider? _app;

    public override ValueTask<string> GetTokenAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        var current = options.CurrentValue;
        if (current.ScopeTokens.TryGetValue(scope.ToString(), out var scoped) && !string.IsNullOrWhiteSpace(scoped))
        {
            return ValueTask.FromResult(scoped);
        }

        if (current.GitHubApp is { } app)
        {
            _app ??= new GitHubAppTokenProvider(app, () => httpClientFactory.CreateClient(HttpClientNames.Api), current.BaseAddress, timeProvider, loggerFactory?.CreateLogger<GitHubAppTokenProvider>());
            return _app.GetTokenAsync(scope, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(current.Token))
        {
            return ValueTask.FromResult(current.Token);
        }

        throw new CopilotMetricsException($"No GitHub credentials for {scope}: set CopilotMetrics:Token, CopilotMetrics:ScopeTokens:{scope} or CopilotMetrics:GitHubApp.");
    }
}
