using System.Text.Json;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>Content: lossless round trips, unknown fields, SQL-looking text, content hashes.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    /// <summary>
    /// Unknown fields with key orders, number spellings and nesting that a store normalizing JSON (a <c>jsonb</c>
    /// column, a re-serializing ORM) would change: stores must keep the JSON text of unknown fields as it was.
    /// </summary>
    private static Dictionary<string, JsonElement> Unknown(string tag) => new()
    {
        ["zz_new_" + tag] = Parse("{\"b\":1,\"a\":[1,2.50,-0.0,1e3,12345678901234567890,\"x\",null,true,{\"y\":\"é漢字🙂\",\"x\":\"tab\\there \\\"quoted\\\" back\\\\slash\"}]}"),
        ["aa_new_" + tag] = Parse("\"O'Brien; DROP TABLE users;-- \\u00e9\""),
        ["etl_id"] = Parse("\"8c1f4e0a-2a41-4bd6-9a3c-0f9e3e5b8e11\""),
        ["entity_id_partition"] = Parse("42"),
    };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static List<UserDayRecord> RichUsers(DateOnly day)
    {
        var generated = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 11, Users = 40 }).GenerateUsers(day).Take(12).ToList();
        Assert.NotEmpty(generated);
        foreach (var record in generated.Take(3))
        {
            record.AdditionalProperties = Unknown("user");
            foreach (var ide in record.TotalsByIde)
            {
                ide.AdditionalProperties = Unknown("ide");
                if (ide.LastKnownPluginVersion is { } plugin)
                {
                    plugin.AdditionalProperties = Unknown("plugin");
                }
            }

            if (record.AiAdoptionPhase is { } phase)
            {
                phase.AdditionalProperties = Unknown("phase");
            }
        }

        // Extreme and odd values of known fields.
        generated.Add(new UserDayRecord
        {
            Day = day,
            UserId = long.MaxValue,
            UserLogin = "x'; DELETE FROM users; --\"\\ é漢字🙂",
            EnterpriseId = "48213",
            UserInitiatedInteractionCount = long.MaxValue,
            CodeGenerationActivityCount = 0,
            LocDeletedSum = 1L << 53,
            AiCreditsUsed = 0.1 + 0.2,
            UsedCopilotCodeReviewActive = null,
            UsedCopilotCodeReviewPassive = false,
            TotalsByIde = [Ide("o'brien-ide;--", new(I: 1))],
            TotalsByFeature = [Feature("a_feature_from_the_future", new(G: 3))],
            TotalsByLanguageModel = [new LanguageModelTotals { Language = "c#", Model = "gpt-5.4", LocAddedSum = 9 }],
            AdditionalProperties = Unknown("extreme"),
        });
        generated.Add(User(day, 1, "", new(), credits: 1e-7));
        return generated;
    }

    [Fact]
    public async Task Users_round_trip_losslessly_with_unknown_fields_and_extreme_values()
    {
        var store = await NewStoreAsync();
        var users = RichUsers(D);
        var expected = Json(users.OrderBy(u => u.UserId));

        var stored = await store.ReplaceUserDayAsync(Org, D, Stream(users));

        var read = await UsersAsync(store, Org, D);
        Assert.Equal(expected, Json(read));
        Assert.Equal(users.Count, stored.Rows);
        Assert.Equal(HashOf(users.OrderBy(u => u.UserId)), stored.ContentHash);
        Assert.Equal("O'Brien; DROP TABLE users;-- é", read.Single(u => u.UserId == long.MaxValue).AdditionalProperties!["aa_new_extreme"].GetString());
    }

    [Fact]
    public async Task Aggregates_round_trip_losslessly_with_unknown_fields()
    {
        var store = await NewStoreAsync();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 5, Users = 30 });
        var first = generator.GenerateAggregate(D);
        first.AdditionalProperties = Unknown("aggregate");
        first.PullRequests!.AdditionalProperties = Unknown("pull_requests");
        if (first.TotalsByIde.Count > 0)
        {
            first.TotalsByIde[0].AdditionalProperties = Unknown("ide");
        }

        var second = generator.GenerateAggregate(D.AddDays(1));
        var sparse = new AggregateDayRecord { Day = D.AddDays(2), DailyActiveCliUsers = null, PullRequests = null, TotalsByAiAdoptionPhase = null };

        var stored = await store.ReplaceAggregateDayAsync(Org, first);
        await store.ReplaceAggregateDayAsync(Org, second);
        await store.ReplaceAggregateDayAsync(Org, sparse);

        Assert.Equal(Json([first, second, sparse]), Json(await AggregatesAsync(store, Org, new DateRange(D, D.AddDays(2)))));
        Assert.Equal(new StoredDay(1, HashOf([first]), false), stored);
    }

    [Fact]
    public async Task User_teams_repositories_and_seats_round_trip_losslessly()
    {
        var store = await NewStoreAsync();
        var teams = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 3, Users = 60, Teams = 4 }).GenerateUserTeams(D).ToList();
        Assert.NotEmpty(teams);
        teams[0].AdditionalProperties = Unknown("team");
        teams.Add(new UserTeamRecord { Day = D, UserId = 77, TeamId = 1, Slug = "o'neil;--team", UserLogin = null, EnterpriseId = "48213" });

        RepositoryDayRecord[] repos =
        [
            new() { Day = D, RepositoryId = 1, RepositoryName = "acme/api", AdditionalProperties = Unknown("repo") },
            new() { Day = null, RepositoryId = null, RepositoryName = "acme/it's;--", EnterpriseId = "48213" },
            new() { AdditionalProperties = Unknown("bare-repo") },
        ];

        CopilotSeat[] seats =
        [
            new()
            {
                Assignee = new SeatAssignee { Id = 5820417, Login = "jdoe", Type = "User", AdditionalProperties = Unknown("assignee") },
                Organization = new SeatOrganization { Id = 9917342, Login = "acme" },
                AssigningTeam = new SeatTeam { Id = Parse("301552"), Name = "Platform API", Slug = "platform-api" },
                PendingCancellationDate = new DateOnly(2026, 7, 1),
                LastActivityAt = new DateTimeOffset(2026, 5, 31, 16, 41, 2, 123, TimeSpan.Zero),
                LastActivityEditor = "vscode/1.108.2/copilot-chat/0.37.1",
                LastAuthenticatedAt = new DateTimeOffset(2026, 5, 31, 9, 0, 0, TimeSpan.FromHours(2)),
                CreatedAt = At(2025, 11, 2, 10),
                UpdatedAt = At(2025, 11, 3, 10),
                PlanType = "business",
                AdditionalProperties = Unknown("seat"),
            },
            new() { Assignee = new SeatAssignee { Id = 7, Login = "ent'team;--" }, AssigningTeam = new SeatTeam { Id = Parse("\"ent:42\""), Slug = "ent-team" }, PlanType = "enterprise" },
            new() { Assignee = null, PlanType = "unknown" },
        ];

        var storedTeams = await store.ReplaceUserTeamDayAsync(Org, D, Stream(teams));
        var storedRepos = await store.ReplaceRepositoryDayAsync(Org, D, Stream(repos));
        var storedSeats = await store.ReplaceSeatSnapshotAsync(Org, D, Stream(seats));

        var teamsInReadOrder = teams.OrderBy(t => t.TeamId).ThenBy(t => t.UserId).ToList();
        Assert.Equal(Json(teamsInReadOrder), Json(await TeamsAsync(store, Org, D)));
        Assert.Equal(Json(repos), Json(await ReposAsync(store, Org, D)));
        Assert.Equal(Json(seats), Json((await store.GetLatestSeatSnapshotAsync(Org))!.Seats));
        Assert.Equal(new StoredDay(teams.Count, HashOf(teamsInReadOrder), false), storedTeams);
        Assert.Equal(new StoredDay(3, HashOf(repos), false), storedRepos);
        Assert.Equal(new StoredDay(3, HashOf(seats), false), storedSeats);
    }

    /// <summary>
    /// Records whose JSON lacks its arrays, or holds <c>null</c> for them (older files, sparse rows): every store reads them
    /// back with empty lists, never <see langword="null"/> ones, and writes them back without the arrays they lacked.
    /// </summary>
    [Fact]
    public async Task Records_without_arrays_read_back_with_empty_lists_from_the_store()
    {
        var store = await NewStoreAsync();
        var sparseUser = ReportJson.Deserialize<UserDayRecord>("""{"day":"2026-06-01","user_id":1,"user_login":"a"}"""u8);
        var nullUser = ReportJson.Deserialize<UserDayRecord>("""{"day":"2026-06-01","user_id":2,"user_login":"b","totals_by_ide":null,"totals_by_feature":null,"totals_by_skill":null,"totals_by_3rd_party_agent":null}"""u8);
        var sparseDay = ReportJson.Deserialize<AggregateDayRecord>("""{"day":"2026-06-01","daily_active_users":2,"totals_by_ide":null,"pull_requests":{"total_created":1}}"""u8);
        var sparseRepository = ReportJson.Deserialize<RepositoryDayRecord>("""{"day":"2026-06-01","repo_id":7,"pull_requests":{"total_merged":1,"copilot_suggestions_by_comment_type":null}}"""u8);

        await store.ReplaceUserDayAsync(Org, D, Stream(sparseUser, nullUser));
        await store.ReplaceAggregateDayAsync(Org, sparseDay);
        await store.ReplaceRepositoryDayAsync(Org, D, Stream(sparseRepository));

        var users = await UsersAsync(store, Org, D);
        Assert.Equal(2, users.Count);
        foreach (var user in users)
        {
            Assert.True(user.TotalsByIde is { Count: 0 } && user.TotalsByFeature is { Count: 0 } && user.TotalsByLanguageFeature is { Count: 0 });
            Assert.True(user.TotalsByLanguageModel is { Count: 0 } && user.TotalsByModelFeature is { Count: 0 } && user.TotalsByThirdPartyAgent is { Count: 0 });
            Assert.True(user.TotalsBySkill is { Count: 0 } && user.TotalsByCustomAgent is { Count: 0 } && user.TotalsByMcp is { Count: 0 });
            Assert.True(user.TotalsBySlashCommand is { Count: 0 } && user.TotalsByPlugin is { Count: 0 });
            Assert.DoesNotContain("totals_by_", ReportJson.Serialize(user), StringComparison.Ordinal);
        }

        var day = Assert.Single(await AggregatesAsync(store, Org, new DateRange(D, D)));
        Assert.True(day.TotalsByIde is { Count: 0 } && day.TotalsByFeature is { Count: 0 } && day.TotalsBySkill is { Count: 0 } && day.TotalsByThirdPartyAgent is { Count: 0 });
        Assert.Empty(day.PullRequests!.CopilotSuggestionsByCommentType);
        Assert.Equal(2, day.DailyActiveUsers);
        Assert.Empty(Assert.Single(await ReposAsync(store, Org, D)).PullRequests!.CopilotSuggestionsByCommentType);
        Assert.Null(Assert.Single(await ReposAsync(store, Org, D)).PullRequestReviewTimes); // not reported: stays null, never an empty list
    }

    [Fact]
    public async Task Stored_records_are_not_shared_with_callers()
    {
        var store = await NewStoreAsync();
        var user = User(D, 1, "ann", new(I: 1));
        user.AdditionalProperties = new Dictionary<string, JsonElement> { ["k"] = Parse("1") };
        var aggregate = Aggregate(D, dau: 1);
        await store.ReplaceUserDayAsync(Org, D, Stream(user));
        await store.ReplaceAggregateDayAsync(Org, aggregate);
        var expectedUser = ReportJson.Serialize(user);
        var expectedAggregate = ReportJson.Serialize(aggregate);

        // Changing what was written, or what was read, changes nothing stored.
        user.AdditionalProperties["k"] = Parse("2");
        aggregate.AdditionalProperties = new Dictionary<string, JsonElement> { ["k"] = Parse("3") };
        var read = Assert.Single(await UsersAsync(store, Org, D));
        read.AdditionalProperties!["k"] = Parse("4");
        Assert.Single(await AggregatesAsync(store, Org, new DateRange(D, D))).AdditionalProperties = new Dictionary<string, JsonElement> { ["k"] = Parse("5") };

        Assert.Equal(expectedUser, ReportJson.Serialize(Assert.Single(await UsersAsync(store, Org, D))));
        Assert.Equal(expectedAggregate, ReportJson.Serialize(Assert.Single(await AggregatesAsync(store, Org, new DateRange(D, D)))));
    }

    [Fact]
    public async Task Quotes_semicolons_and_comment_markers_are_stored_and_read_verbatim()
    {
        var store = await NewStoreAsync();
        const string Login = "robert'); DROP TABLE students;--";
        const string Slug = "team\"; DELETE FROM teams WHERE '1'='1";
        var key = new SyncDayKey(Tricky, SyncDataset.Users, D);

        await store.ReplaceUserDayAsync(Tricky, D, Stream(User(D, 1, Login, new(I: 3), ides: [Ide("ide';--", new(I: 3))], features: [Feature("chat_'--", new(I: 3))])));
        await store.ReplaceUserTeamDayAsync(Tricky, D, Stream(Member(D, 10, Slug, 1, Login)));
        await store.ReplaceAggregateDayAsync(Tricky, Aggregate(D, dau: 1, c: new(I: 3), ides: [Ide("ide';--", new(I: 3))]));
        await store.SetSyncStatusAsync(Status(Tricky, SyncDataset.Users, D, SyncDayState.Failed) with { LastError = "line 3: unexpected '\"'; -- DROP", ContentHash = "';--" });
        Assert.True(await store.TryClaimAsync(key, "worker'; --", At(2026, 6, 2), TimeSpan.FromMinutes(5)));
        await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "plain")));

        Assert.Equal(Login, Assert.Single(await UsersAsync(store, Tricky, D)).UserLogin);
        Assert.Equal(Slug, Assert.Single(await TeamsAsync(store, Tricky, D)).Slug);
        Assert.Equal(Login, Assert.Single((await store.GetUserTotalsAsync(Tricky, new DateRange(D, D), new UserTotalsQuery())).Items).Login);
        Assert.Equal(Slug, Assert.Single(await store.GetTeamMetricsAsync(Tricky, new DateRange(D, D))).Slug);
        Assert.Equal(new BreakdownRow(BreakdownDimension.Ide, "ide';--", new C(I: 3).Counts, 1), Assert.Single(await store.GetBreakdownAsync(Tricky, new DateRange(D, D), BreakdownDimension.Ide)));
        Assert.Equal("line 3: unexpected '\"'; -- DROP", (await store.GetSyncStatusAsync(key))!.LastError);
        Assert.Contains(new DailyEngagement(D, EngagementKind.ChatIde, "ide';--", 1), await store.GetDailyEngagementAsync(Tricky, new DateRange(D, D)));
        Assert.False(await store.TryClaimAsync(key, "other", At(2026, 6, 2, 0, 1), TimeSpan.FromMinutes(5)));
        await store.ReleaseClaimAsync(key, "worker'; --");
        Assert.True(await store.TryClaimAsync(key, "other", At(2026, 6, 2, 0, 1), TimeSpan.FromMinutes(5)));

        var scopes = await store.GetScopesAsync();
        Assert.Contains(Tricky, scopes);
        Assert.Equal(Tricky.Name, scopes.Single(s => s == Tricky).Name);
        Assert.Equal(["plain"], (await UsersAsync(store, Org, D)).Select(u => u.UserLogin));
    }

    [Fact]
    public async Task Content_hashes_are_the_same_in_every_store_and_change_with_the_data()
    {
        var one = await NewStoreAsync();
        var two = await NewStoreAsync();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 9, Users = 50 });
        var users = generator.GenerateUsers(D).ToList();
        var teams = generator.GenerateUserTeams(D).ToList();
        var aggregate = generator.GenerateAggregate(D);

        var a = await one.ReplaceUserDayAsync(Org, D, Stream(users));
        // Write order does not matter for per-user and user-team rows: they are stored (and hashed) in read order.
        var b = await two.ReplaceUserDayAsync(OtherOrg, D, Stream(Enumerable.Reverse(users)));
        Assert.Equal(HashOf(users.OrderBy(u => u.UserId)), a.ContentHash);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.Equal(
            (await one.ReplaceUserTeamDayAsync(Org, D, Stream(teams))).ContentHash,
            (await two.ReplaceUserTeamDayAsync(Org, D, Stream(Enumerable.Reverse(teams)))).ContentHash);
        Assert.Equal(HashOf(teams.OrderBy(t => t.TeamId).ThenBy(t => t.UserId)), (await one.ReplaceUserTeamDayAsync(Org, D, Stream(teams))).ContentHash);
        Assert.Equal((await one.ReplaceAggregateDayAsync(Org, aggregate)).ContentHash, (await two.ReplaceAggregateDayAsync(Org, aggregate)).ContentHash);
        Assert.Equal(HashOf([aggregate]), (await one.ReplaceAggregateDayAsync(Org, aggregate)).ContentHash);

        // One changed counter, or one unknown field, changes the hash.
        var changed = generator.GenerateUsers(D).ToList();
        changed[^1] = User(D, changed[^1].UserId, changed[^1].UserLogin, new(I: changed[^1].UserInitiatedInteractionCount + 1));
        var c = await two.ReplaceUserDayAsync(Org, D, Stream(changed));
        Assert.NotEqual(a.ContentHash, c.ContentHash);
        Assert.Equal(HashOf(changed), c.ContentHash);
        var withUnknown = generator.GenerateUsers(D).ToList();
        withUnknown[0].AdditionalProperties = new Dictionary<string, JsonElement> { ["new_field"] = Parse("true") };
        Assert.NotEqual(a.ContentHash, (await two.ReplaceUserDayAsync(Org, D, Stream(withUnknown))).ContentHash);

        // Seats and repositories keep their order, so a different order is different content.
        CopilotSeat[] seats = [Seat(1, null), Seat(2, null)];
        var s1 = await one.ReplaceSeatSnapshotAsync(Org, D, Stream(seats));
        var s2 = await two.ReplaceSeatSnapshotAsync(Org, D, Stream(seats));
        var s3 = await two.ReplaceSeatSnapshotAsync(Org, D.AddDays(1), Stream(Enumerable.Reverse(seats)));
        Assert.Equal(HashOf(seats), s1.ContentHash);
        Assert.Equal(s1.ContentHash, s2.ContentHash);
        Assert.NotEqual(s1.ContentHash, s3.ContentHash);
        Assert.Equal(HashOf<RepositoryDayRecord>([]), (await one.ReplaceRepositoryDayAsync(Org, D, Stream<RepositoryDayRecord>())).ContentHash);
    }

    [Fact]
    public async Task The_status_content_hash_of_a_day_can_be_compared_with_a_new_write()
    {
        // The sync stores StoredDay.ContentHash in the status and compares it with the next write's hash to tell a
        // late correction from a repeat; the status must keep it exactly.
        var store = await NewStoreAsync();
        var stored = await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann", new(I: 1))));
        await store.SetSyncStatusAsync(Status(Org, SyncDataset.Users, D, SyncDayState.Completed) with { ContentHash = stored.ContentHash, RowCount = stored.Rows });

        var repeat = await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann", new(I: 1))));
        var correction = await store.ReplaceUserDayAsync(Org, D, Stream(User(D, 1, "ann", new(I: 2))));

        var status = await store.GetSyncStatusAsync(new SyncDayKey(Org, SyncDataset.Users, D));
        Assert.Equal(repeat.ContentHash, status!.ContentHash);
        Assert.NotEqual(correction.ContentHash, status.ContentHash);
        Assert.Equal(1, status.RowCount);
    }
}
