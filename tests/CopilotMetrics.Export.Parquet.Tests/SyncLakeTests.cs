using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Export.Parquet.Tests;

/// <summary>AddParquetLake: the lake follows the store as the sync goes.</summary>
public sealed class SyncLakeTests
{
    [Fact]
    public async Task The_sync_keeps_the_lake_in_step_with_the_store()
    {
        using var lake = new Lake();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero));
        var simulatorOptions = new GitHubSimulatorOptions { Seed = 3 };
        simulatorOptions.Scopes.Add(new SimulatedScope { Scope = LakeData.Org, Data = new ReportDataGeneratorOptions { Seed = 3, Users = 40, Teams = 4 } });
        var simulator = new GitHubSimulator(simulatorOptions, time);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddInMemoryMetricsStore();
        services.AddCopilotMetrics(o => o.MaxRetries = 0).UseGitHubSimulator(simulator).AddSyncEngine(o =>
        {
            o.Scopes.Add(LakeData.Org.ToString());
            o.BackfillDays = 6;
        });
        services.AddParquetLake(o => o.Directory = lake.Root);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IMetricsStore>();

        var result = await provider.GetRequiredService<SyncEngine>().RunAsync();

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("failed", StringComparison.Ordinal));
        var days = Directory.GetDirectories(Path.Combine(lake.Root, "dataset=users", "scope=organization_octo-org")).Length;
        Assert.InRange(days, 4, 6);
        foreach (var row in lake.Run("SELECT day, count(*) FROM users GROUP BY day ORDER BY day"))
        {
            var day = (DateOnly)row[0]!;
            Assert.Equal(simulator.ExpectedUsers(LakeData.Org, day).Count, Convert.ToInt32(row[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        // Team metrics over the synced days, from the lake and from the store.
        var range = new DateRange(simulator.LastAvailableDay.AddDays(-3), simulator.LastAvailableDay);
        var sql = Lake.Query("team-metrics").Replace("DATE '2026-06-01' AND DATE '2026-06-30'", $"DATE '{range.From:yyyy-MM-dd}' AND DATE '{range.To:yyyy-MM-dd}'", StringComparison.Ordinal);
        var fromLake = lake.Run(sql).Select(r => ((long)r[0]!, Convert.ToInt32(r[3], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var fromStore = (await store.GetTeamMetricsAsync(LakeData.Org, range)).Select(t => (t.TeamId, t.ActiveUsers)).ToList();
        Assert.NotEmpty(fromStore);
        Assert.Equal(fromStore, fromLake);
        Assert.Single(Directory.GetDirectories(Path.Combine(lake.Root, "dataset=seats", "scope=organization_octo-org")));
    }
}
