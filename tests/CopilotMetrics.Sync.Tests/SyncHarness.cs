using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Sync.Tests;

/// <summary>
/// A sync engine wired like an app: the real client on the offline simulator, a store, a fake clock. Unless
/// <c>allDatasets</c> is set it syncs the four datasets the engine tests count report-days of (aggregate, users,
/// user-teams, seats); <see cref="DatasetSyncTests"/> runs the defaults, repositories and AI credits included.
/// </summary>
internal sealed class SyncHarness : IDisposable
{
    private readonly Lazy<SyncEngine> _engine;

    public static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    public static readonly MetricsScope Ent = MetricsScope.Enterprise("octo-ent");

    public SyncHarness(Action<SyncOptions>? configure = null, IMetricsStore? store = null, GitHubSimulator? simulator = null, int seed = 1, FakeTimeProvider? time = null, int users = 30, Action<ICopilotMetricsBuilder>? extra = null, Action<CopilotMetricsOptions>? client = null, bool allDatasets = false)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero));
        Simulator = simulator ?? NewSimulator(Time, seed, users);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        if (store is null)
        {
            services.AddInMemoryMetricsStore();
        }
        else
        {
            services.AddSingleton(store);
            services.AddSingleton<IMetricsWriter>(store);
            services.AddSingleton<ISyncStateStore>(store);
        }

        var builder = services.AddCopilotMetrics(o =>
            {
                o.MaxRetries = 0; // the engine's own retries across runs are under test
                client?.Invoke(o);
            })
            .UseGitHubSimulator(Simulator);

        builder.AddSyncEngine(o =>
        {
            o.Scopes.Add(Org.ToString());
            o.BackfillDays = 10;
            o.RetryBackoff = TimeSpan.Zero;
            o.MaxConcurrency = 4;
            if (!allDatasets)
            {
                o.Datasets.Remove(SyncDataset.Repositories);
                o.Datasets.Remove(SyncDataset.AiCredits);
            }

            configure?.Invoke(o);
        });
        extra?.Invoke(builder);
        Provider = services.BuildServiceProvider();
        _engine = new Lazy<SyncEngine>(Provider.GetRequiredService<SyncEngine>);
        Store = Provider.GetRequiredService<IMetricsStore>();
    }

    public FakeTimeProvider Time { get; }

    public GitHubSimulator Simulator { get; }

    public ServiceProvider Provider { get; }

    public SyncEngine Engine => _engine.Value;

    public IMetricsStore Store { get; }

    public static GitHubSimulator NewSimulator(TimeProvider time, int seed, int users)
    {
        var options = new GitHubSimulatorOptions { Seed = seed };
        options.Scopes.Add(new SimulatedScope { Scope = Org, Data = new ReportDataGeneratorOptions { Seed = seed, Users = users, Teams = 4 }, FilesPerReport = 2 });
        options.Scopes.Add(new SimulatedScope { Scope = Ent, Data = new ReportDataGeneratorOptions { Seed = seed + 100, Users = users, Teams = 4, OrganizationId = null } });
        return new GitHubSimulator(options, time);
    }

    /// <summary>The days that the simulator has reports for in the engine's window.</summary>
    public IEnumerable<DateOnly> AvailableDays(MetricsScope scope, int backfillDays = 10)
    {
        var window = SyncEngine.Window(scope, Time.GetUtcNow(), backfillDays)!.Value;
        return window.EachDay().Where(d => d <= Simulator.LastAvailableDay && d >= Simulator.FirstAvailableDay(scope));
    }

    /// <summary>Asserts that the store holds exactly what the simulator serves, field for field.</summary>
    public async Task AssertStoreEqualsOracle(MetricsScope scope, int backfillDays = 10)
    {
        foreach (var day in AvailableDays(scope, backfillDays))
        {
            var expectedUsers = Simulator.ExpectedUsers(scope, day).Select(ReportJson.Serialize).ToList();
            var storedUsers = new List<string>();
            await foreach (var user in Store.GetUserDayAsync(scope, day))
            {
                storedUsers.Add(ReportJson.Serialize(user));
            }

            Assert.Equal(expectedUsers.Order(StringComparer.Ordinal), storedUsers.Order(StringComparer.Ordinal));

            var expectedTeams = Simulator.ExpectedUserTeams(scope, day).Select(ReportJson.Serialize).Order(StringComparer.Ordinal).ToList();
            var storedTeams = new List<string>();
            await foreach (var team in Store.GetUserTeamDayAsync(scope, day))
            {
                storedTeams.Add(ReportJson.Serialize(team));
            }

            Assert.Equal(expectedTeams, storedTeams.Order(StringComparer.Ordinal));

            var aggregate = Simulator.ExpectedAggregate(scope, day);
            var stored = new List<AggregateDayRecord>();
            await foreach (var a in Store.GetAggregateDaysAsync(scope, new DateRange(day, day)))
            {
                stored.Add(a);
            }

            Assert.Equal(ReportJson.Serialize(aggregate!), ReportJson.Serialize(Assert.Single(stored)));
        }
    }

    public void Dispose() => Provider.Dispose();
}
