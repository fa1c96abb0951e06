using CopilotMetrics.Storage.Conformance;

namespace CopilotMetrics.Storage.InMemory.Tests;

/// <summary>The conformance suite against <see cref="InMemoryMetricsStore"/>.</summary>
public sealed class InMemoryConformanceTests : MetricsStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<IMetricsStore> CreateStoreAsync() => Task.FromResult<IMetricsStore>(new InMemoryMetricsStore());
}
