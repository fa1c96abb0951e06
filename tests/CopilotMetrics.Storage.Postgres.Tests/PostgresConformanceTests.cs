using CopilotMetrics.Storage.Conformance;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>The conformance suite against <see cref="PostgresMetricsStore"/>, each test on its own schema.</summary>
[Collection(PostgresTests.Name)]
public sealed class PostgresConformanceTests(PostgresFixture fixture) : MetricsStoreConformanceTests
{
    /// <inheritdoc />
    protected override async Task<IMetricsStore> CreateStoreAsync() => await fixture.NewStoreAsync();
}
