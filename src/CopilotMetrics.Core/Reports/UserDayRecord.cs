using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// One user's activity on one day: a line of a <c>users-1-day</c> or <c>users-28-day</c> report (one row per user, per day
/// and per organization or enterprise).
/// </summary>
/// <remarks>
/// <para>
/// Every list reads as empty, never <see langword="null"/>, when the line lacks it or holds <c>null</c>; setting one to
/// <see langword="null"/> (or not at all) is a record without it, written back without it. Fields GitHub added after the
/// report first shipped are nullable and <see langword="null"/> on older rows; never read an absent count as 0.
/// </para>
/// <para>
/// Usage outside the IDE is reported on its own and is not part of <see cref="TotalsByIde"/> or the IDE active-user counts
/// of the aggregate: the CLI (<see cref="TotalsByCli"/>), the Copilot app (<see cref="TotalsByCopilotApp"/>), the VS Code
/// Agents window (<see cref="TotalsByVscodeAgent"/>) and third-party agents (<see cref="TotalsByThirdPartyAgent"/>). Never
/// add their counts to the activity counters.
/// </para>
/// <para>
/// Round trip: <see cref="ReportJson"/> writes back what was read, unknown properties included, and leaves out every
/// nullable field and list the line did not have. It always writes <c>user_login</c>, the seven activity counters and the
/// five non-nullable <c>used_*</c> flags (<c>used_agent</c>, <c>used_chat</c>, <c>used_cli</c>,
/// <c>used_copilot_coding_agent</c>, <c>used_copilot_cloud_agent</c>), as <c>""</c>, 0 or <see langword="false"/> when a
/// line lacks them: GitHub documents them as always present, and a line without them means the same.
/// </para>
/// </remarks>
public sealed class UserDayRecord : ActivityTotals, IReportRecord
{
    private string? _login;
    private IReadOnlyList<IdeTotals>? _ides;
    private IReadOnlyList<FeatureTotals>? _features;
    private IReadOnlyList<LanguageFeatureTotals>? _languageFeatures;
    private IReadOnlyList<LanguageModelTotals>? _languageModels;
    private IReadOnlyList<ModelFeatureTotals>? _modelFeatures;

    // The fields GitHub added from July 2026, in an object of their own allocated only for rows that have one: a row of
    // the older shape stays as small as it was (the generator and the stores hold millions of them). The two flags every
    // newer row carries are two bits each (has a value, the value) of one byte.
    internal const int AppFlag = 0;
    internal const int VscodeAgentFlag = 2;
    private Since2026? _more;
    private byte _flags;

    /// <summary>The day of the row (UTC).</summary>
    [JsonPropertyName("day")]
    [JsonRequired]
    public DateOnly Day { get; init; }

    /// <summary>First day of the window; <c>users-28-day</c> rows only.</summary>
    [JsonPropertyName("report_start_day")]
    public DateOnly? ReportStartDay { get; init; }

    /// <summary>Last day of the window; <c>users-28-day</c> rows only.</summary>
    [JsonPropertyName("report_end_day")]
    public DateOnly? ReportEndDay { get; init; }

    /// <summary>The enterprise id (a string).</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The organization id (a string); organization-scope reports only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The GitHub user id.</summary>
    [JsonPropertyName("user_id")]
    [JsonRequired]
    public long UserId { get; init; }

    /// <summary>The GitHub login.</summary>
    [JsonPropertyName("user_login")]
    public string UserLogin { get => _login ?? ""; init => _login = value; }

    /// <summary>Used IDE agent mode that day.</summary>
    [JsonPropertyName("used_agent")]
    public bool UsedAgent { get; init; }

    /// <summary>Used IDE chat that day.</summary>
    [JsonPropertyName("used_chat")]
    public bool UsedChat { get; init; }

    /// <summary>Used the Copilot CLI that day.</summary>
    [JsonPropertyName("used_cli")]
    public bool UsedCli { get; init; }

