using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Sync;

/// <summary>
/// Health of the sync: healthy after a run without failures within <see cref="SyncOptions.HealthyWithin"/>; degraded
/// when the last run left failed days (listed); unhealthy when no run has succeeded recently.
/// </summary>
public sealed class SyncHealthCheck : IHealthCheck
{
    private readonly SyncEngine _engine;
    private readonly IOptionsMonitor<SyncOptions> _options;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _created;

    /// <summary>Creates the check.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="options">Sync options.</param>
    /// <param name="timeProvider">The clock.</param>
    public SyncHealthCheck(SyncEngine engine, IOptionsMonitor<SyncOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _engine = engine;
        _options = options;
        _time = timeProvider;
        _created = timeProvider.GetUtcNow();
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var within = _options.CurrentValue.HealthyWithin;
        var last = _engine.LastResult;
        var data = new Dictionary<string, object>
        {
            ["lastSuccessAt"] = _engine.LastSuccessAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never",
            ["failedDays"] = (last?.Failures.Count ?? 0) + (last?.GaveUp.Count ?? 0),
        };
        if (last is not null)
        {
            data["lastRunAt"] = last.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var failure in last.Failures.Concat(last.GaveUp).Take(10))
            {
                data[$"failed:{failure.Key}"] = failure.Error;
            }
        }

        if (_engine.ConfigurationError is { } error)
        {
            data["configurationError"] = error;
            return Task.FromResult(HealthCheckResult.Unhealthy("The sync cannot run: its configuration is invalid.", data: data));
        }

        if (_engine.LastSuccessAt is { } success && now - success <= within)
        {
            return Task.FromResult(last is { Succeeded: true }
                ? HealthCheckResult.Healthy("The last sync succeeded.", data)
                : HealthCheckResult.Degraded("The last sync left failed days.", data: data));
        }

        if (_engine.LastSuccessAt is null && now - _created <= within && last is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No sync has run yet.", data));
        }

        return Task.FromResult(last is not null && last.Failures.Count + last.GaveUp.Count > 0
            ? HealthCheckResult.Unhealthy($"No successful sync within {within}; the last run left failed days.", data: data)
            : HealthCheckResult.Unhealthy($"No successful sync within {within}.", data: data));
    }
}
