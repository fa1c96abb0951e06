using CopilotMetrics;
using CopilotMetrics.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Points CopilotMetrics at a <see cref="GitHubSimulator"/> instead of GitHub.</summary>
public static class GitHubSimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Sends the API and download requests of <see cref="CopilotMetricsClient"/> to <paramref name="simulator"/>:
    /// both HTTP clients get <see cref="GitHubSimulator.CreateHandler"/> as their primary handler (everything above it —
    /// retries, rate-limit waits, timeouts, the token handler — stays real), <see cref="CopilotMetricsOptions.BaseAddress"/>
    /// becomes the simulator's API address and, when no credentials are configured, <see cref="CopilotMetricsOptions.Token"/>
    /// becomes the simulator's token.
    /// </summary>
    /// <param name="builder">The builder from <c>AddCopilotMetrics</c>.</param>
    /// <param name="simulator">The simulator.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder UseGitHubSimulator(this ICopilotMetricsBuilder builder, GitHubSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(simulator);
        builder.ConfigureApiHttpClient(client => client.ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler));
        builder.ConfigureDownloadHttpClient(client => client.ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler));
        builder.Services.PostConfigure<CopilotMetricsOptions>(options =>
        {
            options.BaseAddress = simulator.ApiBaseAddress;
            if (string.IsNullOrWhiteSpace(options.Token) && options.ScopeTokens.Count == 0 && options.GitHubApp is null)
            {
                options.Token = simulator.Token ?? GitHubSimulator.DefaultToken;
            }
        });
        return builder;
    }
}
