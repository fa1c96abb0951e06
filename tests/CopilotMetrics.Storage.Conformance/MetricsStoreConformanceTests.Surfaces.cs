using CopilotMetrics.Reports;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>Distinct users per surface, for the scope and for a team, against a LINQ oracle over generated data.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    [Fact]
    public async Task Surface_users_agree_with_a_LINQ_oracle_for_the_scope_and_for_teams()
    {
        // 150 users x 10 days from 2026-09-12: every surface is generated (the app, VS Code agents, third-party agents).
        var store = await NewStoreAsync();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 15, Users = 150, Teams = 8 });
        var first = new DateOnly(2026, 9, 12);
        var users = new Dictionary<DateOnly, List<UserDayRecord>>();
        var teams = new Dictionary<DateOnly, List<UserTeamRecord>>();
        foreach (var day in new DateRange(first, first.AddDays(9)).EachDay())
        {
            users[day] = [.. generator.GenerateUsers(day)];
            teams[day] = [.. generator.GenerateUserTeams(day).Where(t => (t.UserId + t.TeamId + day.DayNumber) % 5 != 0)];
            await store.ReplaceUserDayAsync(Org, day, Stream(users[day]));
            if (day != first.AddDays(4))
            {
                await store.ReplaceUserTeamDayAsync(Org, day, Stream(teams[day]));
            }
        }

        var range = new DateRange(first.AddDays(1), first.AddDays(8));
        var scope = await store.GetSurfaceUsersAsync(Org, range, teamId: null);
        var expected = Oracle(range, _ => null);
        Assert.Equal(expected, scope);
        foreach (var key in (string[])[SurfaceKeys.Completions, SurfaceKeys.Chat, SurfaceKeys.AgentMode, SurfaceKeys.CloudAgent, SurfaceKeys.CodeReviewActive, SurfaceKeys.CodeReviewPassive, SurfaceKeys.Cli, SurfaceKeys.CopilotApp, SurfaceKeys.VscodeAgent])
        {
            Assert.Contains(scope, r => r.Day is null && r.Surface == key);
        }

        Assert.Contains(scope, r => r.Surface.StartsWith(SurfaceKeys.ChatModePrefix, StringComparison.Ordinal));
        Assert.Contains(scope, r => r.Surface.StartsWith(SurfaceKeys.ThirdPartyAgentPrefix, StringComparison.Ordinal));

        foreach (var team in teams.Values.SelectMany(t => t).Select(t => t.TeamId).Distinct().Order().Take(3))
        {
            var actual = await store.GetSurfaceUsersAsync(Org, range, team);
            Assert.Equal(Oracle(range, day => day == first.AddDays(4) ? [] : teams[day].Where(t => t.TeamId == team).Select(t => t.UserId).ToHashSet()), actual);
            Assert.DoesNotContain(actual, r => r.Day == first.AddDays(4));
            Assert.Contains(actual, r => r.Day is null && r.Surface == SurfaceKeys.Members);
        }

        Assert.Empty(await store.GetSurfaceUsersAsync(Org, range, teamId: 999_999));
        Assert.Empty(await store.GetSurfaceUsersAsync(Enterprise, range, teamId: null));

        // The oracle: each row's surfaces by hand, users counted per day and over the range (sets, never sums).
        List<SurfaceUserCount> Oracle(DateRange r, Func<DateOnly, HashSet<long>?> membersOf)
        {
            var pairs = new List<(DateOnly Day, string Key, long User)>();
            foreach (var day in r.EachDay())
            {
                var members = membersOf(day);
                if (members is not null)
                {
                    pairs.AddRange(members.Select(m => (day, SurfaceKeys.Members, m)));
                }

                foreach (var row in users[day].Where(u => members is null || members.Contains(u.UserId)))
                {
                    pairs.AddRange(HandSurfaces(row).Append(SurfaceKeys.Active).Select(k => (day, k, row.UserId)));
                }
            }

            return
            [
                .. pairs.GroupBy(p => (p.Day, p.Key)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Key, StringComparer.Ordinal)
                    .Select(g => new SurfaceUserCount(g.Key.Day, g.Key.Key, g.Select(p => p.User).Distinct().Count())),
                .. pairs.GroupBy(p => p.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new SurfaceUserCount(null, g.Key, g.Select(p => p.User).Distinct().Count())),
            ];
        }

        static IEnumerable<string> HandSurfaces(UserDayRecord u)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in u.TotalsByFeature.Select(f => f.Feature ?? ""))
            {
                if (f == "code_completion")
                {
                    keys.Add("completions");
                }
                else if (f.StartsWith("chat_", StringComparison.Ordinal))
                {
                    keys.Add("chat_mode:" + f);
                }
            }

            (bool Used, string Key)[] flags =
            [
                (u.UsedChat, "chat"), (u.UsedAgent, "agent_mode"), (u.UsedCopilotCloudAgent || u.UsedCopilotCodingAgent, "cloud_agent"),
                (u.UsedCopilotCodeReviewActive == true, "code_review_active"), (u.UsedCopilotCodeReviewPassive == true, "code_review_passive"),
                (u.UsedCli, "cli"), (u.UsedCopilotApp == true, "copilot_app"), (u.UsedVscodeAgent == true, "vscode_agent"),
            ];
            keys.UnionWith(flags.Where(f => f.Used).Select(f => f.Key));
            keys.UnionWith(u.TotalsByThirdPartyAgent.Select(a => "third_party_agent:" + (a.AgentId ?? a.AgentName)));
            return keys;
        }
    }
}
