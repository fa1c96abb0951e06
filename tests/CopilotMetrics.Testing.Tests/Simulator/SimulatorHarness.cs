using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using CopilotMetrics.Tests;

namespace CopilotMetrics.Testing.Tests.Simulator;

/// <summary>The real client from DI, talking to a <see cref="GitHubSimulator"/> on a fake clock.</summary>
internal sealed class SimulatorHarness : IDisposable
{
    /// <summary>Thursday 2026-03-12 09:30 UTC: the last available day is Tuesday 2026-03-10.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 12, 9, 30, 0, TimeSpan.Zero);

    public static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    public static readonly MetricsScope Ent = MetricsScope.Enterprise("octo-ent");

    /// <summary>A Monday with reports.</summary>
    public static readonly DateOnly Day = new(2026, 3, 9);

    public SimulatorHarness(Action<GitHubSimulatorOptions>? simulator = null, Action<CopilotMetricsOptions>? client = null, DateTimeOffset? start = null)
    {
        Time = new(start ?? Start);
        var options = new GitHubSimulatorOptions
        {
            Scopes =
            {
                new SimulatedScope { Scope = Org, Data = new ReportDataGeneratorOptions { Seed = 11, Users = 40, Teams = 4 } },
                new SimulatedScope { Scope = Ent, Data = new ReportDataGeneratorOptions { Seed = 12, Users = 60, Teams = 5, OrganizationId = null } },
            },
        };
        simulator?.Invoke(options);
        Sim = new GitHubSimulator(options, Time);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging();
        services.AddCopilotMetrics(o =>
            {
                o.MaxRetries = 3;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                // Far beyond any wait a test lets pass, so that AdvanceUntilDone never moves the clock onto a timeout.
                o.AttemptTimeout = TimeSpan.FromHours(12);
                o.TotalTimeout = TimeSpan.FromDays(1);
                client?.Invoke(o);
            })
            .UseGitHubSimulator(Sim);
        Provider = services.BuildServiceProvider();
        Client = Provider.GetRequiredService<CopilotMetricsClient>();
    }

    public WaitAwareTimeProvider Time { get; }

    public GitHubSimulator Sim { get; }

    public ServiceProvider Provider { get; }

    public CopilotMetricsClient Client { get; }

    public IEnumerable<SimulatorRequest> Downloads => Sim.Requests.Where(r => r.Target == FaultTarget.Download);

    public IEnumerable<SimulatorRequest> Envelopes => Sim.Requests.Where(r => r.Target == FaultTarget.Envelope);

    public static List<string> Json<T>(IEnumerable<T> records)
        where T : ReportObject =>
        records.Select(r => ReportJson.Serialize(r)).ToList();

    public static void AssertSameRecords<T>(IEnumerable<T> expected, IEnumerable<T> actual)
        where T : ReportObject
    {
        var e = Json(expected);
        var a = Json(actual);
        Assert.NotEmpty(e);
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i], a[i]);
        }
    }

    /// <summary>The client never sent the token to the download host.</summary>
    public void AssertNoTokenLeak()
    {
        Assert.Equal(0, Sim.TokenLeaks);
        Assert.DoesNotContain(Downloads, r => r.HasAuthorization);
        Assert.All(Envelopes, r => Assert.True(r.HasAuthorization));
    }

    /// <summary>Lets <paramref name="task"/> run, moving the fake clock exactly to each wait it starts (retry waits are on it); returns the fake time that passed.</summary>
    public Task<TimeSpan> AdvanceUntilDone(Task task, TimeSpan max) => Time.AdvanceUntilDone(task, max);

    public void Dispose() => Provider.Dispose();
}
