using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>Builds the services a command runs with: the client (GitHub or the simulator), the store and the sync engine.</summary>
public static class CliServices
{
    /// <summary>Builds the provider.</summary>
    /// <param name="setup">The resolved setup.</param>
    /// <param name="scopes">The scopes the sync engine syncs.</param>
    /// <param name="verbose">Log to standard error at Information level.</param>
    /// <param name="configureSync">Sets the sync options after configuration and the environment's <c>SYNC_*</c> variables (the command's flags).</param>
    /// <returns>The provider; dispose it.</returns>
    public static ServiceProvider Build(CliSetup setup, IReadOnlyList<MetricsScope> scopes, bool verbose, Action<SyncOptions>? configureSync = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(scopes);
        var services = new ServiceCollection();
        services.AddSingleton(CliHooks.Time);
        services.AddLogging(logging =>
        {
            if (verbose)
            {
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
            else
            {
                logging.SetMinimumLevel(LogLevel.None);
            }
        });

        var section = setup.Configuration.GetSection(CopilotMetricsOptions.SectionName);
        var builder = services.AddCopilotMetrics(section);
        if (setup.Simulator)
        {
            // Never send a real token to the simulator (it would answer 401 anyway); it hands out its own.
            services.PostConfigure<CopilotMetricsOptions>(o =>
            {
                o.Token = null;
                o.ScopeTokens.Clear();
                o.GitHubApp = null;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            });
            builder.UseGitHubSimulator(CliHooks.Simulator);
        }
        else if (setup.Token is { } token)
        {
            services.PostConfigure<CopilotMetricsOptions>(o => o.Token = token);
        }

        if (setup.Store == StoreKind.Postgres)
        {
            services.AddPostgresMetricsStore(o =>
            {
                o.ConnectionString = setup.ConnectionString;
                o.Schema = setup.Schema ?? o.Schema;
            });
        }
        else
        {
            services.AddInMemoryMetricsStore(CliHooks.MemoryStore);
        }

        builder.AddSyncEngine(section.GetSection("Sync"));
        services.Configure<SyncOptions>(o =>
        {
            // The resolved scopes replace the configured list (binding appends to it).
            o.Scopes.Clear();
            o.Scopes.AddRange(scopes.Select(s => s.ToString()));
            setup.ApplyTo(o);
            configureSync?.Invoke(o);
        });

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
