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
        if (ScopeToken(current, scope) is { } scoped)
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

    /// <summary>
    /// The scope's entry in <see cref="CopilotMetricsOptions.ScopeTokens"/>: the key is parsed as a scope, so every
    /// spelling the validator accepts is found (<c>org:Octo</c>, <c>organization:octo</c>, <c>ORG: octo</c>).
    /// </summary>
    internal static string? ScopeToken(CopilotMetricsOptions options, MetricsScope scope)
    {
        if (options.ScopeTokens.TryGetValue(scope.ToString(), out var exact) && !string.IsNullOrWhiteSpace(exact))
        {
            return exact;
        }

        foreach (var (key, token) in options.ScopeTokens)
        {
            if (!string.IsNullOrWhiteSpace(token) && MetricsScope.TryParse(key, out var keyScope) && keyScope == scope)
            {
                return token;
            }
        }

        return null;
    }
}
