using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Sync;

/// <summary>Runs the <see cref="SyncEngine"/> on its cron schedule (UTC), one run at a time, optionally once at start.</summary>
internal sealed class SyncHostedService(SyncEngine engine, IOptionsMonitor<SyncOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)loggerFactory?.CreateLogger<SyncHostedService>() ?? NullLogger.Instance;

    /// <summary>When the next scheduled run is due, once the service waits for it.</summary>
    internal DateTimeOffset? NextRunAt { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.CurrentValue.RunOnStart && !await RunOnceAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var schedule = CronExpression.Parse(options.CurrentValue.Schedule);
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            Log.NextSync(_logger, next.Value);
            try
            {
                var wait = Task.Delay(next.Value - now, time, stoppingToken);
                NextRunAt = next.Value;
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!await RunOnceAsync(stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Runs once; <see langword="false"/> when the configuration is wrong and the schedule must stop.</summary>
    private async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.RunAsync(progress: null, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (OptionsValidationException ex)
        {
            // Every later run would fail the same way: stop, say what to fix; the health check reports it.
            Log.SyncConfigurationInvalid(_logger, string.Join(" ", ex.Failures));
            return false;
        }
        catch (Exception ex)
        {
            // A failing run must not stop the schedule; the health check shows it.
            Log.ScheduledSyncFailed(_logger, ex);
        }

        return true;
    }
}