    /// <summary>Used the Copilot cloud agent (the field's old name; same value as <see cref="UsedCopilotCloudAgent"/>).</summary>
    [JsonPropertyName("used_copilot_coding_agent")]
    public bool UsedCopilotCodingAgent { get; init; }

    /// <summary>Used the Copilot cloud agent.</summary>
    [JsonPropertyName("used_copilot_cloud_agent")]
    public bool UsedCopilotCloudAgent { get; init; }

    /// <summary>Actively engaged with Copilot code review; <see langword="null"/> when there was no code-review signal.</summary>
    [JsonPropertyName("used_copilot_code_review_active")]
    public bool? UsedCopilotCodeReviewActive { get; init; }

    /// <summary>Copilot was assigned as reviewer without engagement; <see langword="null"/> when there was no signal.</summary>
    [JsonPropertyName("used_copilot_code_review_passive")]
    public bool? UsedCopilotCodeReviewPassive { get; init; }

    /// <summary>Used the GitHub Copilot app that day (<c>used_copilot_app</c>, from 2026-07-28); <see langword="null"/> on older rows.</summary>
    [JsonPropertyName("used_copilot_app")]
    public bool? UsedCopilotApp { get => Flag(AppFlag); init => _flags = Flag(AppFlag, value); }

    /// <summary>
    /// Used the dedicated VS Code Agents window that day (<c>used_vscode_agent</c>, from 2026-09-11); <see langword="null"/>
    /// when not reported. Agent mode in the editor window is <see cref="UsedAgent"/>, not this.
    /// </summary>
    [JsonPropertyName("used_vscode_agent")]
    public bool? UsedVscodeAgent { get => Flag(VscodeAgentFlag); init => _flags = Flag(VscodeAgentFlag, value); }

    /// <summary>AI credits the user consumed that day (a metrics signal, not an invoice); absent on older rows.</summary>
    [JsonPropertyName("ai_credits_used")]
    public double? AiCreditsUsed { get; init; }

    /// <summary>The user's AI-adoption cohort.</summary>
    [JsonPropertyName("ai_adoption_phase")]
    public AiAdoptionPhase? AiAdoptionPhase { get; init; }

    /// <summary>Different skills the user invoked that day, masked ones and those outside <see cref="TotalsBySkill"/> included (<c>distinct_skill_use_count</c>, from 2026-09-17); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("distinct_skill_use_count")]
    public long? DistinctSkillUseCount { get => _more?.DistinctSkillUseCount; init { if (More(value) is { } more) { more.DistinctSkillUseCount = value; } } }

    /// <summary>Different custom agents the user started that day (<c>distinct_custom_agent_use_count</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("distinct_custom_agent_use_count")]
    public long? DistinctCustomAgentUseCount { get => _more?.DistinctCustomAgentUseCount; init { if (More(value) is { } more) { more.DistinctCustomAgentUseCount = value; } } }

    /// <summary>Different MCP servers the CLI connected to for the user that day (<c>distinct_mcp_use_count</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("distinct_mcp_use_count")]
    public long? DistinctMcpUseCount { get => _more?.DistinctMcpUseCount; init { if (More(value) is { } more) { more.DistinctMcpUseCount = value; } } }

    /// <summary>Different slash commands the user ran that day (<c>distinct_slash_cmd_use_count</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("distinct_slash_cmd_use_count")]
    public long? DistinctSlashCommandUseCount { get => _more?.DistinctSlashCommandUseCount; init { if (More(value) is { } more) { more.DistinctSlashCommandUseCount = value; } } }

    /// <summary>Different plugins whose skills the user invoked that day (<c>distinct_plugin_use_count</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("distinct_plugin_use_count")]
    public long? DistinctPluginUseCount { get => _more?.DistinctPluginUseCount; init { if (More(value) is { } more) { more.DistinctPluginUseCount = value; } } }

    /// <summary>CLI usage; <see langword="null"/> without CLI use. Not part of <see cref="TotalsByIde"/>.</summary>
    [JsonPropertyName("totals_by_cli")]
    public CliTotals? TotalsByCli { get; init; }

