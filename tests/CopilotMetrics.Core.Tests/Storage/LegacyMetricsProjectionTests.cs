using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Legacy;

namespace CopilotMetrics.Core.Tests.Storage;

/// <summary>
/// <see cref="LegacyMetricsProjection.Project"/> as a pure function of one day's aggregate record and engagement rows,
/// built here by hand. The day is the one of the store conformance suite (MetricsStoreConformanceTests.Legacy.cs),
/// whose per-user rows give these engagement rows:
/// <code>
/// u1: acceptances 3 (engaged)   vscode            code_completion                              python(cc)
/// u2: interactions 4 (engaged)  vscode, intellij  code_completion, chat_panel_ask_mode, chat_inline   go(cc), python(chat_inline); gpt-5 (ask, inline)
/// u3: interactions 2 (engaged)  intellij          chat_panel_agent_mode                        claude (agent mode)
/// u4: generations only          neovim            code_completion                              python(cc), rust(cc)
/// u5: no activity, no breakdowns
/// </code>
/// so the expected day object is the one that suite expects for that day.
/// </summary>
public sealed class LegacyMetricsProjectionTests
{
    private static readonly DateOnly D = new(2026, 6, 1);

    private static IdeTotals Ide(string ide, long generations) => new() { Ide = ide, CodeGenerationActivityCount = generations };

    private static LanguageFeatureTotals Lang(string language, string feature, long generations = 0, long acceptances = 0, long suggested = 0, long added = 0) =>
        new() { Language = language, Feature = feature, CodeGenerationActivityCount = generations, CodeAcceptanceActivityCount = acceptances, LocSuggestedToAddSum = suggested, LocAddedSum = added };

    private static ModelFeatureTotals Model(string model, string feature, long interactions = 0, long generations = 0) =>
        new() { Model = model, Feature = feature, UserInitiatedInteractionCount = interactions, CodeGenerationActivityCount = generations };

    private static AggregateDayRecord Aggregate(DateOnly day) => new()
    {
        Day = day,
        DailyActiveUsers = 9,
        TotalsByIde = [Ide("vscode", 100), Ide("intellij", 50), Ide("others", 1)],
        TotalsByLanguageFeature =
        [
            Lang("python", "code_completion", generations: 100, acceptances: 40, suggested: 120, added: 35),
            Lang("python", "chat_inline", generations: 7, acceptances: 1, suggested: 9, added: 2),
            Lang("go", "code_completion", generations: 50, acceptances: 10, suggested: 60, added: 12),
            Lang("rust", "agent_edit", generations: 3, added: 30),
        ],
        TotalsByModelFeature =
        [
            Model("gpt-5", "chat_panel_ask_mode", interactions: 12, generations: 20),
            Model("gpt-5", "chat_inline", interactions: 3, generations: 4),
            Model("claude", "chat_panel_agent_mode", interactions: 5, generations: 9),
            Model("claude", "agent_edit", generations: 30),
            Model("o3", "agent_edit", interactions: 7),
        ],
    };

    /// <summary>Day D's distinct users per kind and key, counted by hand from the table above.</summary>
    private static DailyEngagement[] EngagementOfD() =>
    [
        new(D, EngagementKind.Active, "", 5),
        new(D, EngagementKind.Engaged, "", 3),                        // u1, u2, u3
        new(D, EngagementKind.Ide, "intellij", 2),
        new(D, EngagementKind.Ide, "neovim", 1),
        new(D, EngagementKind.Ide, "vscode", 2),
        new(D, EngagementKind.Feature, "chat_inline", 1),
        new(D, EngagementKind.Feature, "chat_panel_agent_mode", 1),
        new(D, EngagementKind.Feature, "chat_panel_ask_mode", 1),
        new(D, EngagementKind.Feature, "code_completion", 3),         // u1, u2, u4
        new(D, EngagementKind.CompletionLanguage, "go", 1),           // u2
        new(D, EngagementKind.CompletionLanguage, "python", 2),       // u1, u4
        new(D, EngagementKind.CompletionLanguage, "rust", 1),         // u4
        new(D, EngagementKind.ChatModel, "claude", 1),                // u3
        new(D, EngagementKind.ChatModel, "gpt-5", 1),                 // u2
        new(D, EngagementKind.CompletionIde, "intellij", 1),          // u2
        new(D, EngagementKind.CompletionIde, "neovim", 1),            // u4
        new(D, EngagementKind.CompletionIde, "vscode", 2),            // u1, u2
        new(D, EngagementKind.ChatIde, "intellij", 2),                // u2, u3
        new(D, EngagementKind.ChatIde, "vscode", 1),                  // u2
    ];

