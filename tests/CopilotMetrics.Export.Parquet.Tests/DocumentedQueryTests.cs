using CopilotMetrics.Storage;

namespace CopilotMetrics.Export.Parquet.Tests;

public sealed class ExportedLake : IAsyncLifetime
{
    internal LakeData Data { get; private set; } = null!;

    internal Lake Lake { get; } = new();

    internal ParquetExportResult Exported { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Data = await LakeData.CreateAsync();
        // Small row groups, so that files have several of them.
        var exporter = Lake.Exporter(rowGroupSize: 40);
        Exported = await exporter.ExportAsync(Data.Store, LakeData.Org, LakeData.Stored);
        Exported += await exporter.ExportAsync(Data.Store, LakeData.Enterprise, LakeData.Stored);
    }

    public Task DisposeAsync()
    {
        Lake.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The queries of docs/parquet.md, run by DuckDB over the exported lake, answer what the store answers.</summary>
public sealed class DocumentedQueryTests(ExportedLake lake) : IClassFixture<ExportedLake>
{
    // DuckDB sums BIGINTs as HUGEINT (a BigInteger here).
    private static long L(object? value) => value is System.Numerics.BigInteger big ? (long)big : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static ActivityCounts Counters(object?[] row, int first) =>
        new(L(row[first]), L(row[first + 1]), L(row[first + 2]), L(row[first + 3]), L(row[first + 4]), L(row[first + 5]), L(row[first + 6]));

    [Fact]
    public async Task Team_metrics_equal_the_stores()
    {
        var expected = await lake.Data.Store.GetTeamMetricsAsync(LakeData.Org, LakeData.June);
        var rows = lake.Lake.Run(Lake.Query("team-metrics"));

        var actual = rows.Select(r => new TeamMetrics(L(r[0]), (string)r[1]!, (int)L(r[2]), (int)L(r[3]), Counters(r, 4))).ToList();
        Assert.True(expected.Count >= 10, "the generator should give a dozen teams");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task User_totals_equal_the_stores()
    {
        var page = await lake.Data.Store.GetUserTotalsAsync(LakeData.Org, LakeData.June, new UserTotalsQuery { Limit = 1000 });
        var rows = lake.Lake.Run(Lake.Query("user-totals"));

        Assert.Equal(page.TotalUsers, rows.Count);
        var expected = page.Items.OrderBy(u => u.UserId).ToList();
        var actual = rows.Select(r => new UserTotals(L(r[0]), (string)r[1]!, (int)L(r[2]), (DateOnly)r[3]!, Counters(r, 4), r[11] is null ? null : Convert.ToDouble(r[11], System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(u => u.UserId).ToList();
        Assert.Equal(expected.Select(u => u with { AiCreditsUsed = null }), actual.Select(u => u with { AiCreditsUsed = null }));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].AiCreditsUsed is null, actual[i].AiCreditsUsed is null);
            Assert.Equal(expected[i].AiCreditsUsed ?? 0, actual[i].AiCreditsUsed ?? 0, 1e-9);
        }

        Assert.Contains(expected, u => u.AiCreditsUsed is > 0);
    }

    [Fact]
    public async Task The_feature_breakdown_equals_the_stores()
    {
        var expected = await lake.Data.Store.GetBreakdownAsync(LakeData.Org, LakeData.June, BreakdownDimension.Feature);
        var rows = lake.Lake.Run(Lake.Query("feature-breakdown"));

        var actual = rows.Select(r => new BreakdownRow(BreakdownDimension.Feature, (string)r[0]!, Counters(r, 1), (int)L(r[8]))).ToList();
        Assert.True(expected.Count >= 4);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_repository_ranking_equals_a_LINQ_oracle_over_the_generated_rows()
    {
        var expected = lake.Data.Repositories.Where(r => LakeData.June.Contains(r.Key)).SelectMany(r => r.Value)
            .GroupBy(r => r.RepositoryId!.Value)
            .Select(g => (
                Id: g.Key,
                Name: g.MaxBy(r => r.Day)!.RepositoryOwnerName + "/" + g.MaxBy(r => r.Day)!.RepositoryName,
                Created: g.Sum(r => r.PullRequests?.TotalCreated ?? 0),
                Merged: g.Sum(r => r.PullRequests?.TotalMerged ?? 0),
                Reviewed: g.Sum(r => r.PullRequests?.TotalReviewedByCopilot ?? 0),
                ByCopilot: g.Sum(r => r.PullRequests?.TotalCreatedByCopilot ?? 0)))
            .OrderByDescending(r => r.Reviewed).ThenByDescending(r => r.ByCopilot).ThenBy(r => r.Id)
            .Take(10).ToList();
        var rows = lake.Lake.Run(Lake.Query("repository-ranking"));

        Assert.InRange(expected.Count, 5, 10);
        Assert.True(expected[0].Reviewed > expected[^1].Reviewed, "the ranking should rank something");
        Assert.Equal(expected, rows.Select(r => (L(r[0]), (string)r[1]!, L(r[2]), L(r[3]), L(r[4]), L(r[5]))).ToList());
    }

    [Fact]
    public void Ai_credits_per_team_equal_a_LINQ_oracle_over_the_generated_rows()
    {
        var users = lake.Data.UsersIn(LakeData.June).ToDictionary(u => (u.Day, u.UserId));
        var expected = lake.Data.TeamsIn(LakeData.June)
            .Where(t => users.ContainsKey((t.Day, t.UserId)))
            .GroupBy(t => t.TeamId)
            .Select(g => (
                Team: g.Key,
                Slug: g.MaxBy(t => t.Day)!.Slug!,
                Credits: Sum(g.Select(t => users[(t.Day, t.UserId)].AiCreditsUsed)),
                Users: g.Where(t => users[(t.Day, t.UserId)].AiCreditsUsed > 0).Select(t => t.UserId).Distinct().Count()))
            .OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        var rows = lake.Lake.Run(Lake.Query("ai-credits-per-team"));

        Assert.Equal(expected.Select(e => (e.Team, e.Slug, e.Users)), rows.Select(r => (L(r[0]), (string)r[1]!, (int)L(r[3]))));
        Assert.Contains(expected, e => e.Credits > 0);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Credits is null, rows[i][2] is null);
            Assert.Equal(expected[i].Credits ?? 0, rows[i][2] is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : 0, 1e-9 * Math.Max(1, expected[i].Credits ?? 0));
        }
    }

    [Fact]
    public void Billed_ai_credits_per_model_equal_the_stored_items()
    {
        var expected = lake.Data.AiCredits.Where(d => LakeData.June.Contains(d.Key)).SelectMany(d => d.Value)
            .GroupBy(i => i.Model, StringComparer.Ordinal)
            .Select(g => (Model: g.Key, Net: g.Sum(i => i.NetQuantity), Amount: g.Sum(i => i.NetAmount)))
            .OrderByDescending(m => m.Amount).ToList();
        var rows = lake.Lake.Run(Lake.Query("ai-credits-billed"));

        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, rows.Select(r => ((string)r[0]!, (decimal)r[1]!, (decimal)r[2]!)).ToList());
    }

    private static double? Sum(IEnumerable<double?> values)
    {
        double? sum = null;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                sum = (sum ?? 0) + x;
            }
        }

        return sum;
    }
}
