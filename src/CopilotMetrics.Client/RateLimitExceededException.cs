using System.Net;

namespace CopilotMetrics;

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
