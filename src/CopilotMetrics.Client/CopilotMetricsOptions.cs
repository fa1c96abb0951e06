using System.ComponentModel.DataAnnotations;
using CopilotMetrics.Reports;
using Microsoft.Extensions.Options;

namespace CopilotMetrics;

/// <summary>
/// Options of <see cref="CopilotMetricsClient"/>, bound from the <c>CopilotMetrics</c> configuration section or set
/// in <c>AddCopilotMetrics(o => …)</c>. Validated when the host starts.
/// </summary>
public sealed class CopilotMetricsOptions
{
    /// <summary>The configuration section the options are read from by default.</summary>
    public const string SectionName = "CopilotMetrics";

    /// <summary>
    /// GitHub's API address. Default <c>https://api.github.com/</c>; for GHE.com data residency
    /// <c>https://api.SUBDOMAIN.ghe.com/</c>. Used as given (never rewritten to <c>/api/v3</c>). The GitHub token is
    /// only ever sent to this host.
    /// </summary>
    [Required(ErrorMessage = "CopilotMetrics:BaseAddress is required: an absolute URL such as https://api.github.com/.")]
    public Uri BaseAddress { get; set; } = new("https://api.github.com/");

    /// <summary>The <c>X-GitHub-Api-Version</c> sent with every API request (exactly one). Default <c>2026-03-10</c>.</summary>
    [Required(ErrorMessage = "CopilotMetrics:ApiVersion is required: one calendar version such as 2026-03-10.")]
    [RegularExpression(@"^\d{4}-\d{2}-\d{2}$", ErrorMessage = "CopilotMetrics:ApiVersion must be one calendar version such as 2026-03-10.")]
    public string ApiVersion { get; set; } = "2026-03-10";

    /// <summary>A personal access token or OAuth token used for every scope without its own entry in <see cref="ScopeTokens"/>.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Tokens per scope, keyed <c>org:NAME</c> or <c>enterprise:SLUG</c>, for runs over several organizations and
    /// enterprises with their own credentials.
    /// </summary>
    public Dictionary<string, string> ScopeTokens { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>GitHub App credentials; installation tokens are minted and refreshed for each scope.</summary>
    public GitHubAppCredentials? GitHubApp { get; set; }

    /// <summary>Retries of a failed request (5xx, 429, transport errors, rate limits). Default 4; 0 turns retries off.</summary>
    [IntRange(0, 20, ErrorMessage = "CopilotMetrics:MaxRetries must be between {1} and {2}.")]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter. Default 1 s.</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00", ErrorMessage = "CopilotMetrics:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest the client waits for a rate limit to reset (<c>retry-after</c> or <c>x-ratelimit-reset</c>).
    /// A longer wait throws <see cref="RateLimitExceededException"/> with the reset time. Default 15 minutes.
    /// </summary>
    [TimeSpanRange("00:00:00.001", "1.00:00:00", ErrorMessage = "CopilotMetrics:MaxRateLimitWait must be between {1} and {2}.")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Timeout of one attempt, until the response headers arrive. Default 100 s.</summary>
    [TimeSpanRange("00:00:00.010", "1.00:00:00", ErrorMessage = "CopilotMetrics:AttemptTimeout must be between {1} and {2} (the resilience pipeline's timeout bounds).")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Timeout of a request with all its retries and waits. Default 30 minutes.</summary>
    [TimeSpanRange("00:00:00.010", "1.00:00:00", ErrorMessage = "CopilotMetrics:TotalTimeout must be between {1} and {2} (the resilience pipeline's timeout bounds).")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Seats per page (1–100). Default 100.</summary>
    [IntRange(1, 100, ErrorMessage = "CopilotMetrics:SeatsPageSize must be between {1} and {2}.")]
    public int SeatsPageSize { get; set; } = 100;

    /// <summary>How report files are parsed.</summary>
    [Required(ErrorMessage = "CopilotMetrics:Reader must not be null.")]
    [ValidateObjectMembers]
    public ReportReaderOptions Reader { get; set; } = new();

    internal bool HasCustomTokenProvider { get; set; }
}
