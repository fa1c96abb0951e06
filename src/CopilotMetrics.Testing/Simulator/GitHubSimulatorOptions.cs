namespace CopilotMetrics.Testing;

/// <summary>
/// Options of <see cref="GitHubSimulator"/>: the hosts it answers for, the token it accepts, the organizations and
/// enterprises it knows and how its report files are served. Read once, when the simulator is created.
/// </summary>
public sealed class GitHubSimulatorOptions
{
    /// <summary>The API address the simulator answers for. Default <c>https://api.github.com/</c>.</summary>
    public Uri ApiBaseAddress { get; set; } = new("https://api.github.com/");

    /// <summary>
    /// The host of the signed report download links; must differ from <see cref="ApiBaseAddress"/>'s host.
    /// Default <c>https://copilot-reports.simulator.invalid/</c>.
    /// </summary>
    public Uri DownloadBaseAddress { get; set; } = new("https://copilot-reports.simulator.invalid/");

    /// <summary>
    /// The token API requests must carry as <c>Authorization: Bearer …</c>; any other token is answered 401.
    /// <see langword="null"/> accepts any token (a request without one is still 401). Default <c>simulator-token</c>.
    /// </summary>
    public string? Token { get; set; } = GitHubSimulator.DefaultToken;

    /// <summary>The organizations and enterprises the simulator knows; every other one is 404.</summary>
    public IList<SimulatedScope> Scopes { get; } = new List<SimulatedScope>();

    /// <summary>
    /// Whole UTC days between today (per the simulator's <see cref="TimeProvider"/>) and the last day with reports:
    /// the last available day is today − this. Later days answer 204. Default 2 (GitHub's documented latency).
    /// </summary>
    public int AvailabilityLagDays { get; set; } = 2;

    /// <summary>How long a signed download link stays valid. Default 1 hour.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether report files are served gzip-compressed with <c>Content-Encoding: gzip</c>. Default off.</summary>
    public bool GzipDownloads { get; set; }

    /// <summary>
    /// A delay added to every response, waited on the simulator's <see cref="TimeProvider"/> (with a fake clock the
    /// test must advance it). Default none.
    /// </summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Seeds the link signing key and the <see cref="SimulatorFault.Probability"/> draws. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// The most bytes of generated report files kept for reuse (least recently used first out), so that large
    /// populations are not regenerated on every download. Default 256 MiB; 0 keeps nothing.
    /// </summary>
    public long CacheSizeLimit { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most requests kept in <see cref="GitHubSimulator.Requests"/>; older ones are dropped. Default 10,000.</summary>
    public int RequestLogLimit { get; set; } = 10_000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message says which and why.</exception>
    public void Validate()
    {
        if (ApiBaseAddress is null || !ApiBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("ApiBaseAddress must be an absolute URL such as https://api.github.com/.", nameof(ApiBaseAddress));
        }

        if (DownloadBaseAddress is null || !DownloadBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("DownloadBaseAddress must be an absolute URL.", nameof(DownloadBaseAddress));
        }

        if (string.Equals(ApiBaseAddress.IdnHost, DownloadBaseAddress.IdnHost, StringComparison.OrdinalIgnoreCase) && ApiBaseAddress.Port == DownloadBaseAddress.Port)
        {
            throw new ArgumentException("DownloadBaseAddress must be on another host than ApiBaseAddress, as GitHub's signed links are.", nameof(DownloadBaseAddress));
        }

        if (Token is not null && (string.IsNullOrWhiteSpace(Token) || Token.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("Token must be null (accept any token) or a non-empty string without spaces.", nameof(Token));
        }

        if (Scopes.Count == 0)
        {
            throw new ArgumentException("Scopes must name at least one organization or enterprise.", nameof(Scopes));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var scope in Scopes)
        {
            if (scope is null)
            {
                throw new ArgumentException("Scopes must not contain null.", nameof(Scopes));
            }

            scope.Validate();
            if (!seen.Add(scope.Scope.ToString()))
            {
                throw new ArgumentException($"Scopes names {scope.Scope} twice.", nameof(Scopes));
            }
        }

        if (AvailabilityLagDays is < 0 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(AvailabilityLagDays), AvailabilityLagDays, "AvailabilityLagDays must be between 0 and 30.");
        }

        if (LinkLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LinkLifetime), LinkLifetime, "LinkLifetime must be positive.");
        }

        if (Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "Latency must not be negative.");
        }

        if (CacheSizeLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheSizeLimit), CacheSizeLimit, "CacheSizeLimit must not be negative.");
        }

        if (RequestLogLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestLogLimit), RequestLogLimit, "RequestLogLimit must not be negative.");
        }
    }
}