    /// <summary>
    /// GitHub Copilot app usage (<c>totals_by_copilot_app</c>, from 2026-07-28); <see langword="null"/> without app use or on
    /// older rows. Never add it to the activity counters (see <see cref="CopilotAppTotals"/>).
    /// </summary>
    [JsonPropertyName("totals_by_copilot_app")]
    public CopilotAppTotals? TotalsByCopilotApp { get => _more?.TotalsByCopilotApp; init { if (More(value) is { } more) { more.TotalsByCopilotApp = value; } } }

    /// <summary>Activity in the VS Code Agents window (<c>totals_by_vscode_agent</c>, an object); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("totals_by_vscode_agent")]
    public VscodeAgentTotals? TotalsByVscodeAgent { get => _more?.TotalsByVscodeAgent; init { if (More(value) is { } more) { more.TotalsByVscodeAgent = value; } } }

    /// <summary>
    /// Third-party agent app activity (<c>totals_by_3rd_party_agent</c>, from 2026-08-07); empty without such activity. Per-user
    /// entries carry no session count.
    /// </summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<ThirdPartyAgentTotals> TotalsByThirdPartyAgent { get => _more?.ThirdPartyAgents ?? []; init { if (More(value) is { } more) { more.ThirdPartyAgents = value; } } }

    /// <summary>The top five skills by invocations (<c>totals_by_skill</c>, from 2026-09-17); empty when none or not reported.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<SkillTotals> TotalsBySkill { get => _more?.Skills ?? []; init { if (More(value) is { } more) { more.Skills = value; } } }

    /// <summary>The top five custom agents by starts (<c>totals_by_custom_agent</c>); empty when none or not reported.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<CustomAgentTotals> TotalsByCustomAgent { get => _more?.CustomAgents ?? []; init { if (More(value) is { } more) { more.CustomAgents = value; } } }

    /// <summary>The top five MCP servers by connection attempts (<c>totals_by_mcp</c>); empty when none or not reported.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<McpTotals> TotalsByMcp { get => _more?.Mcps ?? []; init { if (More(value) is { } more) { more.Mcps = value; } } }

    /// <summary>The top five slash commands by invocations (<c>totals_by_slash_cmd</c>); empty when none or not reported.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<SlashCommandTotals> TotalsBySlashCommand { get => _more?.SlashCommands ?? []; init { if (More(value) is { } more) { more.SlashCommands = value; } } }

    /// <summary>The top five plugins by skill invocations (<c>totals_by_plugin</c>): a subset of the skill counts, never to be added to them.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<PluginTotals> TotalsByPlugin { get => _more?.Plugins ?? []; init { if (More(value) is { } more) { more.Plugins = value; } } }

    /// <summary>Activity by IDE.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<IdeTotals> TotalsByIde { get => _ides ?? []; init => _ides = value; }

    /// <summary>Activity by feature.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<FeatureTotals> TotalsByFeature { get => _features ?? []; init => _features = value; }

    /// <summary>Activity by language and feature.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<LanguageFeatureTotals> TotalsByLanguageFeature { get => _languageFeatures ?? []; init => _languageFeatures = value; }

    /// <summary>Chat activity by language and model.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<LanguageModelTotals> TotalsByLanguageModel { get => _languageModels ?? []; init => _languageModels = value; }

    /// <summary>Chat activity by model and feature.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<ModelFeatureTotals> TotalsByModelFeature { get => _modelFeatures ?? []; init => _modelFeatures = value; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }

    // The lists as the JSON holds them: null when the line lacked them, so that they are written back only when read.
    [JsonInclude]
    [JsonPropertyName("totals_by_3rd_party_agent")]
    internal IReadOnlyList<ThirdPartyAgentTotals>? ThirdPartyAgentsJson { get => _more?.ThirdPartyAgents; init { if (More(value) is { } more) { more.ThirdPartyAgents = value; } } }

    [JsonInclude]
    [JsonPropertyName("totals_by_skill")]
    internal IReadOnlyList<SkillTotals>? SkillsJson { get => _more?.Skills; init { if (More(value) is { } more) { more.Skills = value; } } }

