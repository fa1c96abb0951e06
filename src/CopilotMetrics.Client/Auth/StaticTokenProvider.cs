using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Auth;

/// <summary>One fixed token (a personal access token or an OAuth token) for every scope.</summary>
public sealed class StaticTokenProvider : GitHubTokenProvider
{
    private readonly string _token;

    /// <summary>Creates the provider.</summary>
    /// <param name="token">The token.</param>
    public StaticTokenProvider(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token;
    }

    /// <inheritdoc />
    public override ValueTask<string> GetTokenAsync(MetricsScope scope, CancellationToken cancellationToken = default) => ValueTask.FromResult(_token);

    /// <inheritdoc />
    public override string ToString() => "StaticTokenProvider(***)";
}
