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
        $"GitHub answered {(int)status} {status} for GET {path}" +
        (string.IsNullOrWhiteSpace(message) ? "" : $": \"{message}\"") +
        (requestId is null ? "" : $" (x-github-request-id {requestId})") +
        $". {hint}";
}

/// <summary>
/// GitHub's rate limit (primary or secondary) asked for a longer wait than
/// <see cref="CopilotMetricsOptions.MaxRateLimitWait"/> allows. Try again after <see cref="ResetsAt"/>.
/// </summary>
public sealed class RateLimitExceededException : GitHubApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">403 or 429.</param>
    /// <param name="gitHubMessage">GitHub's message.</param>
    /// <param name="requestId">The <c>x-github-request-id</c>.</param>
    /// <param name="requestPath">The request's path.</param>
    /// <param name="resetsAt">When GitHub says the limit resets, if it said.</param>
    /// <param name="wait">How long GitHub asked to wait.</param>
    public RateLimitExceededException(HttpStatusCode statusCode, string? gitHubMessage, string? requestId, string requestPath, DateTimeOffset? resetsAt, TimeSpan wait)
        : base(statusCode, gitHubMessage, requestId, requestPath,
            $"GitHub's rate limit asks to wait {wait.TotalSeconds:0} s{(resetsAt is null ? "" : $" (until {resetsAt:u})")}, longer than CopilotMetricsOptions.MaxRateLimitWait allows; try again later or raise the limit.")
    {
        ResetsAt = resetsAt;
        Wait = wait;
    }

    /// <summary>When the limit resets, from <c>retry-after</c> or <c>x-ratelimit-reset</c>.</summary>
    public DateTimeOffset? ResetsAt { get; }

    /// <summary>How long GitHub asked to wait.</summary>
    public TimeSpan Wait { get; }
}

/// <summary>
/// A report file could not be downloaded whole: a failed status from the file host, an expired link that stayed
/// expired after the links were requested again, or a body cut short. Nothing of a failed file should be stored.
/// </summary>
public sealed class ReportDownloadException : CopilotMetricsException
{
    internal ReportDownloadException(string message, string location, HttpStatusCode? statusCode, bool isTruncated, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
        StatusCode = statusCode;
        IsTruncated = isTruncated;
    }

    /// <summary>Host and path of the file (the signed query string is never kept).</summary>
    public string Location { get; }

    /// <summary>The file host's status, when it answered with an error.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The body ended before its declared length, or the connection dropped mid-body.</summary>
    public bool IsTruncated { get; }
}
