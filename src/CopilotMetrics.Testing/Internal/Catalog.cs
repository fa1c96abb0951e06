using System.Globalization;

namespace CopilotMetrics.Testing.Internal;

/// <summary>The features of the <c>feature</c> dimension the generator uses, in the order rows are written.</summary>
internal enum Feature
{
    CodeCompletion,
    ChatInline,
    ChatPanelAskMode,
    ChatPanelEditMode,
    ChatPanelAgentMode,
    ChatPanelPlanMode,
    ChatPanelCustomMode,
    AgentEdit,
}

/// <summary>The dimension values and their weights: what a realistic report is made of.</summary>
internal static class Catalog
{
    public const int FeatureCount = 8;

    /// <summary>Chat features (attributed to a model; set <c>used_chat</c>).</summary>
    public const int ChatMask =
        (1 << (int)Feature.ChatInline) | (1 << (int)Feature.ChatPanelAskMode) | (1 << (int)Feature.ChatPanelEditMode)
        | (1 << (int)Feature.ChatPanelAgentMode) | (1 << (int)Feature.ChatPanelPlanMode) | (1 << (int)Feature.ChatPanelCustomMode);

    /// <summary>Agent features (set <c>used_agent</c>).</summary>
    public const int AgentMask = (1 << (int)Feature.ChatPanelAgentMode) | (1 << (int)Feature.AgentEdit);

    public static readonly string[] FeatureNames =
    [
        "code_completion",
        "chat_inline",
        "chat_panel_ask_mode",
        "chat_panel_edit_mode",
        "chat_panel_agent_mode",
        "chat_panel_plan_mode",
        "chat_panel_custom_mode",
        "agent_edit",
    ];

    // ---- IDEs ---------------------------------------------------------------------------------------------

    public static readonly IdeInfo[] Ides =
    [
        new("vscode", 60, "copilot-chat", static r => V("1.", 108 + r, ".", 0), static (r, p) => V("0.", 37 + r, ".", p)),
        new("visualstudio", 14, "copilot", static r => V("17.14.", 21 + r, "", -1), static (r, p) => V("18.0.", 610 + (r * 10) + p, ".1", -1)),
        new("intellij", 13, "copilot-intellij", static r => V("2025.3.", 1 + r, "", -1), static (r, p) => V("1.5.", 62 + (r * 3) + p, "-243", -1)),
        new("neovim", 5, "copilot.vim", static r => V("0.11.", 4 + r, "", -1), static (r, p) => V("1.", 52 + r, ".", p)),
        new("eclipse", 3, "copilot-eclipse", static r => V("4.", 38 + (r / 3), ".0", -1), static (r, p) => V("0.", 13 + r, ".", p)),
        new("xcode", 3, "copilot-xcode", static r => V("26.", 1 + (r / 2), "", -1), static (r, p) => V("0.", 44 + r, ".", p)),
        new("vim", 2, "copilot.vim", static r => V("9.1.", 1500 + (r * 30), "", -1), static (r, p) => V("1.", 52 + r, ".", p)),
    ];

    public static readonly int[] IdeWeights = Weights(Ides, static i => i.Weight);
    public static readonly int IdeWeightTotal = IdeWeights.Sum();

    // ---- Languages ----------------------------------------------------------------------------------------

    public static readonly string[] Languages =
    [
        "typescript", "python", "csharp", "java", "javascript", "go", "cpp", "rust", "kotlin", "sql",
        "shellscript", "ruby", "php", "swift", "c",

        // incidental: touched by everyone, never a profile language
        "markdown", "json", "yaml", "unknown",
    ];

    public const int FirstIncidentalLanguage = 15;
    public const int IncidentalLanguageCount = 4;

    /// <summary>Weights of the profile languages (index-aligned with <see cref="Languages"/>) in a general-purpose editor.</summary>
    private static readonly int[] GeneralLanguageWeights = [20, 18, 14, 12, 10, 7, 5, 3, 3, 3, 3, 2, 2, 2, 2];

