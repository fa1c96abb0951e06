using CopilotMetrics.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>Migrations (idempotent, concurrent), Validate mode, the DBA script, options and DI.</summary>
[Collection(PostgresTests.Name)]
public sealed class SchemaTests(PostgresFixture fixture)
{
    private static readonly MetricsScope Org = MetricsScope.Organization("acme");
    private static readonly DateOnly D = new(2026, 6, 1);

    [Fact]
    public async Task Migrating_twice_applies_each_migration_once()
    {
        var schema = fixture.NewSchema();
        await using var first = await fixture.NewStoreAsync(schema);
        await using var second = await fixture.NewStoreAsync(schema);

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedAsync(schema));
    }

    [Fact]
    public async Task Many_instances_migrating_at_once_all_succeed_and_apply_each_migration_once()
    {
        var schema = fixture.NewSchema();
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema })).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
            await Task.WhenAll(stores.Select((s, i) => s.ReplaceUserDayAsync(Org, D.AddDays(i), Stream(User(D.AddDays(i), i + 1)))));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedAsync(schema));
    }

    [Fact]
    public async Task Validate_mode_fails_with_a_message_that_says_what_to_do_and_changes_nothing()
    {
        var schema = fixture.NewSchema();
        await using var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema, SchemaMode = SchemaMode.Validate });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains($"\"{schema}\" is at version 0", ex.Message);
        Assert.Contains($"needs version {PostgresSchema.CurrentVersion}", ex.Message);
        Assert.Contains("SchemaMode.Migrate", ex.Message);
        Assert.Contains($"GetMigrationScript(\"{schema}\", 0)", ex.Message);
        Assert.False(await SchemaExistsAsync(schema));

        // Every operation reports the same problem.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetScopesAsync());
    }

    [Fact]
    public async Task Validate_mode_accepts_a_migrated_schema_and_rejects_an_edited_migration()
    {
        var schema = fixture.NewSchema();
        await using (await fixture.NewStoreAsync(schema))
        {
        }

        await using (var valid = await fixture.NewStoreAsync(schema, configure: o => o.SchemaMode = SchemaMode.Validate))
        {
            Assert.Empty(await valid.GetScopesAsync());
        }

        await ExecuteAsync($"UPDATE \"{schema}\".schema_migrations SET checksum = 'edited' WHERE version = 1");
        await using var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema, SchemaMode = SchemaMode.Validate });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("checksum edited", ex.Message);

        await using var migrating = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema });
        Assert.Contains("checksum", (await Assert.ThrowsAsync<InvalidOperationException>(() => migrating.InitializeAsync())).Message);
    }

    [Fact]
    public async Task The_exported_script_creates_a_schema_that_Validate_accepts_and_the_store_uses()
    {
        var schema = fixture.NewSchema();
        var script = PostgresSchema.GetMigrationScript(schema);
        Assert.Contains("BEGIN;", script);
        Assert.Contains("pg_advisory_xact_lock", script);
        Assert.Contains($"CREATE TABLE \"{schema}\".user_days", script);
        Assert.DoesNotContain("{schema}", script);

        await ExecuteAsync(script);
        await using var store = await fixture.NewStoreAsync(schema, configure: o => o.SchemaMode = SchemaMode.Validate);
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1)));
        Assert.Single(await ToListAsync(store.GetUserDayAsync(Org, D)));

        // Running it again fails inside its transaction (objects exist) and leaves the schema as it was; an upgrade
        // script from the current version is empty.
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(script));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedAsync(schema));
        var upgrade = PostgresSchema.GetMigrationScript(schema, PostgresSchema.CurrentVersion);
        Assert.DoesNotContain("CREATE TABLE \"" + schema + "\".user_days", upgrade);
        await ExecuteAsync(upgrade);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("a-b")]
    [InlineData("x\"; DROP SCHEMA public CASCADE; --")]
    [InlineData("1abc")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Invalid_schema_names_are_rejected_before_any_SQL(string schema)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgresMetricsStore(new PostgresStoreOptions { DataSource = fixture.DataSource, Schema = schema }));
        Assert.Contains("not a valid schema name", ex.Message);
        Assert.Throws<ArgumentException>(() => PostgresSchema.GetMigrationScript(schema));
    }

    [Fact]
    public void Options_are_validated_with_every_problem_listed()
    {
        var options = new PostgresStoreOptions { Schema = "UPPER", CommandTimeout = TimeSpan.Zero, RawCompressionLevel = 0, SchemaMode = (SchemaMode)9 };
        var ex = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains("ConnectionString or DataSource", ex.Message);
        Assert.Contains("Schema 'UPPER'", ex.Message);
        Assert.Contains("CommandTimeout", ex.Message);
        Assert.Contains("RawCompressionLevel", ex.Message);
        Assert.Contains("SchemaMode 9", ex.Message);
        Assert.Throws<ArgumentException>(() => new PostgresMetricsStore(options));
        new PostgresStoreOptions { ConnectionString = "Host=localhost" }.Validate();
    }

    [Fact]
    public async Task AddPostgresMetricsStore_registers_the_store_under_every_role_with_a_connection_string_or_the_container_s_data_source()
    {
        var schema = fixture.NewSchema();
        var services = new ServiceCollection();
        services.AddPostgresMetricsStore(o =>
        {
            o.ConnectionString = fixture.ConnectionString;
            o.Schema = schema;
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IMetricsStore>();
            Assert.Same(provider.GetRequiredService<PostgresMetricsStore>(), store);
            Assert.Same(store, provider.GetRequiredService<IMetricsReader>());
            Assert.Same(store, provider.GetRequiredService<IMetricsWriter>());
            Assert.Same(store, provider.GetRequiredService<ISyncStateStore>());
            await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1)));
        }

        var fromContainer = new ServiceCollection();
        fromContainer.AddSingleton(fixture.DataSource);
        fromContainer.AddPostgresMetricsStore(o => o.Schema = schema);
        await using (var provider = fromContainer.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IMetricsStore>();
            Assert.Single(await ToListAsync(store.GetUserDayAsync(Org, D)));
        }

        var invalid = new ServiceCollection();
        invalid.AddPostgresMetricsStore(o => o.Schema = "Not Valid");
        await using (var provider = invalid.BuildServiceProvider())
        {
            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMetricsStore>());
            Assert.Contains("ConnectionString or DataSource", ex.Message);
            Assert.Contains("not a valid schema name", ex.Message);
        }
    }

    private Task<List<int>> AppliedAsync(string schema) => fixture.QueryAsync<int>($"SELECT version FROM \"{schema}\".schema_migrations ORDER BY version");

    private async Task<bool> SchemaExistsAsync(string schema)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private Task ExecuteAsync(string sql) => fixture.ExecuteAsync(sql);

    internal static UserDayRecord User(DateOnly day, long id, string? login = null) => new()
    {
        Day = day,
        UserId = id,
        UserLogin = login ?? $"user{id}",
        UserInitiatedInteractionCount = id,
        CodeGenerationActivityCount = 2 * id,
    };

    internal static async IAsyncEnumerable<T> Stream<T>(params IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
