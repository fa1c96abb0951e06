namespace CopilotMetrics.Storage;

/// <summary>
/// Follows a store as the sync fills it: the sync engine calls every registered sink after a day's write has committed
/// (for a day stored with rows and for a day found empty), with the day's scope, dataset and date. A sink reads what it
/// needs from the store. A sink that throws never undoes the stored day: the engine logs the failure and reports it in
/// the run's warnings.
/// </summary>
public interface IStoredDaySink
{
    /// <summary>Called after the day's write has committed.</summary>
    /// <param name="scope">The organization or enterprise.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="day">The day.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the sink is done with the day.</returns>
    Task OnDayStoredAsync(MetricsScope scope, SyncDataset dataset, DateOnly day, CancellationToken cancellationToken = default);
}
