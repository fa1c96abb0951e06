namespace CopilotMetrics.Storage;

/// <summary>
/// A whole store: its reading (<see cref="IMetricsReader"/>), writing (<see cref="IMetricsWriter"/>) and sync
/// bookkeeping (<see cref="ISyncStateStore"/>) roles in one type, for implementers. Callers take the role they need:
/// the sync engine the writer and the sync state, hosts and queries the reader. Implementations:
/// <c>CopilotMetrics.Storage.InMemory</c> and <c>CopilotMetrics.Storage.Postgres</c>; both pass the same conformance
/// suite, and their <c>Add…MetricsStore()</c> registers every role.
/// </summary>
public interface IMetricsStore : IMetricsReader, IMetricsWriter, ISyncStateStore;
