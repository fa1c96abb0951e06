namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>The tests on the shared PostgreSQL server (<see cref="PostgresFixture"/>); xunit wants this in the test assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}

/// <summary>What the store tests add to the shared <see cref="PostgresFixture"/>.</summary>
public static class PostgresFixtureExtensions
{
    /// <summary>A store on a fresh schema (or on <paramref name="schema"/>), migrated.</summary>
    public static async Task<PostgresMetricsStore> NewStoreAsync(this PostgresFixture fixture, string? schema = null, TimeProvider? time = null, Action<PostgresStoreOptions>? configure = null)
    {
        var options = new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema ?? fixture.NewSchema() };
        configure?.Invoke(options);
        var store = new PostgresMetricsStore(options, time);
        await store.InitializeAsync();
        return store;
    }
}
