using System.Globalization;
using System.Net;

namespace CopilotMetrics.Http;

/// <summary>
/// GitHub's documented rate-limit rules: wait <c>retry-after</c> seconds if present; else, when
/// <c>x-ratelimit-remaining</c> is 0, until <c>x-ratelimit-reset</c>; else, for a secondary limit, at least a minute.
/// </summary>
internal static class RateLimits
{
    public static readonly TimeSpan SecondaryLimitMinimumWait = TimeSpan.FromMinutes(1);

    /// <summary>Whether the response is GitHub's rate limit (429, or 403 with the rate-limit signs), and how long to wait.</summary>
    public static bool IsRateLimited(HttpResponseMessage response, string? body, TimeProvider time, out TimeSpan wait, out DateTimeOffset? resetsAt)
    {
        wait = TimeSpan.Zero;
        resetsAt = null;
        var status = response.StatusCode;
        if (status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var headers = response.Headers;
        var remainingZero = Header(headers, "x-ratelimit-remaining") == "0";
        DateTimeOffset? reset = long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;
        var retryAfter = headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        var mentionsLimit = body is not null && body.Contains("rate limit", StringComparison.OrdinalIgnoreCase);

        if (status == HttpStatusCode.Forbidden && retryAfter is null && !remainingZero && !mentionsLimit)
        {
            return false; // an ordinary 403: permissions, policy
        }

        if (retryAfter is { } after)
        {
            wait = after;
        }
        else if (remainingZero && reset is { } r)
        {
            wait = r - now;
        }
        else
        {
            wait = SecondaryLimitMinimumWait;
        }

        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        resetsAt = now + wait;
        return true;
    }

    private static string? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
