using Npgsql;

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

    /// <summary>
    /// A second store on <paramref name="schema"/> whose sessions are read-only (<c>default_transaction_read_only</c>), as
    /// those of a reporting role or a standby are: it validates the schema and answers every query, but cannot rebuild
    /// stale summaries, so its queries read past them (the fallback such a deployment relies on).
    /// </summary>
    public static async Task<PostgresMetricsStore> NewReadOnlyStoreAsync(this PostgresFixture fixture, string schema)
    {
        var connection = new NpgsqlConnectionStringBuilder(fixture.ConnectionString);
        connection.Options = $"{connection.Options} -c default_transaction_read_only=on".Trim();
        var store = new PostgresMetricsStore(new PostgresStoreOptions { ConnectionString = connection.ConnectionString, Schema = schema, SchemaMode = SchemaMode.Validate });
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Runs SQL (one or more statements) on the server, outside any store.</summary>
    public static async Task ExecuteAsync(this PostgresFixture fixture, string sql)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row of a query, outside any store.</summary>
    public static async Task<List<T>> QueryAsync<T>(this PostgresFixture fixture, string sql)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
