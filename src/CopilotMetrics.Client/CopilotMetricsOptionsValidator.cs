using Microsoft.Extensions.Options;

namespace CopilotMetrics;

/// <summary>The data-annotation rules of <see cref="CopilotMetricsOptions"/>, source-generated.</summary>
[OptionsValidator]
internal sealed partial class CopilotMetricsOptionsValidator : IValidateOptions<CopilotMetricsOptions>;

/// <summary>The rules of <see cref="CopilotMetricsOptions"/> that span several fields or need more than an attribute.</summary>
internal sealed class CopilotMetricsOptionsRules : IValidateOptions<CopilotMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, CopilotMetricsOptions options)
    {
        var failures = new List<string>();
        var prefix = CopilotMetricsOptions.SectionName + ":";
        if (options.BaseAddress is { IsAbsoluteUri: false })
        {
            failures.Add($"{prefix}BaseAddress must be an absolute URL such as https://api.github.com/.");
        }
        else if (options.BaseAddress is { } address && address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback)
        {
            failures.Add($"{prefix}BaseAddress must use https (got {address.Scheme}): the token must not travel in clear text.");
        }

        var tokenKeys = new Dictionary<MetricsScope, string>();
        foreach (var key in options.ScopeTokens.Keys)
        {
            if (!MetricsScope.TryParse(key, out var scope))
            {
                failures.Add($"{prefix}ScopeTokens key '{key}' is not a scope: write org:NAME or enterprise:SLUG.");
            }
            else if (!tokenKeys.TryAdd(scope, key))
            {
                // Organization logins and enterprise slugs ignore case: two keys would leave it to chance which token is used.
                failures.Add($"{prefix}ScopeTokens keys '{tokenKeys[scope]}' and '{key}' name the same scope {scope}: keep one.");
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

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{prefix}TotalTimeout ({options.TotalTimeout}) must not be shorter than AttemptTimeout ({options.AttemptTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