    /// <summary>Rows of the days around D, with keys and counts that would show if they were not ignored.</summary>
    private static DailyEngagement[] EngagementOfOtherDays() =>
    [
        new(D.AddDays(1), EngagementKind.Engaged, "", 99),
        new(D.AddDays(1), EngagementKind.Feature, "code_completion", 50),
        new(D.AddDays(1), EngagementKind.Feature, "chat_inline", 40),
        new(D.AddDays(1), EngagementKind.ChatIde, "emacs", 7),
        new(D.AddDays(-1), EngagementKind.CompletionLanguage, "cobol", 4),
        new(D.AddDays(-1), EngagementKind.CompletionIde, "vscode", 30),
        new(D.AddDays(-1), EngagementKind.ChatModel, "gpt-5", 20),
        new(D.AddDays(-1), EngagementKind.CompletionModel, "gpt-4o-mini", 9),
    ];

    private static string Json(LegacyMetricsDay day) => System.Text.Encoding.UTF8.GetString(LegacyMetricsJson.SerializeToUtf8Bytes(day));

    private static LegacyCompletionEditor Editor(string name, int users) => new()
    {
        Name = name,
        TotalEngagedUsers = users,
        Models = [new LegacyCompletionModel { Name = "default", IsCustomModel = false, CustomModelTrainingDate = null, TotalEngagedUsers = users, Languages = [] }],
    };

    [Fact]
    public void Project_of_the_hand_built_day_is_the_hand_computed_legacy_day_and_ignores_rows_of_other_days()
    {
        var engagement = EngagementOfOtherDays().Take(3).Concat(EngagementOfD()).Concat(EngagementOfOtherDays().Skip(3));

        var day = LegacyMetricsProjection.Project(Aggregate(D), engagement);

        var expected = new LegacyMetricsDay
        {
            Date = D,
            TotalActiveUsers = 9,  // the aggregate's daily_active_users, not the 5 active per-user rows
            TotalEngagedUsers = 3,
            CopilotIdeCodeCompletions = new LegacyIdeCodeCompletions
            {
                TotalEngagedUsers = 3,
                Languages =
                [
                    // Counters from the aggregate's code_completion rows only (not python's chat_inline, not rust's agent_edit).
                    new LegacyCompletionLanguage { Name = "go", TotalEngagedUsers = 1, TotalCodeSuggestions = 50, TotalCodeAcceptances = 10, TotalCodeLinesSuggested = 60, TotalCodeLinesAccepted = 12 },
                    new LegacyCompletionLanguage { Name = "python", TotalEngagedUsers = 2, TotalCodeSuggestions = 100, TotalCodeAcceptances = 40, TotalCodeLinesSuggested = 120, TotalCodeLinesAccepted = 35 },
                    new LegacyCompletionLanguage { Name = "rust", TotalEngagedUsers = 1 },
                ],
                Editors = [Editor("intellij", 1), Editor("neovim", 1), Editor("others", 0), Editor("vscode", 2)],
            },
            CopilotIdeChat = new LegacyIdeChat
            {
                TotalEngagedUsers = 2, // the largest of the chat feature (1, 1, 1), chat IDE (2, 1) and chat model (1, 1) counts
                Editors =
                [
                    new LegacyChatEditor { Name = "intellij", TotalEngagedUsers = 2, Models = [] },
                    new LegacyChatEditor { Name = "vscode", TotalEngagedUsers = 1, Models = [] },
                ],
                Models =
                [
                    // Interactions of chat-feature rows: claude 5 (not its agent_edit row), gpt-5 12 + 3; o3 has agent_edit rows only.
                    new LegacyChatModel { Name = "claude", TotalEngagedUsers = 1, TotalChats = 5 },
                    new LegacyChatModel { Name = "gpt-5", TotalEngagedUsers = 1, TotalChats = 15 },
                ],
            },
            CopilotDotcomChat = null,
            CopilotDotcomPullRequests = null,
        };
        Assert.Equal(Json(expected), Json(day));
    }

