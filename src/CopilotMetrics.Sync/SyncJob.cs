using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Sync;

/// <summary>Runs one sync as a console or cron job.</summary>
public static class SyncJob
{
    /// <summary>Exit code: every report-day is stored, empty or already complete.</summary>
    public const int Success = 0;

    /// <summary>Exit code: some report-days failed (see the log and the store's sync status).</summary>
    public const int Failed = 1;

    /// <summary>Exit code: the options are invalid, or a scope has no usable credentials (nothing was synced).</summary>
    public const int BadConfiguration = 2;

    /// <summary>
    /// Exit code: nothing failed, but some report-days were held by another worker (another sync, or one that died
    /// within <see cref="SyncOptions.ClaimDuration"/>), so the window is not complete yet: run again later. 75 is
    /// sysexits' EX_TEMPFAIL, "try again later" — a CronJob or systemd retry policy can key on it.
    /// </summary>
    public const int Incomplete = 75;

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

        try
        {
            var result = await services.GetRequiredService<SyncEngine>().RunAsync(progress, cancellationToken).ConfigureAwait(false);
            return new SyncJobResult(result, !result.Succeeded ? Failed : result.Complete ? Success : Incomplete, null);
        }
        catch (OptionsValidationException ex)
        {
            // Credentials that are missing or refused for a scope: found before any day was touched.
            return new SyncJobResult(null, BadConfiguration, string.Join(Environment.NewLine, ex.Failures));
        }
    }
}
