using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Export.Parquet.Tests;

/// <summary>
/// Generated data in an in-memory store: 150 users in 12 teams over 2026-05-28..2026-07-03 for the organization the
/// documented queries name, and a few days of an enterprise (which the queries must leave out). Membership is thinned
/// day by day so that it changes.
/// </summary>
internal sealed class LakeData
{
    public static readonly MetricsScope Org = MetricsScope.Organization("octo-org");
    public static readonly MetricsScope Enterprise = MetricsScope.Enterprise("acme");

    /// <summary>The range the documented queries name.</summary>
    public static readonly DateRange June = new(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30));

    public static readonly DateRange Stored = new(new DateOnly(2026, 5, 28), new DateOnly(2026, 7, 3));

    private LakeData()
    {
    }

    public InMemoryMetricsStore Store { get; } = new();

    public Dictionary<DateOnly, List<UserDayRecord>> Users { get; } = [];

    public Dictionary<DateOnly, List<UserTeamRecord>> Teams { get; } = [];

    public Dictionary<DateOnly, IReadOnlyList<RepositoryDayRecord>> Repositories { get; } = [];

    public Dictionary<DateOnly, AggregateDayRecord> Aggregates { get; } = [];

    public Dictionary<DateOnly, List<Billing.AiCreditUsageItem>> AiCredits { get; } = [];

    public static async Task<LakeData> CreateAsync(int users = 150)
    {
        var data = new LakeData();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 18, Users = users, Teams = 12 });
        foreach (var day in Stored.EachDay())
        {
            data.Aggregates[day] = generator.GenerateAggregate(day);
            data.Users[day] = [.. generator.GenerateUsers(day)];
            data.Teams[day] = [.. generator.GenerateUserTeams(day).Where(t => (t.UserId + t.TeamId + day.DayNumber) % 7 != 0)];
            data.Repositories[day] = generator.GenerateRepositories(day);
            await data.Store.ReplaceAggregateDayAsync(Org, data.Aggregates[day]);
            await data.Store.ReplaceUserDayAsync(Org, day, data.Users[day].ToAsyncEnumerable());
            await data.Store.ReplaceUserTeamDayAsync(Org, day, data.Teams[day].ToAsyncEnumerable());
            await data.Store.ReplaceRepositoryDayAsync(Org, day, data.Repositories[day].ToAsyncEnumerable());
        }

        // AI-credit usage of the first ten days of June, by hand: two models a day, the second with a discount.
        foreach (var day in June.EachDay().Take(10))
        {
            var n = day.Day;
            data.AiCredits[day] =
            [
                new() { Product = "copilot", Sku = "copilot_ai_credit", Model = "gpt-5", UnitType = "ai-credits", PricePerUnit = 0.01m, GrossQuantity = 100 * n, GrossAmount = n, NetQuantity = 100 * n, NetAmount = n },
                new() { Product = "copilot", Sku = "copilot_ai_credit", Model = "claude-sonnet-4.5", UnitType = "ai-credits", PricePerUnit = 0.01m, GrossQuantity = 50 * n, GrossAmount = 0.5m * n, DiscountQuantity = 10, DiscountAmount = 0.1m, NetQuantity = (50 * n) - 10, NetAmount = (0.5m * n) - 0.1m },
            ];
            await data.Store.ReplaceAiCreditDayAsync(Org, day, data.AiCredits[day].ToAsyncEnumerable());
        }

        var other = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 7, Users = 40, Teams = 3, OrganizationId = null });
        foreach (var day in June.EachDay().Take(3))
        {
            await data.Store.ReplaceAggregateDayAsync(Enterprise, other.GenerateAggregate(day));
            await data.Store.ReplaceUserDayAsync(Enterprise, day, other.GenerateUsers(day).ToAsyncEnumerable());
            await data.Store.ReplaceUserTeamDayAsync(Enterprise, day, other.GenerateUserTeams(day).ToAsyncEnumerable());
        }

        return data;
    }

    public IEnumerable<UserDayRecord> UsersIn(DateRange range) => Users.Where(u => range.Contains(u.Key)).SelectMany(u => u.Value);

    public IEnumerable<UserTeamRecord> TeamsIn(DateRange range) => Teams.Where(u => range.Contains(u.Key)).SelectMany(u => u.Value);
}
