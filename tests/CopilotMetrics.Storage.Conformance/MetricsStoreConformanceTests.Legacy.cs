using System.Text.Json;
using CopilotMetrics.Storage.Legacy;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Storage.Conformance;

/// <summary>The legacy <c>/copilot/metrics</c> projection, which is built from store queries only and so runs on every store.</summary>
public abstract partial class MetricsStoreConformanceTests
{
    /// <summary>
    /// Day D: an aggregate (9 daily active users) and five per-user rows:
    /// <code>
    /// u1: acceptances 3 (engaged)   vscode            code_completion                              python(cc)
    /// u2: interactions 4 (engaged)  vscode, intellij  code_completion, chat_panel_ask_mode, chat_inline   go(cc), python(chat_inline); gpt-5 (ask, inline)
    /// u3: interactions 2 (engaged)  intellij          chat_panel_agent_mode                        claude (agent mode)
    /// u4: generations only          neovim            code_completion                              python(cc), rust(cc)
    /// u5: no activity, no breakdowns
    /// </code>
    /// Day D+1: an aggregate without rows and no per-user data. Day D+2: per-user data only. Day D-1: outside the range.
    /// </summary>
    private async Task<IMetricsStore> LegacyDataAsync()
    {
        var store = await NewStoreAsync();
        await store.ReplaceAggregateDayAsync(Org, Aggregate(
            D,
            dau: 9,
            ides: [Ide("vscode", new(G: 100)), Ide("intellij", new(G: 50)), Ide("others", new(G: 1))],
            languages:
            [
                Lang("python", "code_completion", new(G: 100, A: 40, S: 120, L: 35)),
                Lang("python", "chat_inline", new(G: 7, A: 1, S: 9, L: 2)),
                Lang("go", "code_completion", new(G: 50, A: 10, S: 60, L: 12)),
                Lang("rust", "agent_edit", new(G: 3, L: 30)),
            ],
            models:
            [
                Model("gpt-5", "chat_panel_ask_mode", new(I: 12, G: 20)),
                Model("gpt-5", "chat_inline", new(I: 3, G: 4)),
                Model("claude", "chat_panel_agent_mode", new(I: 5, G: 9)),
                Model("claude", "agent_edit", new(G: 30)),
                Model("o3", "agent_edit", new(I: 7)),
            ]));
        await store.ReplaceUserDayAsync(Org, D, Stream(
            User(D, 1, "u1", new(G: 10, A: 3), ides: [Ide("vscode")], features: [Feature("code_completion")], languages: [Lang("python", "code_completion")]),
            User(D, 2, "u2", new(I: 4), ides: [Ide("vscode"), Ide("intellij")], features: [Feature("code_completion"), Feature("chat_panel_ask_mode"), Feature("chat_inline")],
                languages: [Lang("go", "code_completion"), Lang("python", "chat_inline")], models: [Model("gpt-5", "chat_panel_ask_mode"), Model("gpt-5", "chat_inline")]),
            User(D, 3, "u3", new(I: 2), ides: [Ide("intellij")], features: [Feature("chat_panel_agent_mode")], models: [Model("claude", "chat_panel_agent_mode")]),
            User(D, 4, "u4", new(G: 5), ides: [Ide("neovim")], features: [Feature("code_completion")], languages: [Lang("python", "code_completion"), Lang("rust", "code_completion")]),
            User(D, 5, "u5")));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(1), dau: 2));
        await store.ReplaceUserDayAsync(Org, D.AddDays(2), Stream(User(D.AddDays(2), 1, "u1", new(I: 1), ides: [Ide("vscode")], features: [Feature("chat_inline")])));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(D.AddDays(-1), dau: 50));
        return store;
    }

    [Fact]
    public async Task Legacy_projection_matches_the_hand_computed_day()
    {
        var store = await LegacyDataAsync();

        var days = await LegacyMetricsProjection.ProjectAsync(store, Org, new DateRange(D, D.AddDays(2)));

        static LegacyCompletionEditor Editor(string name, int users) => new()
        {
            Name = name,
            TotalEngagedUsers = users,
            Models = [new LegacyCompletionModel { Name = "default", IsCustomModel = false, CustomModelTrainingDate = null, TotalEngagedUsers = users, Languages = [] }],
        };

        LegacyMetricsDay[] expected =
        [
            new()
            {
                Date = D,
                TotalActiveUsers = 9,          // the aggregate's daily_active_users, not the 5 per-user rows
                TotalEngagedUsers = 3,         // u1 (acceptances), u2, u3 (interactions); not u4 (generations only), not u5
                CopilotIdeCodeCompletions = new LegacyIdeCodeCompletions
                {
                    TotalEngagedUsers = 3,     // code_completion feature rows: u1, u2, u4
                    Languages =
                    [
                        // Counters from the aggregate's code_completion language rows only (python's chat_inline row and
                        // rust's agent_edit row are not completions); users from per-user completion language rows.
                        new LegacyCompletionLanguage { Name = "go", TotalEngagedUsers = 1, TotalCodeSuggestions = 50, TotalCodeAcceptances = 10, TotalCodeLinesSuggested = 60, TotalCodeLinesAccepted = 12 },
                        new LegacyCompletionLanguage { Name = "python", TotalEngagedUsers = 2, TotalCodeSuggestions = 100, TotalCodeAcceptances = 40, TotalCodeLinesSuggested = 120, TotalCodeLinesAccepted = 35 },
                        new LegacyCompletionLanguage { Name = "rust", TotalEngagedUsers = 1 },
                    ],
                    // IDEs of the aggregate (others has no per-user rows) and of completion users (neovim), by name;
                    // completion users per IDE: intellij u2, neovim u4, vscode u1 and u2. No languages per editor.
                    Editors = [Editor("intellij", 1), Editor("neovim", 1), Editor("others", 0), Editor("vscode", 2)],
                },
                CopilotIdeChat = new LegacyIdeChat
                {
                    TotalEngagedUsers = 2,     // largest of: chat features 1, 1, 1; chat IDEs intellij 2, vscode 1; chat models 1, 1 (the true count, u2 and u3, is 2)
                    Editors =
                    [
                        new LegacyChatEditor { Name = "intellij", TotalEngagedUsers = 2, Models = [] },
                        new LegacyChatEditor { Name = "vscode", TotalEngagedUsers = 1, Models = [] },
                    ],
                    Models =
                    [
                        // Chats = interactions of the chat-feature model rows: claude 5 (its agent_edit row is not chat),
                        // gpt-5 12 + 3; o3 has agent_edit rows only and no chat users, so it is not listed.
                        new LegacyChatModel { Name = "claude", TotalEngagedUsers = 1, TotalChats = 5 },
                        new LegacyChatModel { Name = "gpt-5", TotalEngagedUsers = 1, TotalChats = 15 },
                    ],
                },
                CopilotDotcomChat = null,
                CopilotDotcomPullRequests = null,
            },
            new()
            {
                Date = D.AddDays(1),
                TotalActiveUsers = 2,
                TotalEngagedUsers = 0,
                CopilotIdeCodeCompletions = new LegacyIdeCodeCompletions(),
                CopilotIdeChat = new LegacyIdeChat(),
            },
        ];

        Assert.Equal(LegacyMetricsJson.Serialize(expected), LegacyMetricsJson.Serialize(days));
    }

    [Fact]
    public async Task Legacy_projection_names_completion_models_from_the_reports_code_completion_rows()
    {
        // Day D: two editors; the aggregate has code_completion rows for gpt-4o-mini and claude (and chat rows).
        //   u1 vscode            code_completion with gpt-4o-mini
        //   u2 vscode, intellij  code_completion with gpt-4o-mini and claude; chat_inline with gpt-4o-mini
        //   u3 intellij          code_completion with o4-mini (a model the aggregate folded away)
        // Day D+1: one editor (vscode); u1 code_completion with claude. Day D+2: an aggregate without completion models.
        var store = await NewStoreAsync();
        var d1 = D.AddDays(1);
        var d2 = D.AddDays(2);
        await store.ReplaceAggregateDayAsync(Org, Aggregate(
            D,
            dau: 3,
            ides: [Ide("vscode", new(G: 70)), Ide("intellij", new(G: 30))],
            models:
            [
                Model("gpt-4o-mini", "code_completion", new(G: 80, A: 20)),
                Model("gpt-4o-mini", "chat_inline", new(I: 2)),
                Model("claude", "code_completion", new(G: 20, A: 5)),
            ]));
        await store.ReplaceUserDayAsync(Org, D, Stream(
            User(D, 1, "u1", new(G: 40, A: 10), ides: [Ide("vscode")], features: [Feature("code_completion")], models: [Model("gpt-4o-mini", "code_completion")]),
            User(D, 2, "u2", new(I: 2, G: 50, A: 15), ides: [Ide("vscode"), Ide("intellij")], features: [Feature("code_completion"), Feature("chat_inline")],
                models: [Model("gpt-4o-mini", "code_completion"), Model("claude", "code_completion"), Model("gpt-4o-mini", "chat_inline")]),
            User(D, 3, "u3", new(G: 10), ides: [Ide("intellij")], features: [Feature("code_completion")], models: [Model("o4-mini", "code_completion")])));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(d1, dau: 1, ides: [Ide("vscode", new(G: 9))], models: [Model("claude", "code_completion", new(G: 9))]));
        await store.ReplaceUserDayAsync(Org, d1, Stream(
            User(d1, 1, "u1", new(G: 9, A: 1), ides: [Ide("vscode")], features: [Feature("code_completion")], models: [Model("claude", "code_completion")])));
        await store.ReplaceAggregateDayAsync(Org, Aggregate(d2, dau: 1, ides: [Ide("vscode", new(G: 1))], models: [Model("gpt-5", "chat_panel_ask_mode", new(I: 1))]));

        var days = await LegacyMetricsProjection.ProjectAsync(store, Org, new DateRange(D, d2));

        // Each model: not custom, no training date, its completion users, no languages.
        static string M(string name, int users) => $"{name} custom=False date=null users={users} languages=0";
        static string[] Describe(IEnumerable<LegacyCompletionModel> models) =>
            [.. models.Select(m => $"{m.Name} custom={m.IsCustomModel} date={m.CustomModelTrainingDate ?? "null"} users={m.TotalEngagedUsers} languages={m.Languages.Count}")];
        var first = days[0].CopilotIdeCodeCompletions!;
        // Completion users per model: gpt-4o-mini u1, u2; claude u2; o4-mini u3 (listed from the user rows alone).
        Assert.Equal([M("claude", 1), M("gpt-4o-mini", 2), M("o4-mini", 1)], Describe(first.Models));
        // Two editors: which one a model was used in is not known, so no editor lists models (and none is "default").
        Assert.Equal(["intellij", "vscode"], first.Editors.Select(e => e.Name));
        Assert.Equal([2, 2], first.Editors.Select(e => e.TotalEngagedUsers)); // intellij u2, u3; vscode u1, u2
        Assert.All(first.Editors, e => Assert.Empty(e.Models));
        // The chat side is unchanged: gpt-4o-mini's chat_inline row is chat, its code_completion rows are not.
        Assert.Equal(("gpt-4o-mini", 1, 2L), Assert.Single(days[0].CopilotIdeChat!.Models) is var chat ? (chat.Name, chat.TotalEngagedUsers, chat.TotalChats) : default);

        // One editor: all completion activity was in it, so it lists the day's models with their users.
        var second = days[1].CopilotIdeCodeCompletions!;
        var only = Assert.Single(second.Editors);
        Assert.Equal(("vscode", 1), (only.Name, only.TotalEngagedUsers));
        Assert.Equal([M("claude", 1)], Describe(only.Models));
        Assert.Equal([M("claude", 1)], Describe(second.Models));

        // No completion model in the report: the editor keeps its single "default" model, and there are no models.
        var third = days[2].CopilotIdeCodeCompletions!;
        Assert.Equal("default", Assert.Single(Assert.Single(third.Editors).Models).Name);
        Assert.Empty(third.Models);
    }

    [Fact]
    public async Task Legacy_json_has_the_snake_case_shape_and_writes_nulls()
    {
        var store = await LegacyDataAsync();

        var days = await LegacyMetricsProjection.ProjectAsync(store, Org, new DateRange(D, D.AddDays(1)));
        var json = LegacyMetricsJson.Serialize(days);

        using var document = JsonDocument.Parse(json);
        var second = document.RootElement[1];
        Assert.Equal(
            "{\"date\":\"2026-06-02\",\"total_active_users\":2,\"total_engaged_users\":0,"
            + "\"copilot_ide_code_completions\":{\"total_engaged_users\":0,\"languages\":[],\"editors\":[],\"models\":[]},"
            + "\"copilot_ide_chat\":{\"total_engaged_users\":0,\"editors\":[],\"models\":[]},"
            + "\"copilot_dotcom_chat\":null,\"copilot_dotcom_pull_requests\":null}",
            second.GetRawText());
        var first = document.RootElement[0];
        Assert.Equal(
            "{\"name\":\"intellij\",\"total_engaged_users\":1,\"models\":[{\"name\":\"default\",\"is_custom_model\":false,\"custom_model_training_date\":null,\"total_engaged_users\":1,\"languages\":[]}]}",
            first.GetProperty("copilot_ide_code_completions").GetProperty("editors")[0].GetRawText());
        Assert.Equal(
            "{\"name\":\"go\",\"total_engaged_users\":1,\"total_code_suggestions\":50,\"total_code_acceptances\":10,\"total_code_lines_suggested\":60,\"total_code_lines_accepted\":12}",
            first.GetProperty("copilot_ide_code_completions").GetProperty("languages")[0].GetRawText());
        Assert.Equal(
            "{\"name\":\"claude\",\"is_custom_model\":false,\"custom_model_training_date\":null,\"total_engaged_users\":1,\"total_chats\":5,\"total_chat_insertion_events\":0,\"total_chat_copy_events\":0}",
            first.GetProperty("copilot_ide_chat").GetProperty("models")[0].GetRawText());

        // What was written reads back the same.
        Assert.Equal(json, LegacyMetricsJson.Serialize(LegacyMetricsJson.Deserialize(LegacyMetricsJson.SerializeToUtf8Bytes(days))));
        using var stream = new MemoryStream();
        await LegacyMetricsJson.SerializeAsync(stream, days);
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        // One day alone is that day's element of the array, byte for byte (the web sample caches days apart).
        Assert.Equal(first.GetRawText(), System.Text.Encoding.UTF8.GetString(LegacyMetricsJson.SerializeToUtf8Bytes(days[0])));
        Assert.Equal(second.GetRawText(), System.Text.Encoding.UTF8.GetString(LegacyMetricsJson.SerializeToUtf8Bytes(days[1])));
    }

    [Fact]
    public async Task Legacy_projection_omits_days_without_an_aggregate_and_other_scopes()
    {
        var store = await LegacyDataAsync();

        Assert.Empty(await LegacyMetricsProjection.ProjectAsync(store, Org, new DateRange(D.AddDays(2), D.AddDays(5))));
        Assert.Empty(await LegacyMetricsProjection.ProjectAsync(store, OtherOrg, new DateRange(D.AddDays(-1), D.AddDays(2))));
        Assert.Equal([D.AddDays(-1), D, D.AddDays(1)], (await LegacyMetricsProjection.ProjectAsync(store, Org, new DateRange(D.AddDays(-3), D.AddDays(3)))).Select(d => d.Date));
    }

    [Fact]
    public async Task Legacy_projection_of_generated_data_never_multiplies_totals()
    {
        var store = await NewStoreAsync();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 17, Users = 60 });
        var range = new DateRange(D, D.AddDays(4));
        foreach (var day in range.EachDay())
        {
            await store.ReplaceAggregateDayAsync(Org, generator.GenerateAggregate(day));
            await store.ReplaceUserDayAsync(Org, day, Stream(generator.GenerateUsers(day)));
        }

        var days = await LegacyMetricsProjection.ProjectAsync(store, Org, range);

        Assert.Equal(range.EachDay(), days.Select(d => d.Date));
        foreach (var day in days)
        {
            var aggregate = generator.GenerateAggregate(day.Date);
            var users = generator.GenerateUsers(day.Date).ToList();
            var completions = day.CopilotIdeCodeCompletions!;
            var chat = day.CopilotIdeChat!;
            var chatUsers = users.Count(u => u.TotalsByFeature.Any(f => IsChat(f.Feature)));

            Assert.Equal(aggregate.DailyActiveUsers, day.TotalActiveUsers);
            Assert.Equal(users.Count(u => u.UserInitiatedInteractionCount > 0 || u.CodeAcceptanceActivityCount > 0), day.TotalEngagedUsers);
            Assert.Equal(users.Count(u => u.TotalsByFeature.Any(f => f.Feature == "code_completion")), completions.TotalEngagedUsers);
            // Each completion counter appears once: on the languages, never again under editors.
            Assert.Equal(aggregate.TotalsByLanguageFeature.Where(r => r.Feature == "code_completion").Sum(r => r.CodeGenerationActivityCount), completions.Languages.Sum(l => l.TotalCodeSuggestions));
            Assert.Equal(aggregate.TotalsByLanguageFeature.Where(r => r.Feature == "code_completion").Sum(r => r.LocAddedSum), completions.Languages.Sum(l => l.TotalCodeLinesAccepted));
            Assert.All(completions.Editors, e => Assert.Empty(Assert.Single(e.Models).Languages));
            Assert.Equal(aggregate.TotalsByModelFeature.Where(r => IsChat(r.Feature)).Sum(r => r.UserInitiatedInteractionCount), chat.Models.Sum(m => m.TotalChats));
            Assert.All(chat.Editors, e => Assert.Empty(e.Models));

            // Users per chat editor and per chat model, counted here from the generated rows: an editor counts the
            // users with a chat feature who used that IDE; a model the users with a chat row of that model.
            var chatters = users.Where(u => u.TotalsByFeature.Any(f => IsChat(f.Feature))).ToList();
            var byEditor = chatters.SelectMany(u => u.TotalsByIde.Select(i => i.Ide).Distinct()).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
            var byModel = users.SelectMany(u => u.TotalsByModelFeature.Where(m => IsChat(m.Feature)).Select(m => m.Model).Distinct()).GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
            var byFeature = users.SelectMany(u => u.TotalsByFeature.Where(f => IsChat(f.Feature)).Select(f => f.Feature).Distinct()).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(byEditor.OrderBy(e => e.Key, StringComparer.Ordinal), chat.Editors.Select(e => KeyValuePair.Create(e.Name, e.TotalEngagedUsers)));
            Assert.All(chat.Models, m => Assert.Equal(byModel.GetValueOrDefault(m.Name), m.TotalEngagedUsers));
            Assert.Equal(byModel.Keys.Order(StringComparer.Ordinal), chat.Models.Where(m => m.TotalEngagedUsers > 0).Select(m => m.Name));

            // The chat engaged users are the largest of those per-key counts: a lower bound of the true count.
            Assert.Equal(byEditor.Values.Concat(byModel.Values).Concat(byFeature.Values).DefaultIfEmpty(0).Max(), chat.TotalEngagedUsers);
            Assert.InRange(chat.TotalEngagedUsers, 1, chatUsers);
            Assert.Null(day.CopilotDotcomChat);
            Assert.Null(day.CopilotDotcomPullRequests);
        }
    }
}
