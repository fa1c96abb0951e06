using CopilotMetrics.Storage.Conformance;

namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary>The conformance suite against <see cref="SqliteMetricsStore"/>, each store on a new file.</summary>
public sealed class SqliteConformanceTests : MetricsStoreConformanceTests, IDisposable
{
    private readonly TempFolder _folder = new();

    /// <inheritdoc />
    protected override Task<IMetricsStore> CreateStoreAsync() =>
        Task.FromResult<IMetricsStore>(new SqliteMetricsStore(new SqliteStoreOptions { Path = _folder.File(Guid.NewGuid().ToString("N") + ".db") }));

    public void Dispose() => _folder.Dispose();
}