    [Fact]
    public void Project_without_engagement_rows_of_the_day_keeps_the_aggregates_keys_with_zero_users()
    {
        var day = LegacyMetricsProjection.Project(Aggregate(D), EngagementOfOtherDays());

        var expected = new LegacyMetricsDay
        {
            Date = D,
            TotalActiveUsers = 9,
            TotalEngagedUsers = 0,
            CopilotIdeCodeCompletions = new LegacyIdeCodeCompletions
            {
                TotalEngagedUsers = 0,
                // Only the aggregate's code_completion languages (no user rows: no rust), with their counters.
                Languages =
                [
                    new LegacyCompletionLanguage { Name = "go", TotalCodeSuggestions = 50, TotalCodeAcceptances = 10, TotalCodeLinesSuggested = 60, TotalCodeLinesAccepted = 12 },
                    new LegacyCompletionLanguage { Name = "python", TotalCodeSuggestions = 100, TotalCodeAcceptances = 40, TotalCodeLinesSuggested = 120, TotalCodeLinesAccepted = 35 },
                ],
                Editors = [Editor("intellij", 0), Editor("others", 0), Editor("vscode", 0)],
            },
            CopilotIdeChat = new LegacyIdeChat
            {
                TotalEngagedUsers = 0,
                Editors = [], // chat editors come from users only
                Models =
                [
                    new LegacyChatModel { Name = "claude", TotalChats = 5 },
                    new LegacyChatModel { Name = "gpt-5", TotalChats = 15 },
                ],
            },
        };
        Assert.Equal(Json(expected), Json(day));
        Assert.Equal(Json(day), Json(LegacyMetricsProjection.Project(Aggregate(D), [])));
    }

    [Fact]
    public void The_chat_total_counts_chat_features_only_and_takes_the_largest_count()
    {
        var aggregate = new AggregateDayRecord { Day = D, DailyActiveUsers = 40 };
        DailyEngagement[] engagement =
        [
            new(D, EngagementKind.Feature, "code_completion", 30), // not chat
            new(D, EngagementKind.Feature, "agent_edit", 25),      // not chat
            new(D, EngagementKind.Feature, "chat_panel_plan_mode", 6),
            new(D, EngagementKind.ChatIde, "vscode", 4),
            new(D, EngagementKind.ChatModel, "gpt-5", 5),
        ];

        var chat = LegacyMetricsProjection.Project(aggregate, engagement).CopilotIdeChat!;

        Assert.Equal(6, chat.TotalEngagedUsers);
        Assert.Equal(("vscode", 4), Assert.Single(chat.Editors) is var e ? (e.Name, e.TotalEngagedUsers) : default);
        Assert.Equal(("gpt-5", 5, 0L), Assert.Single(chat.Models) is var m ? (m.Name, m.TotalEngagedUsers, m.TotalChats) : default);
    }

    private static LegacyCompletionModel CompletionModel(string name, int users) =>
        new() { Name = name, IsCustomModel = false, CustomModelTrainingDate = null, TotalEngagedUsers = users, Languages = [] };

