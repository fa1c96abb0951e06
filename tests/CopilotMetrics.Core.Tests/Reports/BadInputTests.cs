using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotMetrics.Reports;
using static CopilotMetrics.Tests.TestFiles;

namespace CopilotMetrics.Core.Tests.Reports;

/// <summary>Bad input on every path: lists that are absent or null, negative counts, files of another report, round trips.</summary>
public sealed class BadInputTests
{
    private static readonly ReportReaderOptions Skip = new() { MalformedLines = MalformedLineHandling.Skip };

    // ---- lists are never null ------------------------------------------------------------------------------

    private const string UserWithoutLists = """{"day":"2026-06-01","user_id":1}""";

    private const string UserWithNullLists =
        """{"day":"2026-06-01","user_id":1,"totals_by_ide":null,"totals_by_feature":null,"totals_by_language_feature":null,"totals_by_language_model":null,"totals_by_model_feature":null,"totals_by_3rd_party_agent":null,"totals_by_skill":null,"totals_by_custom_agent":null,"totals_by_mcp":null,"totals_by_slash_cmd":null,"totals_by_plugin":null}""";

    private const string AggregateWithoutLists = """{"day":"2026-06-01","pull_requests":{"total_created":1}}""";

    private const string AggregateWithNullLists =
        """{"day":"2026-06-01","totals_by_ide":null,"totals_by_feature":null,"totals_by_language_feature":null,"totals_by_language_model":null,"totals_by_model_feature":null,"totals_by_3rd_party_agent":null,"totals_by_skill":null,"totals_by_custom_agent":null,"totals_by_mcp":null,"totals_by_slash_cmd":null,"totals_by_plugin":null,"pull_requests":{"total_created":1,"copilot_suggestions_by_comment_type":null}}""";

    public static TheoryData<string, string> ListlessRecords() => new()
    {
        { "user, lists absent", UserWithoutLists },
        { "user, lists null", UserWithNullLists },
        { "aggregate, lists absent", AggregateWithoutLists },
        { "aggregate, lists null", AggregateWithNullLists },
    };