    [JsonInclude]
    [JsonPropertyName("totals_by_custom_agent")]
    internal IReadOnlyList<CustomAgentTotals>? CustomAgentsJson { get => _more?.CustomAgents; init { if (More(value) is { } more) { more.CustomAgents = value; } } }

    [JsonInclude]
    [JsonPropertyName("totals_by_mcp")]
    internal IReadOnlyList<McpTotals>? McpsJson { get => _more?.Mcps; init { if (More(value) is { } more) { more.Mcps = value; } } }

    [JsonInclude]
    [JsonPropertyName("totals_by_slash_cmd")]
    internal IReadOnlyList<SlashCommandTotals>? SlashCommandsJson { get => _more?.SlashCommands; init { if (More(value) is { } more) { more.SlashCommands = value; } } }

    [JsonInclude]
    [JsonPropertyName("totals_by_plugin")]
    internal IReadOnlyList<PluginTotals>? PluginsJson { get => _more?.Plugins; init { if (More(value) is { } more) { more.Plugins = value; } } }

    [JsonInclude]
    [JsonPropertyName("totals_by_ide")]
    internal IReadOnlyList<IdeTotals>? IdesJson { get => _ides; init => _ides = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_feature")]
    internal IReadOnlyList<FeatureTotals>? FeaturesJson { get => _features; init => _features = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_language_feature")]
    internal IReadOnlyList<LanguageFeatureTotals>? LanguageFeaturesJson { get => _languageFeatures; init => _languageFeatures = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_language_model")]
    internal IReadOnlyList<LanguageModelTotals>? LanguageModelsJson { get => _languageModels; init => _languageModels = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_model_feature")]
    internal IReadOnlyList<ModelFeatureTotals>? ModelFeaturesJson { get => _modelFeatures; init => _modelFeatures = value; }

    /// <summary>The 2026 fields as the per-user parser collects them (<see langword="null"/> for a row without any).</summary>
    internal Since2026? Added { get => _more; init => _more = value; }

    /// <summary><see cref="UsedCopilotApp"/> and <see cref="UsedVscodeAgent"/> as the per-user parser collects them.</summary>
    internal byte Flags { init => _flags = value; }

    /// <summary><paramref name="flags"/> with the two bits at <paramref name="bit"/> set to <paramref name="value"/>.</summary>
    internal static byte WithFlag(byte flags, int bit, bool? value) =>
        (byte)((flags & ~(3 << bit)) | (value is { } v ? (1 | (v ? 2 : 0)) << bit : 0));

    private bool? Flag(int bit) => (_flags >> bit & 1) == 0 ? null : (_flags >> bit & 2) != 0;

    private byte Flag(int bit, bool? value) => WithFlag(_flags, bit, value);

    /// <summary>The object for the 2026 fields when <paramref name="value"/> is set (allocated then); <see langword="null"/> for a null value.</summary>
    private Since2026? More<T>(T value) => value is null ? null : _more ??= new Since2026();

    /// <summary>The fields GitHub added to per-user rows from July 2026 (see the properties of the same names).</summary>
    internal sealed class Since2026
    {
        public long? DistinctSkillUseCount;
        public long? DistinctCustomAgentUseCount;
        public long? DistinctMcpUseCount;
        public long? DistinctSlashCommandUseCount;
        public long? DistinctPluginUseCount;
        public CopilotAppTotals? TotalsByCopilotApp;
        public VscodeAgentTotals? TotalsByVscodeAgent;
        public IReadOnlyList<ThirdPartyAgentTotals>? ThirdPartyAgents;
        public IReadOnlyList<SkillTotals>? Skills;
        public IReadOnlyList<CustomAgentTotals>? CustomAgents;
        public IReadOnlyList<McpTotals>? Mcps;
        public IReadOnlyList<SlashCommandTotals>? SlashCommands;
        public IReadOnlyList<PluginTotals>? Plugins;
    }
}
