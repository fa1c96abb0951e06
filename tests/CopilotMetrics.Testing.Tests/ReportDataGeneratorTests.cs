using System.Text;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Testing.Tests;

/// <summary>The deterministic report data generator: reproducible, random-access by day, internally consistent, realistic in size.</summary>
public sealed class ReportDataGeneratorTests
{
    private static readonly DateOnly Wednesday = new(2026, 6, 3);

    private static readonly string[] ChatFeatures =
        ["chat_inline", "chat_panel_ask_mode", "chat_panel_edit_mode", "chat_panel_agent_mode", "chat_panel_plan_mode", "chat_panel_custom_mode"];

    private static ReportDataGenerator Generator(int seed = 1, int users = 300, string? organizationId = "9917342") =>
        new(new ReportDataGeneratorOptions { Seed = seed, Users = users, OrganizationId = organizationId });

    [Fact]
    public void Same_seed_gives_identical_bytes_twice()
    {
        var first = Generator(seed: 7);
        var second = Generator(seed: 7);

        var users = ReportDataGenerator.ToNdjson(first.GenerateUsers(Wednesday));
        Assert.NotEmpty(users);
        Assert.Equal(users, ReportDataGenerator.ToNdjson(second.GenerateUsers(Wednesday)));
        Assert.Equal(users, ReportDataGenerator.ToNdjson(first.GenerateUsers(Wednesday)));
        Assert.Equal(ReportDataGenerator.ToNdjson(first.GenerateUserTeams(Wednesday)), ReportDataGenerator.ToNdjson(second.GenerateUserTeams(Wednesday)));
        Assert.Equal(ReportJson.SerializeToUtf8Bytes(first.GenerateAggregate(Wednesday)), ReportJson.SerializeToUtf8Bytes(second.GenerateAggregate(Wednesday)));
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_in_every_process()
    {
        // A digest pinned in the source catches anything process- or runtime-dependent (string.GetHashCode,
        // Random's algorithm, culture-sensitive formatting). Update the constant only when the model changes on purpose.
        var bytes = ReportDataGenerator.ToNdjson(Generator(seed: 3, users: 50).GenerateUsers(Wednesday));

        Assert.Equal(73_917, bytes.Length);
        Assert.Equal(0x636FF579C8062D63UL, Fnv1a(bytes));
        Assert.StartsWith("{\"day\":\"2026-06-03\",\"enterprise_id\":\"48213\",\"organization_id\":\"9917342\",\"user_id\":4132006,\"user_login\":\"user0002\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_seeds_give_different_data()
    {
        var one = ReportDataGenerator.ToNdjson(Generator(seed: 1).GenerateUsers(Wednesday));
        var two = ReportDataGenerator.ToNdjson(Generator(seed: 2).GenerateUsers(Wednesday));

        Assert.NotEqual(one, two);
        var idsOne = Generator(seed: 1).GenerateUserTeams(Wednesday).Select(t => t.UserId).Distinct().ToList();
        var idsTwo = Generator(seed: 2).GenerateUserTeams(Wednesday).Select(t => t.UserId).Distinct().ToList();
        Assert.NotEqual(idsOne, idsTwo);
    }

    [Fact]
    public void A_day_generated_alone_equals_the_same_day_generated_after_others()
    {
        var warmed = Generator(seed: 5);
        foreach (var earlier in new[] { Wednesday.AddDays(-3), Wednesday.AddDays(-2), Wednesday.AddDays(-1), Wednesday.AddDays(30) })
        {
            _ = ReportDataGenerator.ToNdjson(warmed.GenerateUsers(earlier));
            _ = warmed.GenerateAggregate(earlier);
        }

        var afterOthers = ReportDataGenerator.ToNdjson(warmed.GenerateUsers(Wednesday));
        var alone = ReportDataGenerator.ToNdjson(Generator(seed: 5).GenerateUsers(Wednesday));

        Assert.Equal(alone, afterOthers);

        // Enumerating two days interleaved changes nothing either.
        var a = Generator(seed: 5).GenerateUsers(Wednesday).GetEnumerator();
        var b = Generator(seed: 5).GenerateUsers(Wednesday.AddDays(1)).GetEnumerator();
        var interleaved = new List<UserDayRecord>();
        while (a.MoveNext())
        {
            interleaved.Add(a.Current);
            b.MoveNext();
        }

        Assert.Equal(alone, ReportDataGenerator.ToNdjson(interleaved));
    }

    [Fact]
    public void Records_are_ordered_by_user_id_and_scoped_as_configured()
    {
        var organization = Generator().GenerateUsers(Wednesday).ToList();
        Assert.Equal(organization.Select(r => r.UserId).Order(), organization.Select(r => r.UserId));
        Assert.Equal(organization.Count, organization.Select(r => r.UserId).Distinct().Count());
        Assert.All(organization, r => Assert.Equal(("48213", "9917342", Wednesday), (r.EnterpriseId, r.OrganizationId, r.Day)));

        var enterprise = Generator(organizationId: null).GenerateUsers(Wednesday).ToList();
        Assert.All(enterprise, r => Assert.Null(r.OrganizationId));
        Assert.DoesNotContain("organization_id", Encoding.UTF8.GetString(ReportDataGenerator.ToNdjson(enterprise)), StringComparison.Ordinal);
        Assert.DoesNotContain("organization_id", ReportJson.Serialize(Generator(users: 30, organizationId: null).GenerateAggregate(Wednesday)), StringComparison.Ordinal);
    }

    [Fact]
    public void Weekdays_are_busier_than_weekends()
    {
        var generator = Generator(users: 2000);
        var weekday = generator.GenerateUsers(Wednesday).Count();
        var saturday = generator.GenerateUsers(new DateOnly(2026, 6, 6)).Count();

        Assert.InRange(weekday, 2000 * 0.55, 2000 * 0.75);
        Assert.InRange(saturday, 2000 * 0.08, 2000 * 0.22);
    }

    [Fact]
    public void Counters_equal_the_sum_of_feature_rows_and_of_ide_rows()
    {
        var records = Generator(users: 1000).GenerateUsers(Wednesday).ToList();
        Assert.NotEmpty(records);
        foreach (var r in records)
        {
            var counters = Counters(r);
            Assert.Equal(counters, Sum(r.TotalsByFeature));
            Assert.Equal(counters, Sum(r.TotalsByIde));

            // Language rows split the same activity (without the interaction count, which they do not carry).
            foreach (var feature in r.TotalsByFeature)
            {
                var languages = Sum(r.TotalsByLanguageFeature.Where(l => l.Feature == feature.Feature));
                Assert.Equal(Counters(feature) with { Interactions = 0 }, languages);
            }

            var chat = Sum(r.TotalsByFeature.Where(f => ChatFeatures.Contains(f.Feature)));
            Assert.Equal(chat, Sum(r.TotalsByModelFeature));
            Assert.Equal(chat with { Interactions = 0 }, Sum(r.TotalsByLanguageModel));
            Assert.All(r.TotalsByLanguageFeature.Concat<ActivityTotals>(r.TotalsByLanguageModel), l => Assert.Equal(0, l.UserInitiatedInteractionCount));
            Assert.Equal(0, r.LocSuggestedToDeleteSum);
        }
    }

    [Fact]
    public void Breakdowns_and_flags_are_realistic_and_consistent()
    {
        var records = Generator(users: 1000).GenerateUsers(new DateOnly(2026, 7, 1)).ToList();
        foreach (var r in records)
        {
            var features = r.TotalsByFeature.Select(f => f.Feature).ToList();
            Assert.InRange(r.TotalsByIde.Count, 1, 2);
            Assert.InRange(features.Count, 1, 6);
            Assert.Equal(features.Count, features.Distinct().Count());
            Assert.InRange(r.TotalsByLanguageFeature.Count, 3, 12);
            // Model rows come from chat only: none without chat, and every chat feature has at least one (at most six rows).
            var chatFeatures = features.Where(ChatFeatures.Contains).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(chatFeatures, r.TotalsByModelFeature.Select(m => m.Feature).Distinct().Order(StringComparer.Ordinal));
            Assert.InRange(r.TotalsByModelFeature.Count, chatFeatures.Count, 6);
            Assert.Equal(chatFeatures.Count == 0, r.TotalsByLanguageModel.Count == 0);
            Assert.InRange(r.TotalsByLanguageModel.Count, Math.Min(1, chatFeatures.Count), 6);

            Assert.Equal(features.Contains("chat_panel_agent_mode") || features.Contains("agent_edit"), r.UsedAgent);
            Assert.Equal(features.Any(ChatFeatures.Contains), r.UsedChat);
            Assert.Equal(r.TotalsByCli is not null, r.UsedCli);
            Assert.Equal(r.UsedCopilotCodingAgent, r.UsedCopilotCloudAgent);
            Assert.True(!features.Contains("agent_edit") || features.Contains("chat_panel_agent_mode"));
            Assert.All(r.TotalsByFeature.Where(f => f.Feature == "agent_edit"), f => Assert.Equal((0L, 0L, 0L), (f.UserInitiatedInteractionCount, f.CodeAcceptanceActivityCount, f.LocSuggestedToAddSum)));

            Assert.NotNull(r.AiAdoptionPhase);
            Assert.NotNull(r.AiCreditsUsed);
            Assert.All(r.TotalsByIde, ide =>
            {
                Assert.False(string.IsNullOrEmpty(ide.LastKnownIdeVersion?.Version));
                Assert.False(string.IsNullOrEmpty(ide.LastKnownPluginVersion?.Version));
                Assert.Equal(r.Day, DateOnly.FromDateTime(ide.LastKnownIdeVersion!.SampledAt!.Value.UtcDateTime));
            });
            Assert.True(r.CodeAcceptanceActivityCount <= r.CodeGenerationActivityCount);
        }

        // The mix: vscode leads, several IDEs and features occur, some users use the CLI, credits only from 2026-06-19.
        var ides = records.SelectMany(r => r.TotalsByIde).GroupBy(i => i.Ide).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        Assert.Equal("vscode", ides[0]);
        Assert.True(ides.Count >= 4);
        Assert.True(records.SelectMany(r => r.TotalsByFeature).Select(f => f.Feature).Distinct().Count() >= 6);
        Assert.Contains(records, r => r.UsedCli);
        Assert.Contains(records, r => r.TotalsByIde.Count == 2);
        Assert.Contains(records, r => !r.UsedChat);
        Assert.All(Generator(users: 100).GenerateUsers(new DateOnly(2026, 6, 18)), r => Assert.Null(r.AiCreditsUsed));
    }

    [Fact]
    public void Aggregate_counts_equal_distinct_users_recomputed_from_the_user_records()
    {
        var generator = Generator(users: 400);
        var window = Enumerable.Range(0, 28).Select(d => Wednesday.AddDays(-d))
            .ToDictionary(day => day, day => generator.GenerateUsers(day).ToList());
        int Distinct(int days, Func<UserDayRecord, bool> filter) =>
            window.Where(kv => kv.Key > Wednesday.AddDays(-days)).SelectMany(kv => kv.Value).Where(filter).Select(r => r.UserId).Distinct().Count();

        var aggregate = generator.GenerateAggregate(Wednesday);

        Assert.Equal(Wednesday, aggregate.Day);
        Assert.Equal(window[Wednesday].Count, aggregate.DailyActiveUsers);
        Assert.Equal(Distinct(7, _ => true), aggregate.WeeklyActiveUsers);
        Assert.Equal(Distinct(28, _ => true), aggregate.MonthlyActiveUsers);
        Assert.Equal(Distinct(28, r => r.UsedChat), aggregate.MonthlyActiveChatUsers);
        Assert.Equal(Distinct(28, r => r.UsedAgent), aggregate.MonthlyActiveAgentUsers);
        Assert.Equal(Distinct(7, r => r.UsedCopilotCloudAgent), aggregate.WeeklyActiveCopilotCloudAgentUsers);
        Assert.Equal(Distinct(28, r => r.UsedCopilotCodeReviewActive == true), aggregate.MonthlyActiveCopilotCodeReviewUsers);
        Assert.True(aggregate.DailyActiveUsers < aggregate.WeeklyActiveUsers && aggregate.WeeklyActiveUsers < aggregate.MonthlyActiveUsers);
        Assert.True(aggregate.MonthlyActiveUsers <= 400);

        // Counters and breakdowns are sums over the day's users, grouped by their keys.
        var users = window[Wednesday];
        Assert.Equal(Sum(users), Counters(aggregate));
        Assert.Equal(Sum(aggregate.TotalsByFeature), Counters(aggregate));
        Assert.Equal(Sum(aggregate.TotalsByIde), Counters(aggregate));
        foreach (var row in aggregate.TotalsByFeature)
        {
            Assert.Equal(Sum(users.SelectMany(u => u.TotalsByFeature).Where(f => f.Feature == row.Feature)), Counters(row));
        }

        foreach (var row in aggregate.TotalsByLanguageModel)
        {
            Assert.Equal(Sum(users.SelectMany(u => u.TotalsByLanguageModel).Where(f => f.Language == row.Language && f.Model == row.Model)), Counters(row));
        }

        Assert.Equal(users.SelectMany(u => u.TotalsByModelFeature).Select(m => (m.Model, m.Feature)).Distinct().Count(), aggregate.TotalsByModelFeature.Count);
        Assert.All(aggregate.TotalsByIde, ide => Assert.Null(ide.LastKnownIdeVersion));
        Assert.Equal(users.Count(u => u.UsedCli), aggregate.DailyActiveCliUsers ?? 0);
        Assert.Equal(users.Sum(u => u.TotalsByCli?.RequestCount ?? 0), aggregate.TotalsByCli?.RequestCount ?? 0);
        Assert.Equal(users.Count, aggregate.TotalsByAiAdoptionPhase!.Sum(p => p.TotalEngagedUsers));
        Assert.NotNull(aggregate.PullRequests);
        Assert.True(aggregate.PullRequests.TotalCreated > 0);
        Assert.Equal(aggregate.PullRequests.TotalCopilotSuggestions, aggregate.PullRequests.CopilotSuggestionsByCommentType.Sum(c => c.TotalCopilotSuggestions));
    }

    [Fact]
    public void The_28_day_report_wraps_the_aggregate_days()
    {
        var generator = Generator(users: 120);
        var report = generator.GenerateAggregateReport(Wednesday);

        Assert.Equal(Wednesday.AddDays(-27), report.ReportStartDay);
        Assert.Equal(Wednesday, report.ReportEndDay);
        Assert.Equal(("48213", "9917342"), (report.EnterpriseId, report.OrganizationId));
        Assert.Equal(Enumerable.Range(0, 28).Select(d => Wednesday.AddDays(d - 27)), report.DayTotals.Select(d => d.Day));
        foreach (var day in new[] { report.DayTotals[0], report.DayTotals[13], report.DayTotals[27] })
        {
            Assert.Equal(ReportJson.Serialize(generator.GenerateAggregate(day.Day)), ReportJson.Serialize(day));
        }
    }

    [Fact]
    public async Task Generated_ndjson_reads_back_to_the_same_records()
    {
        var records = Generator(users: 500).GenerateUsers(new DateOnly(2026, 7, 1)).ToList();
        using var stream = new MemoryStream();
        await ReportDataGenerator.WriteNdjsonAsync(stream, records);
        Assert.Equal(ReportDataGenerator.ToNdjson(records), stream.ToArray());
        Assert.True(stream.Length > 64 * 1024, "large enough to flush more than once");

        stream.Position = 0;
        var statistics = new ReportReadStatistics();
        var read = await ToListAsync(ReportReader.ReadUsersAsync(stream, statistics: statistics));

        Assert.Equal(records.Count, read.Count);
        Assert.Equal(records.Count, statistics.Lines);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(ReportJson.Serialize(records[i]), ReportJson.Serialize(read[i]));
            Assert.Null(read[i].AdditionalProperties);
        }
    }

    [Fact]
    public async Task User_teams_are_stable_omit_small_teams_and_read_back()
    {
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Users = 100, Teams = 10 });
        var teams = generator.GenerateUserTeams(Wednesday).ToList();

        Assert.All(teams, t => Assert.Matches("^team-[0-9]{2}$", t.Slug));
        Assert.All(teams.GroupBy(t => t.TeamId), g => Assert.True(g.Count() >= 5, $"{g.First().Slug} has {g.Count()} members"));
        Assert.All(teams.GroupBy(t => t.UserId), g => Assert.InRange(g.Count(), 1, 3));
        Assert.Equal(teams.OrderBy(t => t.UserId).ThenBy(t => t.TeamId).Select(t => (t.UserId, t.TeamId)), teams.Select(t => (t.UserId, t.TeamId)));
        Assert.True(teams.Select(t => t.UserId).Distinct().Count() >= 90, "nearly every seated user is on a team of five or more");
        Assert.All(teams, t => Assert.Equal(("9917342", (string?)null, Wednesday), (t.OrganizationId, t.EnterpriseId, t.Day)));

        // Membership is stable from day to day; only the day changes.
        var tomorrow = generator.GenerateUserTeams(Wednesday.AddDays(1)).ToList();
        Assert.Equal(teams.Select(t => (t.UserId, t.TeamId, t.Slug)), tomorrow.Select(t => (t.UserId, t.TeamId, t.Slug)));

        // Active users' logins and ids match their team rows.
        var logins = teams.Select(t => (t.UserId, t.UserLogin)).Distinct().ToDictionary(x => x.UserId, x => x.UserLogin);
        Assert.All(generator.GenerateUsers(Wednesday).Where(u => logins.ContainsKey(u.UserId)), u => Assert.Equal(logins[u.UserId], u.UserLogin));

        var read = await ToListAsync(ReportReader.ReadUserTeamsAsync(new MemoryStream(ReportDataGenerator.ToNdjson(teams))));
        Assert.Equal(teams.Select(ReportJson.Serialize), read.Select(ReportJson.Serialize));

        // With many teams, small ones exist and are left out.
        var many = new ReportDataGenerator(new ReportDataGeneratorOptions { Users = 100, Teams = 40 }).GenerateUserTeams(Wednesday).ToList();
        Assert.True(many.Select(t => t.TeamId).Distinct().Count() < 40);
    }

