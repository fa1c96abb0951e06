using CopilotMetrics.Storage.InMemory;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary>What the SQLite store adds to the contract: migrations, WAL, registration, backup and copying between stores.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 6, 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Opening_creates_the_folder_and_file_in_WAL_mode_and_records_the_migrations_once()
    {
        var path = _folder.File("nested/dir/metrics.db");
        using (var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path }))
        {
            await store.InitializeAsync();
        }

        // A second store (another process) finds the work done.
        using (var again = new SqliteMetricsStore(new SqliteStoreOptions { Path = path }))
        {
            await again.InitializeAsync();
            await again.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, 3, 1));
        }

        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteMetricsStore.SchemaVersion, Scalar(path, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal("0001_initial", Scalar(path, "SELECT name FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task A_file_of_a_newer_schema_is_refused_with_the_versions_named()
    {
        var path = _folder.File("metrics.db");
        using (var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path }))
        {
            await store.InitializeAsync();
        }

        Scalar(path, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 0)");
        using var old = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => old.InitializeAsync());
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSqliteMetricsStore_registers_every_role_as_one_store_and_validates_on_start()
    {
        var services = new ServiceCollection();
        services.AddSqliteMetricsStore(o => o.Path = _folder.File("metrics.db"));
        using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<SqliteMetricsStore>();
            Assert.Same(store, provider.GetRequiredService<IMetricsStore>());
            Assert.Same(store, provider.GetRequiredService<IMetricsReader>());
            Assert.Same(store, provider.GetRequiredService<IMetricsWriter>());
            Assert.Same(store, provider.GetRequiredService<ISyncStateStore>());
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSqliteMetricsStore(o => o.BusyTimeout = TimeSpan.Zero);
        using var host = builder.Build();
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(failure.Failures, f => f.Contains("Path is required", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("BusyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backup_is_one_file_that_opens_as_a_store_with_the_same_data()
    {
        var path = _folder.File("metrics.db");
        var backup = _folder.File("backups/metrics-backup.db");
        using var store = new SqliteMetricsStore(new SqliteStoreOptions { Path = path });
        var stored = await store.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, 50, 7));
        await store.BackupAsync(backup);
        await store.ReplaceUserDayAsync(Crash.Scope, Day, Crash.Records(Day, 50, 8));

        Assert.True(File.Exists(backup));
        Assert.False(File.Exists(backup + "-wal"));
        using var restored = new SqliteMetricsStore(new SqliteStoreOptions { Path = backup });
        var totals = await restored.GetUserTotalsAsync(Crash.Scope, new DateRange(Day, Day), new UserTotalsQuery());
        Assert.Equal(50, totals.TotalUsers);
        Assert.All(totals.Items, u => Assert.Equal(7, u.Activity.UserInitiatedInteractions));
        var copy = new InMemoryMetricsStore();
        var again = await copy.ReplaceUserDayAsync(Crash.Scope, Day, restored.GetUserDayAsync(Crash.Scope, Day));
        Assert.Equal(stored.ContentHash, again.ContentHash);
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