    [Theory]
    [MemberData(nameof(ListlessRecords))]
    public async Task An_absent_or_null_list_reads_as_empty_on_every_path(string what, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        List<object> records = line.Contains("user_id", StringComparison.Ordinal)
            ?
            [
                Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(Utf8(line)))), // the hand-written parser
                ReportJson.Deserialize<UserDayRecord>(bytes), // the source-generated serializer
            ]
            :
            [
                Assert.Single(await ToListAsync(ReportReader.ReadAggregateDaysAsync(Utf8(line)))),
                ReportJson.Deserialize<AggregateDayRecord>(bytes),
                Assert.Single(await ToListAsync(ReportReader.ReadAggregateDaysAsync(Utf8($$"""{"report_start_day":"2026-05-05","report_end_day":"2026-06-01","day_totals":[{{line}}]}""")))),
            ];

        foreach (var record in records)
        {
            var lists = NonNullableLists(record).ToList();
            Assert.True(lists.Count >= 11, $"{what}: only {lists.Count} lists found");
            Assert.All(lists, l => Assert.True(l.Value is ICollection { Count: 0 }, $"{what}: {record.GetType().Name}.{l.Name} is {(l.Value is null ? "null" : "not empty")}"));

            // Written back, the lists are absent: nothing the line did not have.
            var written = record is UserDayRecord u ? ReportJson.Serialize(u) : ReportJson.Serialize((AggregateDayRecord)record);
            Assert.DoesNotContain("totals_by_", written, StringComparison.Ordinal);
            Assert.DoesNotContain("copilot_suggestions_by_comment_type", written, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wrapper_without_day_totals_and_records_built_in_code_have_empty_lists()
    {
        Assert.Empty(ReportJson.Deserialize<AggregateReport>("""{"report_start_day":"2026-05-05","report_end_day":"2026-06-01","day_totals":null}"""u8).DayTotals);
        Assert.Empty(ReportJson.Deserialize<AggregateReport>("""{"report_start_day":"2026-05-05","report_end_day":"2026-06-01"}"""u8).DayTotals);
        Assert.All(NonNullableLists(new UserDayRecord()), l => Assert.NotNull(l.Value));
        Assert.All(NonNullableLists(new AggregateDayRecord { TotalsByIde = null! }), l => Assert.NotNull(l.Value));
        Assert.All(NonNullableLists(new PullRequestTotals()), l => Assert.NotNull(l.Value));
    }

    /// <summary>Every public list property the records declare non-nullable, found by reflection (so that a new one is covered).</summary>
    private static IEnumerable<(string Name, object? Value)> NonNullableLists(object record)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
                && nullability.Create(property).ReadState == NullabilityState.NotNull)
            {
                yield return (property.Name, property.GetValue(record));
            }
            else if (typeof(ReportObject).IsAssignableFrom(property.PropertyType) && property.GetValue(record) is { } child)
            {
                foreach (var nested in NonNullableLists(child))
                {
                    yield return ($"{property.Name}.{nested.Name}", nested.Value);
                }
            }
        }
    }

    // ---- negative counts -----------------------------------------------------------------------------------

    public static TheoryData<string> FixturesWithCounts() =>
    [
        "users-1-day.2026-09.example.ndjson", "users-1-day.example.ndjson", "users-28-day.example.ndjson",
        "organization-1-day.2026-09.example.ndjson", "organization-1-day.example.ndjson",
        "enterprise-28-day.2026-09.example.ndjson", "repos-1-day.2026-09.example.ndjson",
    ];

    [Theory]
    [MemberData(nameof(FixturesWithCounts))]
    public async Task A_negative_count_anywhere_makes_its_record_malformed(string fixture)
    {
        var line = File.ReadAllLines(Fixture(fixture)).First(l => l.Length > 0);
        var counts = CountPaths(JsonNode.Parse(line)!, "").ToList();
        Assert.True(counts.Count >= 10, $"{fixture}: only {counts.Count} counts");
        var read = Reader(fixture);
        var multiLine = !fixture.Contains("28-day", StringComparison.Ordinal) || fixture.StartsWith("users", StringComparison.Ordinal);

        foreach (var (path, set) in counts)
        {
            var node = JsonNode.Parse(line)!;
            set(node);
            var bad = node.ToJsonString();
            var text = multiLine ? $"{line}\n{bad}\n{line}\n" : bad + "\n";
            var badLine = multiLine ? 2 : 1;

            var thrown = await Assert.ThrowsAsync<ReportFormatException>(() => read(Utf8(text), null, null));
            Assert.True(thrown.LineNumber == badLine && thrown.Reason.Contains(path.Split('.', '[')[^1], StringComparison.Ordinal) && thrown.Reason.Contains("negative", StringComparison.Ordinal),
                $"{fixture} {path}: line {thrown.LineNumber}, {thrown.Reason}");
            Assert.Null(thrown.FoundReportType);

            var statistics = new ReportReadStatistics();
            var kept = await read(Utf8(text), Skip, statistics);
            Assert.Equal(multiLine ? 2 : 0, kept);
            Assert.Equal(1, statistics.SkippedLines);
            Assert.Equal(badLine, Assert.Single(statistics.SkippedLineErrors).LineNumber);
        }

        // The walk is not vacuous: the counts GitHub added in 2026 are among those checked.
        var leaves = counts.Select(c => c.Path.Split('.', '[')[^1]).ToHashSet();
        if (fixture.Contains("2026-09", StringComparison.Ordinal) && !fixture.StartsWith("repos", StringComparison.Ordinal))
        {
            Assert.Superset(new HashSet<string> { "interaction_count", "session_count", "total_user_messages", "distinct_skill_use_count", "distinct_plugin_use_count" }, leaves);
        }
    }

    [Fact]
    public async Task Numbers_that_are_not_counts_may_be_negative_and_other_records_stay_intact()
    {
        // phase_number and ids are not counts; a negative one is read as it is.
        var user = Assert.Single(await ToListAsync(ReportReader.ReadUsersAsync(Utf8("""{"day":"2026-06-01","user_id":-3,"ai_adoption_phase":{"phase_number":-1}}"""))));
        Assert.Equal((-3L, -1), (user.UserId, user.AiAdoptionPhase!.PhaseNumber));
    }

    /// <summary>Every numeric leaf whose key names a count or a sum (<c>*_count</c>, <c>*_sum</c>, <c>*_users</c>, <c>total_*</c>), with a setter that makes it -7.</summary>
    private static IEnumerable<(string Path, Action<JsonNode> Set)> CountPaths(JsonNode node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    if (key == "copilot_feature_engagement")
                    {
                        continue; // not typed: unknown properties are kept as they are, not checked
                    }

                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsCountKey(key))
                    {
                        yield return (path, root => Locate(root, path)[key] = -7);
                    }
                    else if (value is not null)
                    {
                        foreach (var inner in CountPaths(value, path))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (var inner in CountPaths(array[0]!, prefix + "[0]"))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static bool IsCountKey(string key) =>
        key.EndsWith("_count", StringComparison.Ordinal) || key.EndsWith("_sum", StringComparison.Ordinal)
        || key.EndsWith("_users", StringComparison.Ordinal) || key.StartsWith("total_", StringComparison.Ordinal);

    /// <summary>The object holding the leaf at <paramref name="path"/> (segments split on '.', "[0]" for the first element).</summary>
    private static JsonObject Locate(JsonNode root, string path)
    {
        var node = root;
        var segments = path.Split('.');
        foreach (var segment in segments[..^1])
        {
            var name = segment.EndsWith("[0]", StringComparison.Ordinal) ? segment[..^3] : segment;
            node = node[name]!;
            if (segment.EndsWith("[0]", StringComparison.Ordinal))
            {
                node = node[0]!;
            }
        }

        return node.AsObject();
    }

    private delegate Task<int> Read(Stream stream, ReportReaderOptions? options, ReportReadStatistics? statistics);

    private static Read Reader(string fixture) => fixture switch
    {
        _ when fixture.StartsWith("users-1", StringComparison.Ordinal) || fixture.StartsWith("users-28", StringComparison.Ordinal) =>
            async (s, o, st) => (await ToListAsync(ReportReader.ReadUsersAsync(s, o, st))).Count,
        _ when fixture.StartsWith("repos", StringComparison.Ordinal) => async (s, o, st) => (await ToListAsync(ReportReader.ReadRepositoriesAsync(s, o, st))).Count,
        _ when fixture.StartsWith("user-teams", StringComparison.Ordinal) => async (s, o, st) => (await ToListAsync(ReportReader.ReadUserTeamsAsync(s, o, st))).Count,
        _ => async (s, o, st) => (await ToListAsync(ReportReader.ReadAggregateDaysAsync(s, o, st))).Count,
    };

    // ---- a file of another report --------------------------------------------------------------------------

    public static TheoryData<string, string, ReportType> OtherReports()
    {
        (string File, ReportType Kind)[] files =
        [
            ("users-1-day.example.ndjson", ReportType.Users1Day),
            ("users-28-day.example.ndjson", ReportType.Users28Day),
            ("organization-1-day.example.ndjson", ReportType.Aggregate1Day),
            ("enterprise-28-day.example.ndjson", ReportType.Aggregate28Day),
            ("user-teams-1-day.example.ndjson", ReportType.UserTeams1Day),
            ("repos-1-day.2026-09.example.ndjson", ReportType.Repositories1Day),
        ];
        (string Reader, ReportType[] Reads)[] readers =
        [
            ("users", [ReportType.Users1Day, ReportType.Users28Day]),
            ("aggregate", [ReportType.Aggregate1Day, ReportType.Aggregate28Day]),
            ("user-teams", [ReportType.UserTeams1Day]),
            ("repos", [ReportType.Repositories1Day]),
        ];
        var data = new TheoryData<string, string, ReportType>();
        foreach (var (file, kind) in files)
        {
            foreach (var (reader, reads) in readers.Where(r => !r.Reads.Contains(kind)))
            {
                data.Add(file, reader, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OtherReports))]
    public async Task A_file_of_another_report_is_an_error_that_names_it_even_when_skipping(string fixture, string reader, ReportType found)
    {
        foreach (var options in new[] { ReportReaderOptions.Default, Skip })
        {
            var statistics = new ReportReadStatistics { SourceName = fixture };
            var error = await Assert.ThrowsAsync<ReportFormatException>(() => ReadWith(reader, File.OpenRead(Fixture(fixture)), options, statistics));

            Assert.Equal(found, error.FoundReportType);
            Assert.Equal(1, error.LineNumber);
            Assert.Equal(0, statistics.Records);
            var name = found switch
            {
                ReportType.Users1Day => "users-1-day",
                ReportType.Users28Day => "users-28-day",
                ReportType.Aggregate1Day => "organization-1-day",
                ReportType.Aggregate28Day => "organization-28-day",
                ReportType.UserTeams1Day => "user-teams-1-day",
                _ => "repos-1-day",
            };
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
            Assert.Contains("Wrong report", error.Message, StringComparison.Ordinal);
        }
    }

    private static async Task<int> ReadWith(string reader, Stream stream, ReportReaderOptions options, ReportReadStatistics statistics) => reader switch
    {
        "users" => (await ToListAsync(ReportReader.ReadUsersAsync(stream, options, statistics))).Count,
        "aggregate" => (await ToListAsync(ReportReader.ReadAggregateDaysAsync(stream, options, statistics))).Count,
        "user-teams" => (await ToListAsync(ReportReader.ReadUserTeamsAsync(stream, options, statistics))).Count,
        _ => (await ToListAsync(ReportReader.ReadRepositoriesAsync(stream, options, statistics))).Count,
    };

    // ---- the round trip ------------------------------------------------------------------------------------

    public static TheoryData<string> AllFixtures() =>
    [
        "users-1-day.example.ndjson", "users-28-day.example.ndjson", "organization-1-day.example.ndjson", "enterprise-28-day.example.ndjson",
        "user-teams-1-day.example.ndjson", "users-1-day.2026-09.example.ndjson", "organization-1-day.2026-09.example.ndjson",
        "enterprise-28-day.2026-09.example.ndjson", "repos-1-day.2026-09.example.ndjson",
    ];

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Reading_and_writing_a_fixture_writes_no_property_it_did_not_have(string fixture)
    {
        var inputs = File.ReadAllLines(Fixture(fixture)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        if (fixture.Contains("28-day", StringComparison.Ordinal) && fixture.StartsWith("enterprise", StringComparison.Ordinal))
        {
            inputs = inputs.SelectMany(w => w.GetProperty("day_totals").EnumerateArray()).ToList();
        }

        var outputs = await WrittenBack(fixture, File.OpenRead(Fixture(fixture)));

        // GitHub's language rows lack the interaction count, which the library writes as 0 (LanguageFeatureTotals' remarks).
        string[] documented = ["totals_by_language_feature[].user_initiated_interaction_count", "totals_by_language_model[].user_initiated_interaction_count"];
        Assert.Equal(inputs.Count, outputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var added = JsonElementComparer.Paths(JsonDocument.Parse(outputs[i]).RootElement);
            added.ExceptWith(JsonElementComparer.Paths(inputs[i]));
            added.ExceptWith(documented);
            Assert.Empty(added);
        }
    }

    public static TheoryData<string, string, string[]> MinimalLines() => new()
    {
        // What each record's documentation says it always writes: GitHub's always-present fields, as 0, false or "".
        { "users", """{"day":"2026-06-01","user_id":1}""", [.. Counters(""), "user_login", "used_agent", "used_chat", "used_cli", "used_copilot_coding_agent", "used_copilot_cloud_agent"] },
        {
            "users",
            """{"day":"2026-06-01","user_id":1,"user_login":"a","used_agent":true,"used_chat":false,"used_cli":false,"used_copilot_coding_agent":false,"used_copilot_cloud_agent":false,"totals_by_ide":[{"ide":"vscode"}],"totals_by_skill":[{"skill":"other"}],"totals_by_copilot_app":{},"totals_by_3rd_party_agent":[{"agent_id":"7"}],"ai_adoption_phase":{"phase":"Phase 1"},"totals_by_cli":{"token_usage":{}}}""",
            [.. Counters(""), .. Counters("totals_by_ide[]."), "ai_adoption_phase.phase_number", "totals_by_cli.session_count", "totals_by_cli.request_count", "totals_by_cli.prompt_count", "totals_by_cli.token_usage.output_tokens_sum", "totals_by_cli.token_usage.prompt_tokens_sum"]
        },
        { "aggregate", """{"day":"2026-06-01"}""", [.. Counters(""), "daily_active_users", "weekly_active_users", "monthly_active_users", "monthly_active_chat_users", "monthly_active_agent_users"] },
        {
            "aggregate",
            """{"day":"2026-06-01","daily_active_users":1,"weekly_active_users":1,"monthly_active_users":1,"monthly_active_chat_users":0,"monthly_active_agent_users":0,"totals_by_feature":[{"loc_added_sum":2}],"totals_by_ai_adoption_phase":[{"phase":"Phase 2"}],"pull_requests":{"copilot_suggestions_by_comment_type":[{"comment_type":"security"}]},"totals_by_vscode_agent":{},"totals_by_mcp":[{}]}""",
            [
                .. Counters(""), .. Counters("totals_by_feature[].").Where(c => c != "totals_by_feature[].loc_added_sum"), "totals_by_feature[].feature",
                "totals_by_ai_adoption_phase[].phase_number", "totals_by_ai_adoption_phase[].total_engaged_users",
                .. new[] { "total_created", "total_reviewed", "total_merged", "total_suggestions", "total_applied_suggestions", "total_created_by_copilot", "total_reviewed_by_copilot", "total_merged_created_by_copilot", "total_merged_reviewed_by_copilot", "total_copilot_suggestions", "total_copilot_applied_suggestions" }.Select(p => "pull_requests." + p),
                "pull_requests.copilot_suggestions_by_comment_type[].total_copilot_suggestions", "pull_requests.copilot_suggestions_by_comment_type[].total_copilot_applied_suggestions",
            ]
        },
        { "user-teams", """{"day":"2026-06-01","user_id":1,"team_id":2}""", [] },
        { "repos", """{"day":"2026-06-01","repo_id":5,"pull_request_review_times":[{"total_merged":1}]}""", [] },
        { "repos", """{"repo_name":"r","pull_requests":{"total_merged":1,"median_minutes_to_merge":null}}""", [.. new[] { "total_created", "total_reviewed", "total_suggestions", "total_applied_suggestions", "total_created_by_copilot", "total_reviewed_by_copilot", "total_merged_created_by_copilot", "total_merged_reviewed_by_copilot", "total_copilot_suggestions", "total_copilot_applied_suggestions" }.Select(p => "pull_requests." + p)] },
    };

    [Theory]
    [MemberData(nameof(MinimalLines))]
    public async Task A_minimal_line_gets_back_exactly_the_documented_always_written_properties(string reader, string line, string[] documented)
    {
        var written = Assert.Single(await WrittenBack(reader, Utf8(line)));

        var added = JsonElementComparer.Paths(JsonDocument.Parse(written).RootElement);
        added.ExceptWith(JsonElementComparer.Paths(JsonDocument.Parse(line).RootElement));
        Assert.Equal(documented.Order(StringComparer.Ordinal), added);
    }

    private static IEnumerable<string> Counters(string prefix) =>
        new[] { "user_initiated_interaction_count", "code_generation_activity_count", "code_acceptance_activity_count", "loc_suggested_to_add_sum", "loc_suggested_to_delete_sum", "loc_added_sum", "loc_deleted_sum" }
            .Select(c => prefix + c);

    private static async Task<List<string>> WrittenBack(string readerOrFixture, Stream stream) => readerOrFixture switch
    {
        _ when readerOrFixture.StartsWith("users", StringComparison.Ordinal) => (await ToListAsync(ReportReader.ReadUsersAsync(stream))).Select(ReportJson.Serialize).ToList(),
        _ when readerOrFixture.StartsWith("user-teams", StringComparison.Ordinal) => (await ToListAsync(ReportReader.ReadUserTeamsAsync(stream))).Select(ReportJson.Serialize).ToList(),
        _ when readerOrFixture.StartsWith("repos", StringComparison.Ordinal) => (await ToListAsync(ReportReader.ReadRepositoriesAsync(stream))).Select(ReportJson.Serialize).ToList(),
        _ => (await ToListAsync(ReportReader.ReadAggregateDaysAsync(stream))).Select(ReportJson.Serialize).ToList(),
    };
}
