using CopilotMetrics.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Sync;

/// <summary>Registers the <see cref="SyncEngine"/>.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="SyncEngine"/>. It writes to the registered <see cref="IMetricsWriter"/> and <see cref="ISyncStateStore"/>
    /// (<c>services.AddInMemoryMetricsStore()</c> or <c>services.AddPostgresMetricsStore(…)</c> registers both).
    /// Options are validated at start-up. Add <see cref="AddSyncHostedService"/> to run it on a schedule.
    /// </summary>
    /// <param name="builder">The builder from <c>AddCopilotMetrics</c>.</param>
    /// <param name="configure">Sets the sync options.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder AddSyncEngine(this ICopilotMetricsBuilder builder, Action<SyncOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(builder.Services);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds the <see cref="SyncEngine"/> with options bound from a configuration section (usually <c>CopilotMetrics:Sync</c>).</summary>
    /// <param name="builder">The builder from <c>AddCopilotMetrics</c>.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder AddSyncEngine(this ICopilotMetricsBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(builder.Services);
        builder.Services.Configure<SyncOptions>(configuration);

        // The binder takes numbers and comma-joined names for an enum; the settings take their names only.
        builder.Services.AddSingleton<IValidateOptions<SyncOptions>>(new ConfiguredEnumsValidator<SyncOptions>(
            configuration, static (section, failures) => EnumNames.Check<SyncDataset>(section, "Datasets", failures)));
        return builder;
    }

    /// <summary>Runs the sync engine in the host on <see cref="SyncOptions.Schedule"/> (and at start when <see cref="SyncOptions.RunOnStart"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ICopilotMetricsBuilder AddSyncHostedService(this ICopilotMetricsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<SyncHostedService>();
        return builder;
    }

    /// <summary>Adds the sync's health check (<see cref="SyncHealthCheck"/>): last successful sync and failed days.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCopilotMetricsSync(this IHealthChecksBuilder builder, string name = "copilot-metrics-sync")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<SyncHealthCheck>(name, HealthStatus.Unhealthy, ["copilot-metrics"]);
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptions<SyncOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsRules>());
        services.TryAddSingleton<SyncEngine>();
        services.TryAddSingleton<SyncHealthCheck>();
    }
}
