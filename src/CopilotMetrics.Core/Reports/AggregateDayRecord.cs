using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// An organization's or enterprise's totals for one day: the object of an <c>organization-1-day</c> or
/// <c>enterprise-1-day</c> report, and each <c>day_totals</c> entry of a 28-day report.
/// </summary>
/// <remarks>
/// <para>
/// Every list reads as empty, never <see langword="null"/>, when the record lacks it or holds <c>null</c>; setting one to
/// <see langword="null"/> (or not at all) is a record without it, written back without it. Fields GitHub
/// added after the report first shipped are nullable and <see langword="null"/> on older records or when GitHub has no
/// data (the cloud-agent, Copilot app and VS Code Agents counts among them); never read an absent count as 0.
/// </para>
/// <para>
/// The <c>distinct_*_use_count</c> fields count each item once over the whole organization or enterprise: never sum them
/// over users or days, and never derive them from per-user records. The active-user counts are distinct users over their
/// window: never sum them over days either. CLI, Copilot app, VS Code Agents window and third-party agent usage are
/// reported in their own fields and are not part of <see cref="TotalsByIde"/> or the IDE active-user counts.
/// </para>
/// <para>
/// Round trip: <see cref="ReportJson"/> writes back what was read, unknown properties included, and leaves out every
/// nullable field and list the record did not have. It always writes the five non-nullable active-user counts
/// (<c>daily_active_users</c>, <c>weekly_active_users</c>, <c>monthly_active_users</c>, <c>monthly_active_chat_users</c>,
/// <c>monthly_active_agent_users</c>) and the seven activity counters, as 0 when a record lacks them: GitHub documents
/// them as always present.
/// </para>
/// </remarks>
public sealed class AggregateDayRecord : ActivityTotals, IReportRecord
{
    private IReadOnlyList<IdeTotals>? _ides;
    private IReadOnlyList<FeatureTotals>? _features;
    private IReadOnlyList<LanguageFeatureTotals>? _languageFeatures;
    private IReadOnlyList<LanguageModelTotals>? _languageModels;
    private IReadOnlyList<ModelFeatureTotals>? _modelFeatures;
    private IReadOnlyList<ThirdPartyAgentTotals>? _thirdPartyAgents;
    private IReadOnlyList<SkillTotals>? _skills;
    private IReadOnlyList<CustomAgentTotals>? _customAgents;
    private IReadOnlyList<McpTotals>? _mcps;
    private IReadOnlyList<SlashCommandTotals>? _slashCommands;
    private IReadOnlyList<PluginTotals>? _plugins;

    /// <summary>The day (UTC).</summary>
    [JsonPropertyName("day")]
    [JsonRequired]
    public DateOnly Day { get; init; }

    /// <summary>The enterprise id (a string).</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The organization id (a string); organization-scope reports only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>Unique Copilot users that day.</summary>
    [JsonPropertyName("daily_active_users")]
    public int DailyActiveUsers { get; init; }

    /// <summary>Unique users in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_active_users")]
    public int WeeklyActiveUsers { get; init; }

    /// <summary>Unique users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_users")]
    public int MonthlyActiveUsers { get; init; }

    /// <summary>Unique chat users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_chat_users")]
    public int MonthlyActiveChatUsers { get; init; }

    /// <summary>Unique IDE agent-mode users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_agent_users")]
    public int MonthlyActiveAgentUsers { get; init; }

    /// <summary>Unique Copilot cloud agent users that day; <see langword="null"/> without cloud-agent data.</summary>
    [JsonPropertyName("daily_active_copilot_cloud_agent_users")]
    public int? DailyActiveCopilotCloudAgentUsers { get; init; }

    /// <summary>Unique Copilot cloud agent users in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_active_copilot_cloud_agent_users")]
    public int? WeeklyActiveCopilotCloudAgentUsers { get; init; }

    /// <summary>Unique Copilot cloud agent users in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_copilot_cloud_agent_users")]
    public int? MonthlyActiveCopilotCloudAgentUsers { get; init; }

