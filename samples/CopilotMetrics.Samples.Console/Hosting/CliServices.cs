using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>Builds the services a command runs with: the client (GitHub or the simulator), the store and the sync engine.</summary>
public static class CliServices
{
    /// <summary>Builds the provider.</summary>
    /// <param name="setup">The resolved setup.</param>
    /// <param name="scopes">The scopes the sync engine syncs.</param>
    /// <param name="verbose">Log to standard error at Information level, or as <c>Logging:LogLevel:*</c> configures.</param>
    /// <param name="configureSync">Sets the sync options after binding (the in-memory fill's window).</param>
    /// <returns>The provider; dispose it.</returns>
    public static ServiceProvider Build(CliSetup setup, IReadOnlyList<MetricsScope> scopes, bool verbose, Action<SyncOptions>? configureSync = null, Action<IServiceCollection>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(scopes);
        var services = new ServiceCollection();
        services.AddSingleton(CliHooks.Time);
        services.AddLogging(logging =>
        {
            if (verbose)
            {
                // Information by default; Logging:LogLevel:* (Logging__LogLevel__Default=Debug, …=Warning) from the
                // environment or appsettings.json raise or lower it, per category, as in any .NET host.
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddConfiguration(setup.Configuration.GetSection("Logging"));
                logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
            else
            {
                logging.SetMinimumLevel(LogLevel.None);
            }
        });

        var builder = AddStoreAndSync(services, setup, scopes, configureSync);
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

        extra?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>
    /// The client, the store and the sync engine with their options bound from <see cref="CliSetup.Configuration"/> (where
    /// the variables and flags stand as keys) — what a command runs with, and what <see cref="CliSetup.Resolve"/> validates.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="setup">The setup.</param>
    /// <param name="scopes">The scopes, replacing the configured list.</param>
    /// <param name="configureSync">Sets the sync options after binding, or <see langword="null"/>.</param>
    /// <returns>The client's builder.</returns>
    internal static ICopilotMetricsBuilder AddStoreAndSync(IServiceCollection services, CliSetup setup, IReadOnlyList<MetricsScope> scopes, Action<SyncOptions>? configureSync)
    {
        var section = setup.Configuration.GetSection(CopilotMetricsOptions.SectionName);
        var builder = services.AddCopilotMetrics(section);
        if (setup.Store == StoreKind.Postgres)
        {
            services.AddPostgresMetricsStore(o => SampleOptions.ConfigurePostgres(o, setup.Configuration, setup.ConnectionString));
        }
        else if (setup.Store == StoreKind.Sqlite)
        {
            services.AddSqliteMetricsStore(o =>
            {
                setup.Configuration.GetSection(SampleEnvironment.SqliteSection).Bind(o);
                o.Path = setup.DatabasePath;
            });
        }
        else
        {
            services.AddInMemoryMetricsStore(CliHooks.MemoryStore);
        }

        builder.AddSyncEngine(section.GetSection("Sync"));
        services.Configure<SyncOptions>(o =>
        {
            // The resolved scopes (--scope, else GITHUB_SCOPES and the configured ones) replace the bound list.
            o.Scopes.Clear();
            o.Scopes.AddRange(scopes.Select(s => s.ToString()));
            SampleOptions.ApplySyncDefaults(o, setup.Configuration);
            configureSync?.Invoke(o);
        });
        return builder;
    }
}
