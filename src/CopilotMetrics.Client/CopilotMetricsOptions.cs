using System.Text.RegularExpressions;
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
    public Uri BaseAddress { get; set; } = new("https://api.github.com/");

    /// <summary>The <c>X-GitHub-Api-Version</c> sent with every API request (exactly one). Default <c>2026-03-10</c>.</summary>
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
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest the client waits for a rate limit to reset (<c>retry-after</c> or <c>x-ratelimit-reset</c>).
    /// A longer wait throws <see cref="RateLimitExceededException"/> with the reset time. Default 15 minutes.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Timeout of one attempt, until the response headers arrive. Default 100 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Timeout of a request with all its retries and waits. Default 30 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Seats per page (1–100). Default 100.</summary>
    public int SeatsPageSize { get; set; } = 100;

    /// <summary>How report files are parsed.</summary>
    public ReportReaderOptions Reader { get; set; } = new();

    internal bool HasCustomTokenProvider { get; set; }
}

/// <summary>GitHub App credentials.</summary>
public sealed class GitHubAppCredentials
{
    /// <summary>The App's id (or client id).</summary>
    public string? AppId { get; set; }

    /// <summary>The App's private key in PEM form (<c>-----BEGIN RSA PRIVATE KEY-----</c> …).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the private key in PEM form, used when <see cref="PrivateKey"/> is not set.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The installation to use; found from the organization or enterprise when not set.</summary>
    public long? InstallationId { get; set; }
}

/// <summary>Checks <see cref="CopilotMetricsOptions"/> at start-up and says what is missing.</summary>
internal sealed partial class CopilotMetricsOptionsValidator : IValidateOptions<CopilotMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, CopilotMetricsOptions options)
    {
        var failures = new List<string>();
        var prefix = CopilotMetricsOptions.SectionName + ":";
        if (options.BaseAddress is null || !options.BaseAddress.IsAbsoluteUri)
        {
            failures.Add($"{prefix}BaseAddress must be an absolute URL such as https://api.github.com/.");
        }
        else if (options.BaseAddress.Scheme != Uri.UriSchemeHttps && !options.BaseAddress.IsLoopback)
        {
            failures.Add($"{prefix}BaseAddress must use https (got {options.BaseAddress.Scheme}): the token must not travel in clear text.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion) || !ApiVersionPattern().IsMatch(options.ApiVersion))
        {
            failures.Add($"{prefix}ApiVersion must be one calendar version such as 2026-03-10 (got '{options.ApiVersion}').");
        }

        foreach (var key in options.ScopeTokens.Keys)
        {
            if (!MetricsScope.TryParse(key, out _))
            {
                failures.Add($"{prefix}ScopeTokens key '{key}' is not a scope: write org:NAME or enterprise:SLUG.");
            }
        }

        if (options.GitHubApp is { } app)
        {
            if (string.IsNullOrWhiteSpace(app.AppId))
            {
                failures.Add($"{prefix}GitHubApp:AppId is missing.");
            }

            if (string.IsNullOrWhiteSpace(app.PrivateKey) && string.IsNullOrWhiteSpace(app.PrivateKeyPath))
            {
                failures.Add($"{prefix}GitHubApp needs PrivateKey (PEM text) or PrivateKeyPath.");
            }
            else if (string.IsNullOrWhiteSpace(app.PrivateKey) && !File.Exists(app.PrivateKeyPath))
            {
                failures.Add($"{prefix}GitHubApp:PrivateKeyPath '{app.PrivateKeyPath}' does not exist.");
            }
        }

        if (!options.HasCustomTokenProvider && string.IsNullOrWhiteSpace(options.Token) && options.ScopeTokens.Count == 0 && options.GitHubApp is null)
        {
            failures.Add($"No GitHub credentials: set {prefix}Token (a token with read:org or manage_billing:copilot / read:enterprise), " +
                         $"{prefix}ScopeTokens, {prefix}GitHubApp, or register a GitHubTokenProvider.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add($"{prefix}MaxRetries must be between 0 and 20 (got {options.MaxRetries}).");
        }

        Positive(options.RetryBaseDelay, "RetryBaseDelay");
        Positive(options.MaxRateLimitWait, "MaxRateLimitWait");
        Positive(options.AttemptTimeout, "AttemptTimeout");
        Positive(options.TotalTimeout, "TotalTimeout");
        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{prefix}TotalTimeout ({options.TotalTimeout}) must not be shorter than AttemptTimeout ({options.AttemptTimeout}).");
        }

        if (options.SeatsPageSize is < 1 or > 100)
        {
            failures.Add($"{prefix}SeatsPageSize must be between 1 and 100 (got {options.SeatsPageSize}).");
        }

        if (options.Reader is null)
        {
            failures.Add($"{prefix}Reader must not be null.");
        }
        else
        {
            try
            {
                options.Reader.Validate();
            }
            catch (ArgumentOutOfRangeException ex)
            {
                failures.Add($"{prefix}Reader:{ex.ParamName}: {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string option)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}{option} must be positive (got {value}).");
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
