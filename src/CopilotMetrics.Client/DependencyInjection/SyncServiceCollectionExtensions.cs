using CopilotMetrics;
using CopilotMetrics.Reports;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="SyncEngine"/>.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="SyncEngine"/> (it needs a store: <c>AddInMemoryStore()</c> or <c>AddPostgresStore(…)</c>).
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
        services.TryAddSingleton<SyncEngine>();
        services.TryAddSingleton<SyncHealthCheck>();
        services.AddOptions<CopilotMetricsOptions>().Configure<IOptionsMonitor<SyncOptions>>((client, sync) =>
        {
            if (sync.CurrentValue.SkipMalformedLines)
            {
                client.Reader.MalformedLines = MalformedLineHandling.Skip;
            }
        });
    }
}

/// <summary>Runs one sync as a console or cron job.</summary>
public static class SyncJob
{
    /// <summary>Exit code: every report-day is stored, empty or already complete.</summary>
    public const int Success = 0;

    /// <summary>Exit code: some report-days failed (see the log and the store's sync status).</summary>
    public const int Failed = 1;

    /// <summary>Exit code: the options are invalid.</summary>
    public const int BadConfiguration = 2;

    /// <summary>Validates the options, runs one sync and returns an exit code for the process.</summary>
    /// <param name="services">A provider built with <c>AddCopilotMetrics(…)</c>, a store and <c>AddSyncEngine(…)</c>.</param>
    /// <param name="progress">Receives progress; optional.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result and the exit code.</returns>
    public static async Task<SyncJobResult> RunOnceAsync(IServiceProvider services, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            return new SyncJobResult(null, BadConfiguration, ex.Message);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            var messages = ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Distinct(StringComparer.Ordinal);
            return new SyncJobResult(null, BadConfiguration, string.Join(Environment.NewLine, messages));
        }

        var result = await services.GetRequiredService<SyncEngine>().RunAsync(progress, cancellationToken).ConfigureAwait(false);
        return new SyncJobResult(result, result.Succeeded ? Success : Failed, null);
    }
}

/// <summary>The outcome of <see cref="SyncJob.RunOnceAsync"/>.</summary>
/// <param name="Result">What the run did; <see langword="null"/> when it did not run.</param>
/// <param name="ExitCode">The process exit code (<see cref="SyncJob.Success"/>, <see cref="SyncJob.Failed"/>, <see cref="SyncJob.BadConfiguration"/>).</param>
/// <param name="Error">Why it did not run (invalid options), naming what to fix.</param>
public sealed record SyncJobResult(SyncResult? Result, int ExitCode, string? Error);
