using System.Collections;
using CopilotMetrics.Reports;
using static CopilotMetrics.Testing.Tests.Simulator.SimulatorHarness;

namespace CopilotMetrics.Testing.Tests.Simulator;

/// <summary>The simulator on a day after GitHub's July–September 2026 additions: every report carries them, typed through.</summary>
public sealed class GitHubSimulator2026Tests
{
    /// <summary>Thursday 2026-10-08 09:30 UTC: the last available day is Tuesday 2026-10-06.</summary>
    private static readonly DateTimeOffset Late = new(2026, 10, 8, 9, 30, 0, TimeSpan.Zero);

    private static readonly DateOnly Monday = new(2026, 10, 5);

    private static SimulatorHarness LateHarness()
    {
        var h = new SimulatorHarness(o =>
        {
            // More users than the default harness, so that rare surfaces (third-party agents, plugins) occur.
            o.Scopes[0].Data.Users = 400;
            o.Scopes[1].Data.Users = 500;
        });
        h.Time.SetUtcNow(Late);
        return h;
    }

    [Fact]
    public async Task Every_report_of_every_scope_holds_only_typed_properties()
    {
        using var h = LateHarness();
        var c = h.Client;
        var records = new List<ReportObject>();
        foreach (var scope in new[] { Org, Ent })
        {
            records.AddRange(await c.ReadUsersAsync(scope, Monday).ToListAsync());
            records.AddRange(await c.ReadUsers28DayAsync(scope).ToListAsync());
            records.AddRange(await c.ReadUserTeamsAsync(scope, Monday).ToListAsync());
            records.AddRange(await c.ReadRepositoriesAsync(scope, Monday).ToListAsync());
            records.AddRange(await c.ReadAggregateDaysAsync(scope, Monday).ToListAsync());
            records.AddRange(await c.ReadAggregate28DayAsync(scope).ToListAsync());
        }

        // No unknown property on any object, nested ones included: the simulator writes GitHub's fields and we type them all.
        var objects = records.SelectMany(Graph).ToList();
        Assert.All(objects, o => Assert.True(o.AdditionalProperties is null or { Count: 0 }, $"{o.GetType().Name}: {string.Join(", ", o.AdditionalProperties?.Keys ?? [])}"));

        // And the new fields are there (the check above is not vacuous).
        var types = objects.Select(o => o.GetType()).ToHashSet();
        Assert.Superset(
            new HashSet<Type> { typeof(CopilotAppTotals), typeof(VscodeAgentTotals), typeof(ThirdPartyAgentTotals), typeof(SkillTotals), typeof(CustomAgentTotals), typeof(McpTotals), typeof(SlashCommandTotals), typeof(PluginTotals), typeof(PullRequestReviewTimes), typeof(PullRequestTotals) },
            types);
        Assert.Contains(records.OfType<AggregateDayRecord>(), a => a.DistinctSkillUseCount > 0 && a.DailyActiveVscodeAgentUsers > 0 && a.MonthlyActiveCliUsers > 0);
        Assert.All(records.OfType<RepositoryDayRecord>(), r => Assert.True(r.RepositoryOwnerName is not null && r.RepositoryVisibility is not null && r.PullRequests is not null && r.PullRequestReviewTimes is not null));
        Assert.Contains(records.OfType<RepositoryDayRecord>(), r => r.RepositoryOwnerName == "octo-org");
        Assert.Contains(records.OfType<RepositoryDayRecord>(), r => r.RepositoryOwnerName!.StartsWith("octo-ent-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("org:octo-org")]
    [InlineData("enterprise:octo-ent")]
    public async Task The_oracles_give_exactly_the_records_served_with_the_new_fields(string scopeText)
    {
        using var h = LateHarness();
        var scope = MetricsScope.Parse(scopeText);
        var c = h.Client;

        var users = h.Sim.ExpectedUsers(scope, Monday);
        AssertSameRecords(users, await c.ReadUsersAsync(scope, Monday).ToListAsync());
        AssertSameRecords(h.Sim.ExpectedRepositories(scope, Monday), await c.ReadRepositoriesAsync(scope, Monday).ToListAsync());
        AssertSameRecords([h.Sim.ExpectedAggregate(scope, Monday)!], await c.ReadAggregateDaysAsync(scope, Monday).ToListAsync());
        AssertSameRecords(h.Sim.ExpectedUsers28Day(scope), await c.ReadUsers28DayAsync(scope).ToListAsync());
        AssertSameRecords(h.Sim.ExpectedAggregate28Day(scope), await c.ReadAggregate28DayAsync(scope).ToListAsync());

        // The oracles carry the new fields, and the repository oracle agrees with the aggregate oracle.
        Assert.All(users, u => Assert.NotNull(u.UsedCopilotApp));
        Assert.Contains(users, u => u.TotalsBySkill.Count > 0);
        var aggregate = h.Sim.ExpectedAggregate(scope, Monday)!;
        var repositories = h.Sim.ExpectedRepositories(scope, Monday);
        Assert.Equal(aggregate.PullRequests!.TotalMerged, repositories.Sum(r => r.PullRequests!.TotalMerged));
        Assert.Equal(aggregate.PullRequests.TotalCopilotSuggestions, repositories.Sum(r => r.PullRequests!.TotalCopilotSuggestions));
        Assert.Equal(users.Count(u => u.UsedCopilotApp == true), aggregate.DailyActiveCopilotAppUsers ?? 0);
    }

    [Fact]
    public async Task A_correction_scales_the_repository_rows_with_the_aggregate()
    {
        using var h = LateHarness();
        var before = h.Sim.ExpectedRepositories(Org, Monday);
        h.Sim.Correct(Org, Monday);

        var after = await h.Client.ReadRepositoriesAsync(Org, Monday).ToListAsync();
        var aggregate = Assert.Single(await h.Client.ReadAggregateDaysAsync(Org, Monday).ToListAsync());

        Assert.Equal(before.Sum(r => r.PullRequests!.TotalCopilotSuggestions) * 2, after.Sum(r => r.PullRequests!.TotalCopilotSuggestions));
        Assert.Equal(aggregate.PullRequests!.TotalCopilotSuggestions, after.Sum(r => r.PullRequests!.TotalCopilotSuggestions));
        AssertSameRecords(h.Sim.ExpectedRepositories(Org, Monday), after);
    }

    /// <summary>A record and every report object under it (nested objects and list entries).</summary>
    private static IEnumerable<ReportObject> Graph(ReportObject root)
    {
        yield return root;
        foreach (var property in root.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == nameof(ReportObject.AdditionalProperties))
            {
                continue;
            }

            switch (property.GetValue(root))
            {
                case ReportObject child:
                    foreach (var o in Graph(child))
                    {
                        yield return o;
                    }

                    break;
                case IEnumerable items and not string:
                    foreach (var item in items.OfType<ReportObject>())
                    {
                        foreach (var o in Graph(item))
                        {
                            yield return o;
                        }
                    }

                    break;
            }
        }
    }
}
