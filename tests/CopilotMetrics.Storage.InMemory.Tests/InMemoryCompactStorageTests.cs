using System.Security.Cryptography;
using System.Text;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.InMemory.Tests;

/// <summary>
/// Days larger than one compressed block (1 MiB of JSON) and the counts the store computes at write time, against
/// oracles worked out from the input.
/// </summary>
public sealed class InMemoryCompactStorageTests
{
    private static readonly MetricsScope Org = MetricsScope.Organization("acme");
    private static readonly DateOnly Day = new(2026, 6, 1);
    private static readonly string[] Languages = ["c", "cpp", "csharp", "go", "java", "javascript", "kotlin", "python", "ruby", "rust", "swift", "typescript"];

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }

    // User ids 1..n; even ids use vscode, odd ids jetbrains; ids divisible by 3 have a code_completion feature row,
    // by 5 a chat_panel_agent_mode row; every user has a code_completion row for each language (about 1.9 KB of JSON).
    private static UserDayRecord User(long id) => new()
    {
        Day = Day,
        UserId = id,
        UserLogin = $"user-{id}",
        UserInitiatedInteractionCount = id % 7,
        CodeGenerationActivityCount = id,
        TotalsByIde = [new IdeTotals { Ide = id % 2 == 0 ? "vscode" : "jetbrains", CodeGenerationActivityCount = id }],
        TotalsByFeature =
        [
            .. id % 3 == 0 ? [new FeatureTotals { Feature = "code_completion", CodeGenerationActivityCount = id }] : Array.Empty<FeatureTotals>(),
            .. id % 5 == 0 ? [new FeatureTotals { Feature = "chat_panel_agent_mode", UserInitiatedInteractionCount = 1 }] : Array.Empty<FeatureTotals>(),
        ],
        TotalsByLanguageFeature = [.. Languages.Select(l => new LanguageFeatureTotals { Language = l, Feature = "code_completion", CodeGenerationActivityCount = id, LocAddedSum = id })],
    };

    private static string Sha256Lines(IEnumerable<string> json)
    {
        var text = new StringBuilder();
        foreach (var line in json)
        {
            text.Append(line).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    [Fact]
    public async Task A_per_user_day_of_several_blocks_reads_back_every_record_in_user_id_order_with_the_hash_of_that_order()
    {
        const int users = 3_000;
        var store = new InMemoryMetricsStore();
        var written = Enumerable.Range(1, users).Reverse().Select(i => User(i)).ToList();
        var expected = written.OrderBy(static r => r.UserId).Select(static r => ReportJson.Serialize(r)).ToList();
        Assert.True(expected.Sum(static j => j.Length) > 3 * 1024 * 1024, "the day must span several blocks");

        var stored = await store.ReplaceUserDayAsync(Org, Day, Stream(written));

        Assert.Equal(users, stored.Rows);
        Assert.Equal(Sha256Lines(expected), stored.ContentHash);
        var read = new List<string>();
        await foreach (var record in store.GetUserDayAsync(Org, Day))
        {
            read.Add(ReportJson.Serialize(record));
        }

        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task A_user_team_day_of_several_blocks_reads_back_in_team_then_user_order()
    {
        var store = new InMemoryMetricsStore();
        var written = (from user in Enumerable.Range(1, 4_000)
                       from team in new[] { 30L, 10L, 20L, 40L }
                       select new UserTeamRecord { Day = Day, UserId = user, UserLogin = $"user-{user}", TeamId = team, Slug = $"team-{team}" }).ToList();
        var expected = written.OrderBy(static r => r.TeamId).ThenBy(static r => r.UserId).Select(static r => ReportJson.Serialize(r)).ToList();
        Assert.True(expected.Sum(static j => j.Length) > 1024 * 1024, "the day must span several blocks");

        var stored = await store.ReplaceUserTeamDayAsync(Org, Day, Stream(written));

        Assert.Equal(Sha256Lines(expected), stored.ContentHash);
        var read = new List<string>();
        await foreach (var record in store.GetUserTeamDayAsync(Org, Day))
        {
            read.Add(ReportJson.Serialize(record));
        }

        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task Engagement_breakdowns_and_totals_of_a_large_day_match_counts_worked_out_from_the_input()
    {
        const int users = 3_000;
        var store = new InMemoryMetricsStore();
        await store.ReplaceUserDayAsync(Org, Day, Stream(Enumerable.Range(1, users).Select(i => User(i))));
        var range = new DateRange(Day, Day);

        // By hand: 1,500 even and 1,500 odd ids; 1,000 multiples of 3 (500 even); 600 of 5 (300 even);
        // engaged = interactions (id % 7) > 0: 3,000 - 428 multiples of 7.
        var engagement = (await store.GetDailyEngagementAsync(Org, range)).ToDictionary(static e => (e.Kind, e.Key), static e => e.Users);
        Assert.Equal(users, engagement[(EngagementKind.Active, "")]);
        Assert.Equal(users - 428, engagement[(EngagementKind.Engaged, "")]);
        Assert.Equal(1_500, engagement[(EngagementKind.Ide, "vscode")]);
        Assert.Equal(1_500, engagement[(EngagementKind.Ide, "jetbrains")]);
        Assert.Equal(1_000, engagement[(EngagementKind.Feature, "code_completion")]);
        Assert.Equal(600, engagement[(EngagementKind.Feature, "chat_panel_agent_mode")]);
        Assert.Equal(500, engagement[(EngagementKind.CompletionIde, "vscode")]);
        Assert.Equal(300, engagement[(EngagementKind.ChatIde, "jetbrains")]);
        Assert.All(Languages, l => Assert.Equal(users, engagement[(EngagementKind.CompletionLanguage, l)]));
        Assert.Equal(2 + 2 + 2 + Languages.Length + 2 + 2, engagement.Count);

        var ides = await store.GetBreakdownAsync(Org, range, BreakdownDimension.Ide);
        Assert.Equal([("jetbrains", 1_500), ("vscode", 1_500)], ides.Select(static r => (r.Key, r.ActiveUsers)).OrderBy(static r => r.Key));

        // The top user by generations is the last one, with its login.
        var top = await store.GetUserTotalsAsync(Org, range, new UserTotalsQuery { SortBy = UserTotalsSort.Generations, Limit = 1 });
        Assert.Equal(users, top.TotalUsers);
        Assert.Equal((users, $"user-{users}", (long)users), (top.Items[0].UserId, top.Items[0].Login, top.Items[0].Activity.CodeGenerations));
    }
}