    /// <summary>Users who actively used Copilot code review that day.</summary>
    [JsonPropertyName("daily_active_copilot_code_review_users")]
    public int? DailyActiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who actively used Copilot code review in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_active_copilot_code_review_users")]
    public int? WeeklyActiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who actively used Copilot code review in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_active_copilot_code_review_users")]
    public int? MonthlyActiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who only had Copilot assigned as reviewer that day.</summary>
    [JsonPropertyName("daily_passive_copilot_code_review_users")]
    public int? DailyPassiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who only had Copilot assigned as reviewer in the trailing 7 days.</summary>
    [JsonPropertyName("weekly_passive_copilot_code_review_users")]
    public int? WeeklyPassiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Users who only had Copilot assigned as reviewer in the trailing 28 days.</summary>
    [JsonPropertyName("monthly_passive_copilot_code_review_users")]
    public int? MonthlyPassiveCopilotCodeReviewUsers { get; init; }

    /// <summary>Unique Copilot CLI users that day; <see langword="null"/> without CLI use. Independent of the IDE counts.</summary>
    [JsonPropertyName("daily_active_cli_users")]
    public int? DailyActiveCliUsers { get; init; }

    /// <summary>Unique Copilot CLI users in the trailing 7 days (<c>weekly_active_cli_users</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("weekly_active_cli_users")]
    public int? WeeklyActiveCliUsers { get; init; }

    /// <summary>Unique Copilot CLI users in the trailing 28 days (<c>monthly_active_cli_users</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("monthly_active_cli_users")]
    public int? MonthlyActiveCliUsers { get; init; }

    /// <summary>Unique GitHub Copilot app users that day (<c>daily_active_copilot_app_users</c>, from 2026-07-17); <see langword="null"/> without app activity.</summary>
    [JsonPropertyName("daily_active_copilot_app_users")]
    public int? DailyActiveCopilotAppUsers { get; init; }

    /// <summary>Unique GitHub Copilot app users in the trailing 7 days (<c>weekly_active_copilot_app_users</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("weekly_active_copilot_app_users")]
    public int? WeeklyActiveCopilotAppUsers { get; init; }

    /// <summary>Unique GitHub Copilot app users in the trailing 28 days (<c>monthly_active_copilot_app_users</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("monthly_active_copilot_app_users")]
    public int? MonthlyActiveCopilotAppUsers { get; init; }

    /// <summary>Unique users of the VS Code Agents window that day (<c>daily_active_vscode_agent_users</c>, from 2026-09-11); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("daily_active_vscode_agent_users")]
    public int? DailyActiveVscodeAgentUsers { get; init; }

    /// <summary>Unique users of the VS Code Agents window in the trailing 7 days (<c>weekly_active_vscode_agent_users</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("weekly_active_vscode_agent_users")]
    public int? WeeklyActiveVscodeAgentUsers { get; init; }

    /// <summary>Unique users of the VS Code Agents window in the trailing 28 days (<c>monthly_active_vscode_agent_users</c>); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("monthly_active_vscode_agent_users")]
    public int? MonthlyActiveVscodeAgentUsers { get; init; }

    /// <summary>Different skills invoked by anyone in the scope that day, each counted once (<c>distinct_skill_use_count</c>, from 2026-09-17); never a sum over users.</summary>
    [JsonPropertyName("distinct_skill_use_count")]
    public long? DistinctSkillUseCount { get; init; }

    /// <summary>Different custom agents started in the scope that day, each counted once (<c>distinct_custom_agent_use_count</c>).</summary>
    [JsonPropertyName("distinct_custom_agent_use_count")]
    public long? DistinctCustomAgentUseCount { get; init; }

    /// <summary>Different MCP servers connected to in the scope that day, each counted once (<c>distinct_mcp_use_count</c>).</summary>
    [JsonPropertyName("distinct_mcp_use_count")]
    public long? DistinctMcpUseCount { get; init; }

    /// <summary>Different slash commands run in the scope that day, each counted once (<c>distinct_slash_cmd_use_count</c>).</summary>
    [JsonPropertyName("distinct_slash_cmd_use_count")]
    public long? DistinctSlashCommandUseCount { get; init; }

