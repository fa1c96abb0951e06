using CopilotMetrics.Reports;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Core.Tests.Reports;

public sealed class UnknownPropertyStatisticsTests
{
    // Two users; the first carries a new top-level field, a new field in each of its two IDE entries, one in its CLI
    // totals' token usage and one in a skill entry; the second only the top-level one (and a typed 2026 field).
    private const string Users =
        """
        {"day":"2026-12-01","user_id":1,"user_login":"a","totals_by_x":{"deep":{"a":1}},"totals_by_ide":[{"ide":"vscode","new_field":1},{"ide":"jetbrains","new_field":2,"other":true}],"totals_by_cli":{"session_count":1,"token_usage":{"output_tokens_sum":3,"brand_new_sum":4}},"totals_by_skill":[{"skill":"s","interaction_count":1,"origin":"x"}]}
        {"day":"2026-12-01","user_id":2,"user_login":"b","totals_by_x":[1,2],"used_copilot_app":true}

        """;

    [Fact]
    public async Task The_per_user_parser_names_unknown_properties_at_every_depth_with_a_count()
    {
        var statistics = new ReportReadStatistics();
        var records = await ToListAsync(ReportReader.ReadUsersAsync(Utf8(Users), statistics: statistics));

        Assert.Equal(2, records.Count);
        var expected = new Dictionary<string, long>
        {
            ["totals_by_x"] = 2,
            ["totals_by_ide[].new_field"] = 2,
            ["totals_by_ide[].other"] = 1,
            ["totals_by_cli.token_usage.brand_new_sum"] = 1,
            ["totals_by_skill[].origin"] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), statistics.UnknownProperties.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(0, statistics.UnknownPropertiesNotKept);

        // Still kept losslessly: the unknown value is written back as it came.
        var json = ReportJson.Serialize(records[0]);
        Assert.Contains("\"totals_by_x\":{\"deep\":{\"a\":1}}", json, StringComparison.Ordinal);
        Assert.Contains("\"brand_new_sum\":4", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_unknown_properties_names_none()
    {
        var statistics = new ReportReadStatistics();
        var records = await ToListAsync(ReportReader.ReadUsersAsync(new MemoryStream(FixtureBytes("users-1-day.2026-09.example.ndjson")), statistics: statistics));

        Assert.NotEmpty(records);
        Assert.Empty(statistics.UnknownProperties);
        Assert.Equal(0, statistics.UnknownPropertiesNotKept);
    }

    [Fact]
    public async Task The_serializer_path_names_unknown_properties_of_nested_objects_and_lists()
    {
        var line = File.ReadLines(Fixture("organization-1-day.example.ndjson")).First();
        var edited = "{\"new_top\":1," + line[1..]
            .Replace("\"pull_requests\":{", "\"pull_requests\":{\"new_counter\":5,", StringComparison.Ordinal)
            .Replace("{\"comment_type\":", "{\"new_in_entry\":0,\"comment_type\":", StringComparison.Ordinal);
        var entries = line.Split("{\"comment_type\":").Length - 1;
        Assert.True(entries > 0);

        var statistics = new ReportReadStatistics();
        var days = await ToListAsync(ReportReader.ReadAggregateDaysAsync(Utf8(edited), statistics: statistics));

        Assert.Single(days);
        Assert.Equal(1, statistics.UnknownProperties["new_top"]);
        Assert.Equal(1, statistics.UnknownProperties["pull_requests.new_counter"]);
        Assert.Equal(entries, statistics.UnknownProperties["pull_requests.copilot_suggestions_by_comment_type[].new_in_entry"]);
        Assert.Equal(3, statistics.UnknownProperties.Count);
    }

    [Fact]
    public async Task User_team_rows_name_theirs_and_clean_fixtures_none()
    {
        var clean = new ReportReadStatistics();
        await ToListAsync(ReportReader.ReadUserTeamsAsync(new MemoryStream(FixtureBytes("user-teams-1-day.example.ndjson")), statistics: clean));
        await ToListAsync(ReportReader.ReadAggregateDaysAsync(new MemoryStream(FixtureBytes("organization-1-day.example.ndjson")), statistics: clean));
        Assert.Empty(clean.UnknownProperties);

        var statistics = new ReportReadStatistics();
        await ToListAsync(ReportReader.ReadUserTeamsAsync(Utf8("""{"user_id":1,"user_login":"a","day":"2026-06-03","team_id":3,"slug":"x","team_role":"maintainer"}"""), statistics: statistics));
        Assert.Equal(1, statistics.UnknownProperties["team_role"]);
    }

    [Fact]
    public async Task A_hostile_file_cannot_grow_the_names_past_the_bound()
    {
        const int Names = 250;
        var fields = string.Join(",", Enumerable.Range(0, Names).Select(i => $"\"f{i}\":{i}"));
        var longName = new string('n', ReportReadStatistics.MaxUnknownPropertyPathLength + 1);
        var text = $"{{\"day\":\"2026-12-01\",\"user_id\":1,{fields},\"{longName}\":0}}\n{{\"day\":\"2026-12-01\",\"user_id\":2,\"f0\":0,\"f249\":0}}\n";

        var statistics = new ReportReadStatistics();
        await ToListAsync(ReportReader.ReadUsersAsync(Utf8(text), statistics: statistics));

        Assert.Equal(ReportReadStatistics.MaxKeptUnknownProperties, statistics.UnknownProperties.Count);
        Assert.Equal(2, statistics.UnknownProperties["f0"]);

        // 250 + 1 long name + 2 on the second row = 253 occurrences; 100 names kept, f0 seen twice among them.
        Assert.Equal(253 - 101, statistics.UnknownPropertiesNotKept);
    }
}
