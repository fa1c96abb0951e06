using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CopilotMetrics.Auth;

/// <summary>
/// GitHub App installation tokens: signs an RS256 JWT with the App's private key (the framework's own crypto),
/// finds the installation for the organization or enterprise (unless given), and caches each installation token
/// until five minutes before it expires. Concurrent callers share one refresh.
/// </summary>
internal sealed class GitHubAppTokenProvider : GitHubTokenProvider, IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly GitHubAppCredentials _credentials;
    private readonly Func<HttpClient> _httpClient;
    private readonly Uri _baseAddress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RSA _key;
    private readonly ConcurrentDictionary<MetricsScope, long> _installations = new();
    private readonly ConcurrentDictionary<long, CachedToken> _tokens = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public GitHubAppTokenProvider(GitHubAppCredentials credentials, Func<HttpClient> httpClient, Uri baseAddress, TimeProvider timeProvider, ILogger? logger)
    {
        _credentials = credentials;
        _httpClient = httpClient;
        _baseAddress = baseAddress;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _key = RSA.Create();
        var pem = !string.IsNullOrWhiteSpace(credentials.PrivateKey) ? credentials.PrivateKey : File.ReadAllText(credentials.PrivateKeyPath!);
        try
        {
            _key.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            throw new CopilotMetricsException("CopilotMetrics:GitHubApp private key is not a PEM RSA key; download a new one from the App's settings page.", ex);
        }
    }

    public override async ValueTask<string> GetTokenAsync(MetricsScope scope, CancellationToken cancellationToken = default)
    {
        var installation = _credentials.InstallationId ?? (_installations.TryGetValue(scope, out var known) ? known : 0);
        if (installation != 0 && _tokens.TryGetValue(installation, out var cached) && cached.ExpiresAt - RefreshMargin > _time.GetUtcNow())
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (installation == 0 && !_installations.TryGetValue(scope, out installation))
            {
                // Another caller may have found it while this one waited.
                installation = await FindInstallationAsync(scope, cancellationToken).ConfigureAwait(false);
                _installations[scope] = installation;
            }

            if (_tokens.TryGetValue(installation, out cached) && cached.ExpiresAt - RefreshMargin > _time.GetUtcNow())
            {
                return cached.Token;
            }

            var token = await SendAsync(HttpMethod.Post, $"app/installations/{installation}/access_tokens", ClientJsonContext.Default.InstallationToken, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token.Token))
            {
                throw new CopilotMetricsException($"GitHub returned no token for App installation {installation}.");
            }

            _tokens[installation] = new CachedToken(token.Token, token.ExpiresAt);
            Log.TokenRefreshed(_logger, installation, token.ExpiresAt);
            return token.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>An RS256 JWT for the App: issued a minute ago (clock drift), valid for nine minutes.</summary>
    internal string CreateJwt()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url(Encoding.UTF8.GetBytes($"{{\"iat\":{now - 60},\"exp\":{now + 540},\"iss\":{Issuer()}}}"));
        var signingInput = $"{header}.{payload}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    // The App id is a number; a client id ("Iv1.…") is a string.
    private string Issuer() => long.TryParse(_credentials.AppId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
        ? id.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : JsonSerializer.Serialize(_credentials.AppId!, ClientJsonContext.Default.String);

    private async Task<long> FindInstallationAsync(MetricsScope scope, CancellationToken cancellationToken)
    {
        if (scope.Kind == ScopeKind.Organization)
        {
            var org = await SendAsync(HttpMethod.Get, $"orgs/{Uri.EscapeDataString(scope.Name)}/installation", ClientJsonContext.Default.InstallationInfo, cancellationToken).ConfigureAwait(false);
            return org.Id;
        }

        for (var page = 1; page <= 50; page++)
        {
            var installations = await SendAsync(HttpMethod.Get, $"app/installations?per_page=100&page={page}", ClientJsonContext.Default.ListInstallationInfo, cancellationToken).ConfigureAwait(false);
            var match = installations.FirstOrDefault(i =>
                string.Equals(i.TargetType, "Enterprise", StringComparison.OrdinalIgnoreCase)
                && (string.Equals(i.Account?.Slug, scope.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(i.Account?.Login, scope.Name, StringComparison.OrdinalIgnoreCase)));
            if (match is not null)
            {
                return match.Id;
            }

            if (installations.Count < 100)
            {
                break;
            }
        }

        throw new CopilotMetricsException($"The GitHub App is not installed on {scope}: install it on the enterprise, or set CopilotMetrics:GitHubApp:InstallationId.");
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseAddress, path));
        request.Options.Set(GitHubApiHandler.SkipAuthKey, true);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CreateJwt());
        using var response = await _httpClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await GitHubErrors.CreateAsync(response, path, "Check the GitHub App id, its private key, and that the App is installed with the 'Organization/Enterprise Copilot metrics' permission.", _time, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new CopilotMetricsException($"GitHub answered {path} with an empty body.");
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _key.Dispose();
        _refresh.Dispose();
    }

    private readonly record struct CachedToken(string Token, DateTimeOffset ExpiresAt);
}