    /// <summary>Per IDE: weights of the primary language.</summary>
    public static readonly int[][] PrimaryLanguageWeights =
    [
        GeneralLanguageWeights,                                  // vscode
        [0, 2, 75, 0, 2, 0, 18, 0, 0, 2, 0, 0, 0, 0, 1],          // visualstudio
        [3, 10, 0, 50, 2, 8, 2, 2, 20, 3, 0, 0, 0, 0, 0],         // intellij (incl. PyCharm, GoLand, ...)
        [8, 14, 0, 0, 4, 22, 12, 20, 0, 2, 6, 4, 0, 0, 8],        // neovim
        [0, 5, 0, 90, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0],           // eclipse
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0],          // xcode
        [8, 14, 0, 0, 4, 22, 12, 20, 0, 2, 6, 4, 0, 0, 8],        // vim
    ];

    public static readonly int[] GeneralLanguageWeightArray = GeneralLanguageWeights;
    public static readonly int GeneralLanguageWeightTotal = GeneralLanguageWeights.Sum();

    // ---- Models -------------------------------------------------------------------------------------------

    public static readonly string[] Models =
    [
        "claude-sonnet-4.6", "gpt-5.4", "auto", "gpt-4.1", "gpt-5-mini", "claude-opus-4.6", "gemini-3-pro", "unknown",
    ];

    public static readonly int[] ModelWeights = [30, 25, 22, 9, 7, 4, 2, 1];
    public static readonly int ModelWeightTotal = ModelWeights.Sum();

    /// <summary>AI credits per user-initiated chat interaction, per model (included models cost nothing).</summary>
    public static readonly double[] ModelCredits = [1.0, 1.0, 0.9, 0.0, 0.0, 3.0, 1.0, 1.0];

    public const int InlineModel = 3; // chat_inline mostly runs on the included model

    // ---- Adoption phases ----------------------------------------------------------------------------------

    public static readonly string[] PhaseNames = ["No Cohort", "Phase 1", "Phase 2", "Phase 3"];
    public static readonly int[] PhaseWeights = [10, 35, 35, 20];
    public const string PhaseVersion = "v1";

    /// <summary>Per phase: the per-active-day probability of each feature (index-aligned with <see cref="Feature"/>; agent_edit is conditional on agent mode).</summary>
    public static readonly double[][] FeatureProbabilities =
    [
        [0.96, 0.12, 0.14, 0.01, 0.02, 0.00, 0.00, 0.75],
        [0.93, 0.14, 0.20, 0.02, 0.06, 0.01, 0.00, 0.75],
        [0.88, 0.14, 0.24, 0.03, 0.22, 0.02, 0.01, 0.80],
        [0.78, 0.12, 0.22, 0.03, 0.50, 0.05, 0.03, 0.85],
    ];

    public static readonly double[] PhaseIntensity = [0.5, 0.8, 1.1, 1.5];

    // ---- Code review --------------------------------------------------------------------------------------

    public static readonly string[] CommentTypes = ["bug_risk", "security", "performance", "maintainability", "readability"];
    public static readonly int[] CommentTypeWeights = [35, 12, 10, 25, 18];

    // ---- Third-party agent apps (the simulation's own ids) ------------------------------------------------

    public static readonly (string Id, string Name)[] Agents = [("3105566", "Claude"), ("3105871", "Codex")];

    // ---- helpers ------------------------------------------------------------------------------------------

    private static int[] Weights<T>(T[] items, Func<T, int> weight) => Array.ConvertAll(items, x => weight(x));

    /// <summary>A version string: prefix, a number clamped at 0, a separator and an optional second number.</summary>
    private static string V(string prefix, int number, string suffix, int last) =>
        last < 0
            ? string.Create(CultureInfo.InvariantCulture, $"{prefix}{Math.Max(0, number)}{suffix}")
            : string.Create(CultureInfo.InvariantCulture, $"{prefix}{Math.Max(0, number)}{suffix}{last}");
}

/// <param name="Name">The <c>ide</c> value.</param>
/// <param name="Weight">Share of users whose primary IDE it is.</param>
/// <param name="Plugin">The <c>plugin</c> value of <c>last_known_plugin_version</c>.</param>
/// <param name="IdeVersion">The IDE version for a release index (months since the epoch, may be negative).</param>
/// <param name="PluginVersion">The plugin version for a release index and a patch number.</param>
internal sealed record IdeInfo(string Name, int Weight, string Plugin, Func<int, string> IdeVersion, Func<int, int, string> PluginVersion);
