namespace CopilotMetrics.Testing;

/// <summary>What a <see cref="SimulatorFault"/> does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answers <see cref="SimulatorFault.StatusCode"/> (default 500; use 502 or 503 too).</summary>
    ServerError = 0,

    /// <summary>Answers 429 with a secondary-limit message and <c>retry-after</c> when <see cref="SimulatorFault.RetryAfter"/> is set.</summary>
    RateLimited429 = 1,

    /// <summary>Answers 403 "You have exceeded a secondary rate limit", with <c>retry-after</c> when <see cref="SimulatorFault.RetryAfter"/> is set.</summary>
    SecondaryRateLimit403 = 2,

    /// <summary>Answers 403 with <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c> = now + <see cref="SimulatorFault.ResetAfter"/>.</summary>
    PrimaryRateLimit403 = 3,

    /// <summary>On an envelope: the links handed out are already expired. On a download: the link is rejected as expired (403).</summary>
    ExpiredLink = 4,

    /// <summary>Downloads only: the body is cut short (see <see cref="SimulatorFault.Truncation"/>).</summary>
    TruncatedBody = 5,

    /// <summary>Downloads only: line <see cref="SimulatorFault.Line"/> of the file is replaced with broken JSON.</summary>
    MalformedLine = 6,

    /// <summary>Envelopes only: answers 204 No Content, as for a day without a report.</summary>
    NoContent = 7,

    /// <summary>Answers 403 (a missing permission on the API host; an authorization failure on the download host).</summary>
    Forbidden403 = 8,

    /// <summary>Answers 404.</summary>
    NotFound404 = 9,

    /// <summary>Delays the response by <see cref="SimulatorFault.Delay"/> (on the simulator's clock), then answers normally.</summary>
    Latency = 10,

    /// <summary>
    /// Downloads only: every record of the file gets the properties named by <see cref="SimulatorFault.ExtraProperties"/>
    /// (valued 1), properties no record type models, as when GitHub adds a field: schema drift.
    /// </summary>
    ExtraProperty = 11,
}
