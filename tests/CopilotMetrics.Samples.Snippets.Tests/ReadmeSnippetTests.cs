using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using CopilotMetrics.Tests;

namespace CopilotMetrics.Samples.Snippets.Tests;

/// <summary>The README's C# is the snippets project's code, word for word, and that code runs on the simulator.</summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly string Root = RepositoryFiles.Root;
    private static readonly string SnippetsDirectory = Path.Combine(Root, "samples", "CopilotMetrics.Samples.Snippets");

    [GeneratedRegex(@"^```csharp$", RegexOptions.Multiline)]
    private static partial Regex AnyCSharpBlock();

    [GeneratedRegex(@"^(?<name>day|user|team) (?<key>[^:]+): (?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    [Fact]
    public void Every_csharp_block_of_the_README_is_its_regions_verbatim_and_every_region_is_shown()
    {
        var readme = RepositoryFiles.Readme();
        var regions = Regions();
        var blocks = RepositoryFiles.MarkedCSharpBlock().Matches(readme);

        // No unmarked block: each one is checked.
        Assert.Equal(AnyCSharpBlock().Count(readme), blocks.Count);
        Assert.NotEmpty(blocks);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match block in blocks)
        {
            var names = block.Groups["names"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in names)
            {
                Assert.True(regions.ContainsKey(name), $"README names #region {name}, which no file of {SnippetsDirectory} has.");
                shown.Add(name);
            }

            var expected = string.Join("\n\n", names.Select(n => regions[n]));
            Assert.Equal(expected, block.Groups["code"].Value);
        }

        Assert.Equal(regions.Keys.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_first_app_syncs_the_simulator_and_prints_the_series_the_top_users_and_the_teams()
    {
        var output = await RunFirstAppAsync("--CopilotMetrics:Token=", "--Logging:LogLevel:Default=Warning");

        Assert.Matches(@"org:octo-org: \d+ report-days stored, \d+ without a report yet, 0 failed", output);
        var lines = ResultLine().Matches(output).ToLookup(m => m.Groups["name"].Value);

        // The oracle: the default simulator's org:octo-org (seed 1, 120 users, 8 teams) generated here, day by day.
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = 120, Teams = 8 });
        var days = lines["day"].Select(m => DateOnly.ParseExact(m.Groups["key"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(days.Count, 26, 28); // 28 days ending yesterday, less the newest days GitHub has no report for yet
        Assert.Equal(Enumerable.Range(0, days.Count).Select(i => days[0].AddDays(i)), days);
        foreach (var (line, day) in lines["day"].Zip(days))
        {
            var aggregate = generator.GenerateAggregate(day);
            Assert.Equal($"{aggregate.DailyActiveUsers} active, {aggregate.CodeAcceptanceActivityCount} of {aggregate.CodeGenerationActivityCount} suggestions accepted", line.Groups["rest"].Value);
        }

        var users = days.SelectMany(generator.GenerateUsers)
            .GroupBy(u => u.UserLogin, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Interactions: g.Sum(u => u.UserInitiatedInteractionCount), Days: g.Count()), StringComparer.Ordinal);
        var topFive = users.Values.Select(u => u.Interactions).OrderDescending().Take(5).ToList();
        var printedUsers = lines["user"].ToList();
        Assert.Equal(5, printedUsers.Count);
        Assert.Equal(topFive, printedUsers.Select(m => users[m.Groups["key"].Value].Interactions));
        foreach (var line in printedUsers)
        {
            var expected = users[line.Groups["key"].Value];
            Assert.Equal($"{expected.Interactions} interactions on {expected.Days} day(s)", line.Groups["rest"].Value);
        }

        // Teams the documented way: a member counts as active when they have a per-user row on a day they were a member.
        var memberships = days.SelectMany(d => generator.GenerateUserTeams(d).Select(t => (Day: d, t.Slug, t.UserId))).ToList();
        var activeOn = days.SelectMany(d => generator.GenerateUsers(d).Select(u => (Day: d, u.UserId))).ToHashSet();
        var printedTeams = lines["team"].ToDictionary(m => m.Groups["key"].Value, m => m.Groups["rest"].Value, StringComparer.Ordinal);
        var expectedTeams = memberships.GroupBy(m => m.Slug!, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => $"{g.Where(m => activeOn.Contains((m.Day, m.UserId))).Select(m => m.UserId).Distinct().Count()} of {g.Select(m => m.UserId).Distinct().Count()} members active",
            StringComparer.Ordinal);
        Assert.Equal(8, expectedTeams.Count);
        Assert.Equal(expectedTeams.OrderBy(t => t.Key, StringComparer.Ordinal), printedTeams.OrderBy(t => t.Key, StringComparer.Ordinal));
    }

    /// <summary>Runs the snippets program's entry point in this process (the simulator is an HttpMessageHandler: no network), capturing what it prints.</summary>
    private static async Task<string> RunFirstAppAsync(params string[] args)
    {
        var entry = Assembly.Load("CopilotMetrics.Samples.Snippets").EntryPoint!;
        var previous = Console.Out;
        var captured = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            var result = entry.Invoke(null, [args]);
            if (result is Task task)
            {
                await task;
            }
        }
        finally
        {
            Console.SetOut(previous);
        }

        return captured.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>Every <c>#region NAME</c> … <c>#endregion</c> of the snippets project, without its common indentation.</summary>
    private static Dictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(SnippetsDirectory, "*.cs", SearchOption.TopDirectoryOnly))
        {
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var open = lines[i].Trim();
                if (!open.StartsWith("#region ", StringComparison.Ordinal))
                {
                    continue;
                }

                var name = open["#region ".Length..].Trim();
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "#endregion");
                Assert.True(end > i, $"#region {name} in {file} has no #endregion.");
                var body = lines[(i + 1)..end];
                var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
                Assert.True(regions.TryAdd(name, string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()))), $"#region {name} twice.");
                i = end;
            }
        }

        return regions;
    }
}
