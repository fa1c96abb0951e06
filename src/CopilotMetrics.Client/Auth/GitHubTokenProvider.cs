using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Auth;

/// <summary>
/// Supplies the GitHub token for a scope. The default one reads <see cref="CopilotMetricsOptions"/>
/// (<see cref="CopilotMetricsOptions.ScopeTokens"/>, then <see cref="CopilotMetricsOptions.GitHubApp"/>, then
/// <see cref="CopilotMetricsOptions.Token"/>); register your own with <c>UseTokenProvider</c> to fetch tokens from a vault.
/// </summary>
public abstract class GitHubTokenProvider
{
    /// <summary>Creates the provider.</summary>
    protected GitHubTokenProvider()
    {
    }

    /// <summary>Gets a token for requests about <paramref name="scope"/>. Called for every API request: cache inside.</summary>
    /// <param name="scope">The organization or enterprise the request is about.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token (without the <c>Bearer</c> prefix).</returns>
    public abstract ValueTask<string> GetTokenAsync(MetricsScope scope, CancellationToken cancellationToken = default);
}