    [Fact]
    public void Completion_models_of_the_report_replace_default_and_go_under_an_editor_only_when_there_is_one()
    {
        // The aggregate names two completion models (and a chat row of one of them); the user rows a third.
        var aggregate = new AggregateDayRecord
        {
            Day = D,
            DailyActiveUsers = 4,
            TotalsByIde = [Ide("vscode", 60), Ide("intellij", 40)],
            TotalsByModelFeature =
            [
                Model("gpt-4o-mini", "code_completion", generations: 80),
                Model("gpt-4o-mini", "chat_inline", interactions: 2),
                Model("claude", "code_completion", generations: 20),
            ],
        };
        DailyEngagement[] engagement =
        [
            new(D, EngagementKind.Feature, "code_completion", 3),
            new(D, EngagementKind.CompletionIde, "intellij", 2),
            new(D, EngagementKind.CompletionIde, "vscode", 2),
            new(D, EngagementKind.CompletionModel, "claude", 1),
            new(D, EngagementKind.CompletionModel, "gpt-4o-mini", 3),
            new(D, EngagementKind.CompletionModel, "o4-mini", 1),
            new(D.AddDays(1), EngagementKind.CompletionModel, "gpt-5", 7), // another day: ignored
        ];

        var completions = LegacyMetricsProjection.Project(aggregate, engagement).CopilotIdeCodeCompletions!;

        var expected = new LegacyIdeCodeCompletions
        {
            TotalEngagedUsers = 3,
            Languages = [],
            // Two editors and no editor x model cross-tab: no editor lists models, and none gets "default".
            Editors =
            [
                new LegacyCompletionEditor { Name = "intellij", TotalEngagedUsers = 2, Models = [] },
                new LegacyCompletionEditor { Name = "vscode", TotalEngagedUsers = 2, Models = [] },
            ],
            // Listed once, by name, with the users known per model; o4-mini from the user rows alone.
            Models = [CompletionModel("claude", 1), CompletionModel("gpt-4o-mini", 3), CompletionModel("o4-mini", 1)],
        };
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(LegacyMetricsJson.SerializeToUtf8Bytes(new LegacyMetricsDay { Date = D, CopilotIdeCodeCompletions = expected })),
            System.Text.Encoding.UTF8.GetString(LegacyMetricsJson.SerializeToUtf8Bytes(new LegacyMetricsDay { Date = D, CopilotIdeCodeCompletions = completions })));
    }

    [Fact]
    public void With_one_editor_the_completion_models_are_the_editor_s()
    {
        var aggregate = new AggregateDayRecord
        {
            Day = D,
            DailyActiveUsers = 2,
            TotalsByIde = [Ide("vscode", 10)],
            TotalsByModelFeature = [Model("claude", "code_completion", generations: 10)],
        };
        DailyEngagement[] engagement =
        [
            new(D, EngagementKind.Feature, "code_completion", 2),
            new(D, EngagementKind.CompletionIde, "vscode", 2),
            new(D, EngagementKind.CompletionModel, "claude", 2),
        ];

        var completions = LegacyMetricsProjection.Project(aggregate, engagement).CopilotIdeCodeCompletions!;

        var editor = Assert.Single(completions.Editors);
        Assert.Equal(("vscode", 2), (editor.Name, editor.TotalEngagedUsers));
        Assert.Equal(("claude", 2), Assert.Single(editor.Models) is var m ? (m.Name, m.TotalEngagedUsers) : default);
        Assert.Empty(editor.Models[0].Languages);
        Assert.Equal(("claude", 2), Assert.Single(completions.Models) is var t ? (t.Name, t.TotalEngagedUsers) : default);
    }

    [Fact]
    public void Default_stays_only_while_the_report_has_no_completion_model()
    {
        // The hand-built day has model rows of chat and agent_edit only: every editor keeps "default".
        var day = LegacyMetricsProjection.Project(Aggregate(D), EngagementOfD());

        Assert.All(day.CopilotIdeCodeCompletions!.Editors, e => Assert.Equal("default", Assert.Single(e.Models).Name));
        Assert.Empty(day.CopilotIdeCodeCompletions.Models);

        // A completion model seen only in the user rows is enough to replace it.
        var withUsers = LegacyMetricsProjection.Project(Aggregate(D), [.. EngagementOfD(), new(D, EngagementKind.CompletionModel, "gpt-4o-mini", 2)]);
        Assert.All(withUsers.CopilotIdeCodeCompletions!.Editors, e => Assert.Empty(e.Models));
        Assert.Equal(("gpt-4o-mini", 2), Assert.Single(withUsers.CopilotIdeCodeCompletions.Models) is var m ? (m.Name, m.TotalEngagedUsers) : default);
    }

    [Fact]
    public void Project_refuses_null_arguments()
    {
        Assert.Equal("aggregate", Assert.Throws<ArgumentNullException>(() => LegacyMetricsProjection.Project(null!, [])).ParamName);
        Assert.Equal("engagement", Assert.Throws<ArgumentNullException>(() => LegacyMetricsProjection.Project(Aggregate(D), null!)).ParamName);
    }
}
