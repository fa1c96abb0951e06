using System.Net;

namespace CopilotMetrics;

/// <summary>
/// GitHub's API answered with an error (401, 403, 404, 410, 422, or a 5xx/429 that outlasted the retries).
/// Carries the status, GitHub's message, the <c>x-github-request-id</c> and a hint that says what to do.
/// </summary>
public class GitHubApiException : CopilotMetricsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="gitHubMessage">The <c>message</c> of GitHub's error body, if any.</param>
    /// <param name="requestId">The <c>x-github-request-id</c> header, if any.</param>
    /// <param name="requestPath">The request's path (no query string).</param>
    /// <param name="hint">What the caller can do about it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GitHubApiException(HttpStatusCode statusCode, string? gitHubMessage, string? requestId, string requestPath, string hint, Exception? innerException = null)
        : base(BuildMessage(statusCode, gitHubMessage, requestId, requestPath, hint), innerException)
    {
        StatusCode = statusCode;
        GitHubMessage = gitHubMessage;
        RequestId = requestId;
        RequestPath = requestPath;
        Hint = hint;
    }

    /// <summary>The HTTP status GitHub answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>GitHub's own message from the error body.</summary>
    public string? GitHubMessage { get; }

    /// <summary>GitHub's <c>x-github-request-id</c>; quote it to GitHub support.</summary>
    public string? RequestId { get; }

    /// <summary>The path that was requested (never a query string).</summary>
    public string RequestPath { get; }

    /// <summary>What to do about it.</summary>
    public string Hint { get; }

    /// <summary>Whether trying again later may succeed (5xx, 429, rate limits).</summary>
    public bool IsTransient => (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests || this is RateLimitExceededException;

    private static string BuildMessage(HttpStatusCode status, string? message, string? requestId, string path, string hint) =>
        $"GitHub answered {(int)status} {status} for {path}" +
        (string.IsNullOrWhiteSpace(message) ? "" : $": \"{message}\"") +
        (requestId is null ? "" : $" (x-github-request-id {requestId})") +
        $". {hint}";
}
