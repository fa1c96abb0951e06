using System.Text.Json;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// The hand-written parser for per-user records, the hot path: one pass over <see cref="Utf8JsonReader"/>,
/// dimension strings interned, arrays sized exactly, unknown properties kept.
/// </summary>
internal sealed class UserDayRecordParser() : RecordParser<UserDayRecord>("a per-user (users-1-day or users-28-day) record", ReportType.Users1Day, ReportType.Users28Day)
{
    private readonly Utf8StringPool _pool = new();
    private readonly List<IdeTotals> _ides = [];
    private readonly List<FeatureTotals> _features = [];
    private readonly List<LanguageFeatureTotals> _languageFeatures = [];
    private readonly List<LanguageModelTotals> _languageModels = [];
    private readonly List<ModelFeatureTotals> _modelFeatures = [];
    private readonly List<ThirdPartyAgentTotals> _agents = [];
    private readonly List<CustomizationFields> _items = [];

    // Set when the record being parsed has an unknown property at any depth: only such a record is walked for their
    // names, so that a file without any pays nothing for counting them.
    private bool _sawUnknown;

    public override void Parse(ReadOnlySpan<byte> json, bool retainRawJson, List<UserDayRecord> output)
    {
        var reader = new Utf8JsonReader(json);
        _sawUnknown = false;
        JsonRead.StartObject(ref reader);

        DateOnly? day = null;
        DateOnly? start = null;
        DateOnly? end = null;
        string? enterpriseId = null;
        string? organizationId = null;
        long? userId = null;
        string? login = null;
        bool usedAgent = false, usedChat = false, usedCli = false, usedCodingAgent = false, usedCloudAgent = false;
        bool? reviewActive = null, reviewPassive = null;
        double? credits = null;
        AiAdoptionPhase? phase = null;
        CliTotals? cli = null;
        UserDayRecord.Since2026? added = null;
        byte flags = 0;
        IdeTotals[]? ides = null;
        FeatureTotals[]? features = null;
        LanguageFeatureTotals[]? languageFeatures = null;
        LanguageModelTotals[]? languageModels = null;
        ModelFeatureTotals[]? modelFeatures = null;
        var counters = default(ActivityCounters);
        Dictionary<string, JsonElement>? extra = null;

        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (counters.TryRead(name, ref reader))
            {
                continue;
            }

            switch (name.Length)
            {
                case 3 when name.SequenceEqual("day"u8):
                    day = JsonRead.Date(ref reader, name);
                    break;
                case 7 when name.SequenceEqual("user_id"u8):
                    userId = JsonRead.Int64(ref reader, name);
                    break;
                case 10 when name.SequenceEqual("user_login"u8):
                    login = JsonRead.String(ref reader, name, pool: null);
                    break;
                case 13 when name.SequenceEqual("enterprise_id"u8):
                    enterpriseId = JsonRead.String(ref reader, name, _pool);
                    break;
                case 15 when name.SequenceEqual("organization_id"u8):
                    organizationId = JsonRead.String(ref reader, name, _pool);
                    break;
                case 13 when name.SequenceEqual("totals_by_ide"u8):
                    ides = ReadArray(ref reader, name, _ides, static f => new IdeTotals
                    {
                        Ide = f.Ide ?? "", Counters = f.Counters, LastKnownIdeVersion = f.IdeVersion, LastKnownPluginVersion = f.PluginVersion, AdditionalProperties = f.Extra,
                    });
                    break;
                case 17 when name.SequenceEqual("totals_by_feature"u8):
                    features = ReadArray(ref reader, name, _features, static f => new FeatureTotals
                    {
                        Feature = f.Feature ?? "", Counters = f.Counters, AdditionalProperties = f.Extra,
                    });
                    break;
                case 26 when name.SequenceEqual("totals_by_language_feature"u8):
                    languageFeatures = ReadArray(ref reader, name, _languageFeatures, static f => new LanguageFeatureTotals
                    {
                        Language = f.Language ?? "", Feature = f.Feature ?? "", Counters = f.Counters, AdditionalProperties = f.Extra,
                    });
                    break;
                case 24 when name.SequenceEqual("totals_by_language_model"u8):
                    languageModels = ReadArray(ref reader, name, _languageModels, static f => new LanguageModelTotals
                    {
                        Language = f.Language ?? "", Model = f.Model ?? "", Counters = f.Counters, AdditionalProperties = f.Extra,
                    });
                    break;
                case 23 when name.SequenceEqual("totals_by_model_feature"u8):
                    modelFeatures = ReadArray(ref reader, name, _modelFeatures, static f => new ModelFeatureTotals
                    {
                        Model = f.Model ?? "", Feature = f.Feature ?? "", Counters = f.Counters, AdditionalProperties = f.Extra,
                    });
                    break;
                case 10 when name.SequenceEqual("used_agent"u8):
                    usedAgent = JsonRead.Boolean(ref reader, name);
                    break;
                case 9 when name.SequenceEqual("used_chat"u8):
                    usedChat = JsonRead.Boolean(ref reader, name);
                    break;
                case 8 when name.SequenceEqual("used_cli"u8):
                    usedCli = JsonRead.Boolean(ref reader, name);
                    break;
                case 25 when name.SequenceEqual("used_copilot_coding_agent"u8):
                    usedCodingAgent = JsonRead.Boolean(ref reader, name);
                    break;
                case 24 when name.SequenceEqual("used_copilot_cloud_agent"u8):
                    usedCloudAgent = JsonRead.Boolean(ref reader, name);
                    break;
                case 31 when name.SequenceEqual("used_copilot_code_review_active"u8):
                    reviewActive = JsonRead.NullableBoolean(ref reader, name);
                    break;
                case 32 when name.SequenceEqual("used_copilot_code_review_passive"u8):
                    reviewPassive = JsonRead.NullableBoolean(ref reader, name);
                    break;
                case 15 when name.SequenceEqual("ai_credits_used"u8):
                    credits = JsonRead.NullableDouble(ref reader, name);
                    break;
                case 17 when name.SequenceEqual("ai_adoption_phase"u8):
                    phase = ReadPhase(ref reader);
                    break;
                case 13 when name.SequenceEqual("totals_by_cli"u8):
                    cli = ReadCli(ref reader);
                    break;
                case 16 when name.SequenceEqual("report_start_day"u8):
                    start = JsonRead.NullableDate(ref reader, name);
                    break;
                case 14 when name.SequenceEqual("report_end_day"u8):
                    end = JsonRead.NullableDate(ref reader, name);
                    break;
                default:
                    // The fields GitHub added from July 2026 are read apart, so that rows of the older shape never pay for them.
                    if (!ReadSince2026(ref reader, name, ref added, ref flags))
                    {
                        Unknown(ref reader, name, ref extra);
                    }

                    break;
            }
        }

