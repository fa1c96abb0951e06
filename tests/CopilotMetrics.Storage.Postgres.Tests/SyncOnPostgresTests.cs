using CopilotMetrics.Reports;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary>The sync engine against PostgreSQL: several instances sharing one database.</summary>
[Collection(PostgresTests.Name)]
public sealed class SyncOnPostgresTests(PostgresFixture fixture)
{
    private static readonly MetricsScope Org = MetricsScope.Organization("octo-org");

    [Fact]
    public async Task Four_engines_on_one_database_fetch_each_day_once_and_store_exactly_what_GitHub_serves()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero));
        var schema = fixture.NewSchema();
        var options = new GitHubSimulatorOptions();
        options.Scopes.Add(new SimulatedScope { Scope = Org, Data = new ReportDataGeneratorOptions { Seed = 5, Users = 40, Teams = 4 }, FilesPerReport = 2 });
        var simulator = new GitHubSimulator(options, time);
        var providers = new List<ServiceProvider>();
        try
        {
            // Four instances: each its own DI container, store object and connection pool, one database schema.
            var engines = new List<SyncEngine>();
            for (var i = 0; i < 4; i++)
            {
                var services = new ServiceCollection();
                services.AddSingleton<TimeProvider>(time);
                var instance = await fixture.NewStoreAsync(schema, time);
                services.AddPostgresMetricsStore(instance);
                services.AddCopilotMetrics(o => o.MaxRetries = 0).UseGitHubSimulator(simulator)
                    .AddSyncEngine(o =>
                    {
                        o.Scopes.Add(Org.ToString());
                        o.BackfillDays = 10;
                        o.WorkerId = $"worker-{i}";
                    });
                var provider = services.BuildServiceProvider();
                providers.Add(provider);
                engines.Add(provider.GetRequiredService<SyncEngine>());
            }

            var results = await Task.WhenAll(engines.Select(e => e.RunAsync()));

            Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Failures.Select(f => f.Error))));
            var window = SyncEngine.Window(Org, time.GetUtcNow(), 10)!.Value;
            var available = window.EachDay().Where(d => d <= simulator.LastAvailableDay).ToList();
            // 2026-06-10 07:00: the window is 05-31..06-09 and GitHub has reports up to 06-08.
            Assert.Equal(new DateRange(new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 8)).EachDay(), available);
            foreach (var day in available)
            {
                Assert.Equal(2, simulator.DownloadCount(Org, ReportType.Users1Day, day)); // two files, each downloaded once
                Assert.Equal(1, simulator.DownloadCount(Org, ReportType.Aggregate1Day, day));
                Assert.Equal(2, simulator.DownloadCount(Org, ReportType.Repositories1Day, day)); // two files too, each once
            }

            // Aggregate, users, user-teams and repositories per available day, the seat snapshot, and the AI-credit days of
            // the window from 2026-06-01 on (06-01..06-09: billed as soon as a day is over; 05-31 is empty without a request).
            Assert.Equal((4 * available.Count) + 1 + 9, results.Sum(r => r.Stored));
            Assert.Equal(9, simulator.Requests.Count(r => r.Path.EndsWith("/settings/billing/ai_credit/usage", StringComparison.Ordinal)));
            var store = providers[0].GetRequiredService<IMetricsStore>();
            foreach (var day in available)
            {
                var stored = new List<string>();
                await foreach (var user in store.GetUserDayAsync(Org, day))
                {
                    stored.Add(ReportJson.Serialize(user));
                }

                Assert.Equal(simulator.ExpectedUsers(Org, day).Select(ReportJson.Serialize).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }
}