    /// <summary>Different plugins whose skills were invoked in the scope that day, each counted once (<c>distinct_plugin_use_count</c>).</summary>
    [JsonPropertyName("distinct_plugin_use_count")]
    public long? DistinctPluginUseCount { get; init; }

    /// <summary>Activity by IDE (aggregate rows carry no version samples and may include an <c>others</c> bucket).</summary>
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

    // The lists as the JSON holds them (here, to keep GitHub's order): null when the record lacked them, so that they
    // are written back only when read.
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

    /// <summary>CLI usage; <see langword="null"/> without CLI use. Not part of <see cref="TotalsByIde"/>.</summary>
    [JsonPropertyName("totals_by_cli")]
    public CliTotals? TotalsByCli { get; init; }

    /// <summary>
    /// GitHub Copilot app usage (<c>totals_by_copilot_app</c>, from 2026-07-17); <see langword="null"/> without app activity.
    /// Never add it to the activity counters (see <see cref="CopilotAppTotals"/>).
    /// </summary>
    [JsonPropertyName("totals_by_copilot_app")]
    public CopilotAppTotals? TotalsByCopilotApp { get; init; }

    /// <summary>Activity in the VS Code Agents window (<c>totals_by_vscode_agent</c>, an object); <see langword="null"/> when not reported.</summary>
    [JsonPropertyName("totals_by_vscode_agent")]
    public VscodeAgentTotals? TotalsByVscodeAgent { get; init; }

    /// <summary>Third-party agent app activity per agent, with session counts (<c>totals_by_3rd_party_agent</c>, from 2026-08-07); empty without such activity.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<ThirdPartyAgentTotals> TotalsByThirdPartyAgent { get => _thirdPartyAgents ?? []; init => _thirdPartyAgents = value; }

    /// <summary>The scope's top five skills by invocations (<c>totals_by_skill</c>, from 2026-09-17); empty when none or not reported.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<SkillTotals> TotalsBySkill { get => _skills ?? []; init => _skills = value; }

    /// <summary>The scope's top five custom agents by starts (<c>totals_by_custom_agent</c>).</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<CustomAgentTotals> TotalsByCustomAgent { get => _customAgents ?? []; init => _customAgents = value; }

    /// <summary>The scope's top five MCP servers by connection attempts (<c>totals_by_mcp</c>; not tool calls).</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<McpTotals> TotalsByMcp { get => _mcps ?? []; init => _mcps = value; }

    /// <summary>The scope's top five slash commands by invocations (<c>totals_by_slash_cmd</c>).</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<SlashCommandTotals> TotalsBySlashCommand { get => _slashCommands ?? []; init => _slashCommands = value; }

    /// <summary>The scope's top five plugins by skill invocations (<c>totals_by_plugin</c>): a subset of the skill counts, never to be added to them.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<PluginTotals> TotalsByPlugin { get => _plugins ?? []; init => _plugins = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_3rd_party_agent")]
    internal IReadOnlyList<ThirdPartyAgentTotals>? ThirdPartyAgentsJson { get => _thirdPartyAgents; init => _thirdPartyAgents = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_skill")]
    internal IReadOnlyList<SkillTotals>? SkillsJson { get => _skills; init => _skills = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_custom_agent")]
    internal IReadOnlyList<CustomAgentTotals>? CustomAgentsJson { get => _customAgents; init => _customAgents = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_mcp")]
    internal IReadOnlyList<McpTotals>? McpsJson { get => _mcps; init => _mcps = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_slash_cmd")]
    internal IReadOnlyList<SlashCommandTotals>? SlashCommandsJson { get => _slashCommands; init => _slashCommands = value; }

    [JsonInclude]
    [JsonPropertyName("totals_by_plugin")]
    internal IReadOnlyList<PluginTotals>? PluginsJson { get => _plugins; init => _plugins = value; }

    /// <summary>Activity by AI-adoption phase; <see langword="null"/> without phase data.</summary>
    [JsonPropertyName("totals_by_ai_adoption_phase")]
    public IReadOnlyList<AiAdoptionPhaseTotals>? TotalsByAiAdoptionPhase { get; init; }

    /// <summary>Pull-request activity.</summary>
    [JsonPropertyName("pull_requests")]
    public PullRequestTotals? PullRequests { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}
