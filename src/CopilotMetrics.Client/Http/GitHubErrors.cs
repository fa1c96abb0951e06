using System.Net;
using System.Text.Json;

namespace CopilotMetrics.Http;

/// <summary>Turns GitHub's error responses into <see cref="GitHubApiException"/> with a hint that says what to do.</summary>
internal static class GitHubErrors
{
    public static async Task<GitHubApiException> CreateAsync(HttpResponseMessage response, string requestPath, string? hint, TimeProvider time, CancellationToken cancellationToken)
    {
        string? body = null;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }

        string? message = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                message = JsonSerializer.Deserialize(body, ClientJsonContext.Default.GitHubError)?.Message;
            }
            catch (JsonException)
            {
                message = body.Length > 200 ? body[..200] : body;
            }
        }

        var requestId = response.Headers.TryGetValues("x-github-request-id", out var ids) ? ids.FirstOrDefault() : null;
        var path = requestPath.Split('?')[0];
        if (RateLimits.IsRateLimited(response, body, time, out var wait, out var resetsAt))
        {
            return new RateLimitExceededException(response.StatusCode, message, requestId, path, resetsAt, wait);
        }

        return new GitHubApiException(response.StatusCode, message, requestId, path, hint ?? Hint(response.StatusCode));
    }

    public static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized =>
            "The token is missing, expired or revoked: check CopilotMetrics:Token (or the GitHub App credentials).",
        HttpStatusCode.Forbidden =>
            "The token lacks a permission, or the 'Copilot usage metrics' policy is off. Organization reports need read:org " +
            "(fine-grained: 'Organization Copilot metrics: read'); enterprise reports need manage_billing:copilot or read:enterprise; " +
            "seats need manage_billing:copilot or read:org. An enterprise owner must set the 'Copilot usage metrics' policy to Enabled everywhere.",
        HttpStatusCode.NotFound =>
            "GitHub does not know this organization or enterprise, or the token cannot see it: check the login or slug, and that the token's owner is an owner (or has the 'View Copilot metrics' role) there.",
        HttpStatusCode.Gone =>
            "This X-GitHub-Api-Version is no longer supported: set CopilotMetrics:ApiVersion to a current version (2026-03-10).",
        HttpStatusCode.UnprocessableEntity =>
            "GitHub rejected the request as invalid: check the day (YYYY-MM-DD, not in the future, within a year) and the options.",
        _ when (int)status >= 500 => "GitHub failed and kept failing through the retries; try again later.",
        _ => "Unexpected answer from GitHub.",
    };
}