    [Fact]
    public void Average_line_is_between_2_and_3_KB()
    {
        var records = Generator(users: 1000).GenerateUsers(Wednesday).ToList();
        var bytes = ReportDataGenerator.ToNdjson(records);

        var average = (double)bytes.Length / records.Count;
        Assert.InRange(average, 2_000, 3_000);
        Assert.Equal(records.Count, bytes.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ReportDataGenerator(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { Users = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { Teams = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { WeekdayActiveShare = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { WeekendActiveShare = double.NaN }));
        Assert.Throws<ArgumentException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { EnterpriseId = "" }));
        Assert.Throws<ArgumentException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { OrganizationId = " " }));
        Assert.Throws<ArgumentException>(() => new ReportDataGenerator(new ReportDataGeneratorOptions { LoginPrefix = "" }));
        Assert.Empty(new ReportDataGenerator(new ReportDataGeneratorOptions { Users = 0 }).GenerateUsers(Wednesday));
    }

    internal readonly record struct Totals(long Interactions, long Generated, long Accepted, long Suggested, long SuggestedDelete, long Added, long Deleted);

    internal static Totals Counters(ActivityTotals t) =>
        new(t.UserInitiatedInteractionCount, t.CodeGenerationActivityCount, t.CodeAcceptanceActivityCount, t.LocSuggestedToAddSum, t.LocSuggestedToDeleteSum, t.LocAddedSum, t.LocDeletedSum);

    internal static Totals Sum(IEnumerable<ActivityTotals> rows) =>
        rows.Select(Counters).Aggregate(default(Totals), static (a, b) => new(
            a.Interactions + b.Interactions, a.Generated + b.Generated, a.Accepted + b.Accepted, a.Suggested + b.Suggested,
            a.SuggestedDelete + b.SuggestedDelete, a.Added + b.Added, a.Deleted + b.Deleted));

    private static ulong Fnv1a(byte[] bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