        JsonRead.End(ref reader);
        if (day is null || userId is null || ReportShape.HasMarker(extra))
        {
            ThrowIfOtherReport(json);
        }

        var record = new UserDayRecord
        {
            Day = day ?? throw JsonRead.Missing("day", 0),
            UserId = userId ?? throw JsonRead.Missing("user_id", 0),
            UserLogin = login ?? "",
            ReportStartDay = start,
            ReportEndDay = end,
            EnterpriseId = enterpriseId,
            OrganizationId = organizationId,
            Counters = counters,
            UsedAgent = usedAgent,
            UsedChat = usedChat,
            UsedCli = usedCli,
            UsedCopilotCodingAgent = usedCodingAgent,
            UsedCopilotCloudAgent = usedCloudAgent,
            UsedCopilotCodeReviewActive = reviewActive,
            UsedCopilotCodeReviewPassive = reviewPassive,
            AiCreditsUsed = credits,
            AiAdoptionPhase = phase,
            TotalsByCli = cli,
            Added = added,
            Flags = flags,
            IdesJson = ides,
            FeaturesJson = features,
            LanguageFeaturesJson = languageFeatures,
            LanguageModelsJson = languageModels,
            ModelFeaturesJson = modelFeatures,
            AdditionalProperties = extra,
        };
        if (retainRawJson)
        {
            record.RawJson = json.ToArray();
        }

        if (_sawUnknown)
        {
            _sawUnknown = false;
            Statistics?.AddUnknownProperties(record);
        }

