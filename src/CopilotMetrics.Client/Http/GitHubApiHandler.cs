using System.Net.Http.Headers;
using CopilotMetrics.Auth;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Http;

/// <summary>
/// Puts GitHub's headers on every API request: <c>Accept: application/vnd.github+json</c>, exactly one
/// <c>X-GitHub-Api-Version</c>, the User-Agent, and the bearer token — the token only when the request goes to the
/// configured API host, so it can never leak to another host (a redirect, a signed download link).
/// </summary>
internal sealed class GitHubApiHandler(IOptionsMonitor<CopilotMetricsOptions> options, GitHubTokenProvider tokens) : DelegatingHandler
{
    internal static readonly HttpRequestOptionsKey<MetricsScope> ScopeKey = new("CopilotMetrics.Scope");
    internal static readonly HttpRequestOptionsKey<bool> SkipAuthKey = new("CopilotMetrics.SkipAuth");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Remove("X-GitHub-Api-Version");
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", current.ApiVersion);
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.Add(UserAgent.Value);
        }

        var toApiHost = IsApiHost(request.RequestUri, current.BaseAddress);
        if (!toApiHost)
        {
            request.Headers.Authorization = null;
        }
        else if (!request.Options.TryGetValue(SkipAuthKey, out var skip) || !skip)
        {
            request.Options.TryGetValue(ScopeKey, out var scope);
            var token = await tokens.GetTokenAsync(scope, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    internal static bool IsApiHost(Uri? requestUri, Uri baseAddress) =>
        requestUri is not null
        && string.Equals(requestUri.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(requestUri.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && requestUri.Port == baseAddress.Port;
}

/// <summary>The User-Agent CopilotMetrics sends: the package and its version.</summary>
internal static class UserAgent
{
    public static readonly ProductInfoHeaderValue Value = new("CopilotMetrics", Version);

    public static string Version => typeof(UserAgent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
