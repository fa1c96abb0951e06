using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>The days of one scope and dataset in the sync window that the store does not hold (neither data nor a completed or empty status).</summary>
/// <param name="Scope">The scope.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Days">The missing days, ascending.</param>
public sealed record SyncGap(MetricsScope Scope, SyncDataset Dataset, IReadOnlyList<DateOnly> Days);

/// <summary>
/// What the store holds of a sync window, read back from the store after a run: the run's own counters say what it
/// did, this says what is there, so that a run is only called complete when the window has no hole (a day left to
/// another worker, one waiting for its retry, one a killed run never finished).
/// </summary>
public static class SyncCoverage
{
    /// <summary>The per-day datasets the sync options list (seats are a snapshot, not a day).</summary>
    /// <param name="services">The provider from <see cref="CliServices.Build"/>.</param>
    /// <returns>The datasets, in a fixed order.</returns>
    public static IReadOnlyList<SyncDataset> DailyDatasets(IServiceProvider services) =>
        [.. services.GetRequiredService<IOptions<SyncOptions>>().Value.Datasets.Where(d => d != SyncDataset.Seats).Order()];

    /// <summary>The gaps of each scope's window of <paramref name="days"/> days (ending yesterday, from the scope's first report day).</summary>
    /// <param name="services">The provider from <see cref="CliServices.Build"/>.</param>
    /// <param name="scopes">The scopes.</param>
    /// <param name="days">The window.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The scopes and datasets with missing days; empty when the window is whole.</returns>
    public static async Task<IReadOnlyList<SyncGap>> GapsAsync(IServiceProvider services, IReadOnlyList<MetricsScope> scopes, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(scopes);
        var store = services.GetRequiredService<IMetricsReader>();
        var now = CliHooks.Time.GetUtcNow();
        var gaps = new List<SyncGap>();
        foreach (var scope in scopes)
        {
            if (SyncEngine.Window(scope, now, days) is not { } window)
            {
                continue;
            }

            foreach (var dataset in DailyDatasets(services))
            {
                var missing = await store.GetMissingDaysAsync(scope, dataset, window, cancellationToken);
                if (missing.Count > 0)
                {
                    gaps.Add(new SyncGap(scope, dataset, missing));
                }
            }
        }

        return gaps;
    }
}