        output.Add(record);
    }

    /// <summary>Reads <paramref name="name"/> if it is one of the fields GitHub added from July 2026 (allocating <paramref name="added"/> then).</summary>
    private bool ReadSince2026(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ref UserDayRecord.Since2026? added, ref byte flags)
    {
        switch (name.Length)
        {
            case 16 when name.SequenceEqual("used_copilot_app"u8):
                flags = UserDayRecord.WithFlag(flags, UserDayRecord.AppFlag, JsonRead.NullableBoolean(ref reader, name));
                return true;
            case 17 when name.SequenceEqual("used_vscode_agent"u8):
                flags = UserDayRecord.WithFlag(flags, UserDayRecord.VscodeAgentFlag, JsonRead.NullableBoolean(ref reader, name));
                return true;
            case 21 when name.SequenceEqual("totals_by_copilot_app"u8):
                (added ??= new()).TotalsByCopilotApp = ReadApp(ref reader);
                return true;
            case 22 when name.SequenceEqual("totals_by_vscode_agent"u8):
                (added ??= new()).TotalsByVscodeAgent = ReadVscodeAgent(ref reader);
                return true;
            case 25 when name.SequenceEqual("totals_by_3rd_party_agent"u8):
                (added ??= new()).ThirdPartyAgents = ReadAgents(ref reader, name);
                return true;
            case 15 when name.SequenceEqual("totals_by_skill"u8):
                (added ??= new()).Skills = ReadCustomizations(ref reader, name, "skill"u8, static (n, c, x) => new SkillTotals { Skill = n, InteractionCount = c, AdditionalProperties = x });
                return true;
            case 22 when name.SequenceEqual("totals_by_custom_agent"u8):
                (added ??= new()).CustomAgents = ReadCustomizations(ref reader, name, "custom_agent"u8, static (n, c, x) => new CustomAgentTotals { CustomAgent = n, InteractionCount = c, AdditionalProperties = x });
                return true;
            case 13 when name.SequenceEqual("totals_by_mcp"u8):
                (added ??= new()).Mcps = ReadCustomizations(ref reader, name, "mcp"u8, static (n, c, x) => new McpTotals { Mcp = n, InteractionCount = c, AdditionalProperties = x });
                return true;
            case 19 when name.SequenceEqual("totals_by_slash_cmd"u8):
                (added ??= new()).SlashCommands = ReadCustomizations(ref reader, name, "slash_cmd"u8, static (n, c, x) => new SlashCommandTotals { SlashCommand = n, InteractionCount = c, AdditionalProperties = x });
                return true;
            case 16 when name.SequenceEqual("totals_by_plugin"u8):
                (added ??= new()).Plugins = ReadCustomizations(ref reader, name, "plugin"u8, static (n, c, x) => new PluginTotals { Plugin = n, InteractionCount = c, AdditionalProperties = x });
                return true;
            case 24 when name.SequenceEqual("distinct_skill_use_count"u8):
                (added ??= new()).DistinctSkillUseCount = JsonRead.NullableCount(ref reader, name);
                return true;
            case 31 when name.SequenceEqual("distinct_custom_agent_use_count"u8):
                (added ??= new()).DistinctCustomAgentUseCount = JsonRead.NullableCount(ref reader, name);
                return true;
            case 22 when name.SequenceEqual("distinct_mcp_use_count"u8):
                (added ??= new()).DistinctMcpUseCount = JsonRead.NullableCount(ref reader, name);
                return true;
            case 28 when name.SequenceEqual("distinct_slash_cmd_use_count"u8):
                (added ??= new()).DistinctSlashCommandUseCount = JsonRead.NullableCount(ref reader, name);
                return true;
            case 25 when name.SequenceEqual("distinct_plugin_use_count"u8):
                (added ??= new()).DistinctPluginUseCount = JsonRead.NullableCount(ref reader, name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A breakdown array; <see langword="null"/> for a JSON <c>null</c> (written back as absent, read as empty).</summary>
    private TItem[]? ReadArray<TItem>(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, List<TItem> scratch, Func<BreakdownFields, TItem> create)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartArray(ref reader, name);
        scratch.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            scratch.Add(create(ReadBreakdown(ref reader)));
        }

        return scratch.Count == 0 ? [] : scratch.ToArray();
    }

    private BreakdownFields ReadBreakdown(ref Utf8JsonReader reader)
    {
        JsonRead.StartObject(ref reader);
        var fields = default(BreakdownFields);
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (fields.Counters.TryRead(name, ref reader))
            {
                continue;
            }

            if (name.SequenceEqual("feature"u8))
            {
                fields.Feature = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("language"u8))
            {
                fields.Language = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("model"u8))
            {
                fields.Model = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("ide"u8))
            {
                fields.Ide = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("last_known_ide_version"u8))
            {
                fields.IdeVersion = ReadIdeVersion(ref reader);
            }
            else if (name.SequenceEqual("last_known_plugin_version"u8))
            {
                fields.PluginVersion = ReadPluginVersion(ref reader);
            }
            else
            {
                Unknown(ref reader, name, ref fields.Extra);
            }
        }

        return fields;
    }

    private IdeVersion? ReadIdeVersion(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        string? version = null;
        DateTimeOffset? sampledAt = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("ide_version"u8))
            {
                version = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("sampled_at"u8))
            {
                sampledAt = JsonRead.NullableTimestamp(ref reader, name);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new IdeVersion { Version = version, SampledAt = sampledAt, AdditionalProperties = extra };
    }

    private PluginVersion? ReadPluginVersion(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        string? plugin = null;
        string? version = null;
        DateTimeOffset? sampledAt = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("plugin"u8))
            {
                plugin = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("plugin_version"u8))
            {
                version = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("sampled_at"u8))
            {
                sampledAt = JsonRead.NullableTimestamp(ref reader, name);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new PluginVersion { Plugin = plugin, Version = version, SampledAt = sampledAt, AdditionalProperties = extra };
    }

    private AiAdoptionPhase? ReadPhase(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        var number = 0;
        string? phase = null;
        string? version = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("phase_number"u8))
            {
                number = JsonRead.Int32(ref reader, name);
            }
            else if (name.SequenceEqual("phase"u8))
            {
                phase = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("version"u8))
            {
                version = JsonRead.String(ref reader, name, _pool);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new AiAdoptionPhase { PhaseNumber = number, Phase = phase, Version = version, AdditionalProperties = extra };
    }

    private CliTotals? ReadCli(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        long sessions = 0, requests = 0, prompts = 0;
        CliTokenUsage? tokens = null;
        CliVersion? version = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("session_count"u8))
            {
                sessions = JsonRead.Count(ref reader, name);
            }
            else if (name.SequenceEqual("request_count"u8))
            {
                requests = JsonRead.Count(ref reader, name);
            }
            else if (name.SequenceEqual("prompt_count"u8))
            {
                prompts = JsonRead.Count(ref reader, name);
            }
            else if (name.SequenceEqual("token_usage"u8))
            {
                tokens = ReadTokens(ref reader);
            }
            else if (name.SequenceEqual("last_known_cli_version"u8))
            {
                version = ReadCliVersion(ref reader);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new CliTotals
        {
            SessionCount = sessions, RequestCount = requests, PromptCount = prompts, TokenUsage = tokens, LastKnownCliVersion = version, AdditionalProperties = extra,
        };
    }

    private CliTokenUsage? ReadTokens(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        long output = 0, prompt = 0;
        double? average = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("output_tokens_sum"u8))
            {
                output = JsonRead.Count(ref reader, name);
            }
            else if (name.SequenceEqual("prompt_tokens_sum"u8))
            {
                prompt = JsonRead.Count(ref reader, name);
            }
            else if (name.SequenceEqual("avg_tokens_per_request"u8))
            {
                average = JsonRead.NullableDouble(ref reader, name);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new CliTokenUsage { OutputTokensSum = output, PromptTokensSum = prompt, AverageTokensPerRequest = average, AdditionalProperties = extra };
    }

    private CliVersion? ReadCliVersion(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        string? version = null;
        DateTimeOffset? sampledAt = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("cli_version"u8))
            {
                version = JsonRead.String(ref reader, name, _pool);
            }
            else if (name.SequenceEqual("sampled_at"u8))
            {
                sampledAt = JsonRead.NullableTimestamp(ref reader, name);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new CliVersion { Version = version, SampledAt = sampledAt, AdditionalProperties = extra };
    }

    private CopilotAppTotals? ReadApp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        long? sessions = null, requests = null, prompts = null;
        CliTokenUsage? tokens = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("session_count"u8))
            {
                sessions = JsonRead.NullableCount(ref reader, name);
            }
            else if (name.SequenceEqual("request_count"u8))
            {
                requests = JsonRead.NullableCount(ref reader, name);
            }
            else if (name.SequenceEqual("prompt_count"u8))
            {
                prompts = JsonRead.NullableCount(ref reader, name);
            }
            else if (name.SequenceEqual("token_usage"u8))
            {
                tokens = ReadTokens(ref reader);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new CopilotAppTotals { SessionCount = sessions, RequestCount = requests, PromptCount = prompts, TokenUsage = tokens, AdditionalProperties = extra };
    }

    private VscodeAgentTotals? ReadVscodeAgent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartObject(ref reader);
        long? sessions = null, messages = null;
        Dictionary<string, JsonElement>? extra = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("session_count"u8))
            {
                sessions = JsonRead.NullableCount(ref reader, name);
            }
            else if (name.SequenceEqual("total_user_messages"u8))
            {
                messages = JsonRead.NullableCount(ref reader, name);
            }
            else
            {
                Unknown(ref reader, name, ref extra);
            }
        }

        return new VscodeAgentTotals { SessionCount = sessions, TotalUserMessages = messages, AdditionalProperties = extra };
    }

    private ThirdPartyAgentTotals[]? ReadAgents(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartArray(ref reader, name);
        _agents.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            JsonRead.StartObject(ref reader);
            string? id = null, agentName = null;
            long? starts = null, sessions = null;
            Dictionary<string, JsonElement>? extra = null;
            while (JsonRead.NextProperty(ref reader, out var property))
            {
                if (property.SequenceEqual("agent_id"u8))
                {
                    id = JsonRead.String(ref reader, property, _pool);
                }
                else if (property.SequenceEqual("agent_name"u8))
                {
                    agentName = JsonRead.String(ref reader, property, _pool);
                }
                else if (property.SequenceEqual("user_initiated_interaction_count"u8))
                {
                    starts = JsonRead.NullableCount(ref reader, property);
                }
                else if (property.SequenceEqual("session_count"u8))
                {
                    sessions = JsonRead.NullableCount(ref reader, property);
                }
                else
                {
                    Unknown(ref reader, property, ref extra);
                }
            }

            _agents.Add(new ThirdPartyAgentTotals { AgentId = id, AgentName = agentName, UserInitiatedInteractionCount = starts, SessionCount = sessions, AdditionalProperties = extra });
        }

        return _agents.Count == 0 ? [] : _agents.ToArray();
    }

    /// <summary>A CLI customization array: entries of an item name under <paramref name="key"/> and an <c>interaction_count</c>.</summary>
    private TItem[]? ReadCustomizations<TItem>(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ReadOnlySpan<byte> key, Func<string?, long?, Dictionary<string, JsonElement>?, TItem> create)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonRead.StartArray(ref reader, name);
        _items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            JsonRead.StartObject(ref reader);
            var item = default(CustomizationFields);
            while (JsonRead.NextProperty(ref reader, out var property))
            {
                if (property.SequenceEqual(key))
                {
                    item.Name = JsonRead.String(ref reader, property, _pool);
                }
                else if (property.SequenceEqual("interaction_count"u8))
                {
                    item.Count = JsonRead.NullableCount(ref reader, property);
                }
                else
                {
                    Unknown(ref reader, property, ref item.Extra);
                }
            }

            _items.Add(item);
        }

        if (_items.Count == 0)
        {
            return [];
        }

        var result = new TItem[_items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var item = _items[i];
            result[i] = create(item.Name, item.Count, item.Extra);
        }

        return result;
    }

    /// <summary>Keeps an unknown property (see <see cref="JsonRead.Unknown"/>) and notes that the record has one.</summary>
    private void Unknown(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ref Dictionary<string, JsonElement>? extra)
    {
        _sawUnknown = true;
        JsonRead.Unknown(ref reader, name, ref extra);
    }

    private struct CustomizationFields
    {
        public string? Name;
        public long? Count;
        public Dictionary<string, JsonElement>? Extra;
    }

    private struct BreakdownFields
    {
        public string? Ide;
        public string? Feature;
        public string? Language;
        public string? Model;
        public ActivityCounters Counters;
        public IdeVersion? IdeVersion;
        public PluginVersion? PluginVersion;
        public Dictionary<string, JsonElement>? Extra;
    }
}
