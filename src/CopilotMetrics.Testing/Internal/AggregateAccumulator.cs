using System.Runtime.InteropServices;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Testing.Internal;

/// <summary>Sums one day's per-user records into the counters and breakdowns of the aggregate day record.</summary>
internal sealed class AggregateAccumulator
{
    private readonly Dictionary<string, Counts> _ides = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counts> _features = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Language, string Feature), Counts> _languageFeatures = [];
    private readonly Dictionary<(string Language, string Model), Counts> _languageModels = [];
    private readonly Dictionary<(string Model, string Feature), Counts> _modelFeatures = [];
    private readonly SortedDictionary<int, PhaseSums> _phases = [];
    private Counts _totals;
    private long _cliSessions;
    private long _cliRequests;
    private long _cliPrompts;
    private long _cliOutputTokens;
    private long _cliPromptTokens;
    private long _appSessions;
    private long _appRequests;
    private long _appPrompts;
    private long _appOutputTokens;
    private long _appPromptTokens;
    private int _appUsers;
    private long _vscodeSessions;
    private long _vscodeMessages;
    private int _vscodeUsers;
    private readonly long[] _agentStarts = new long[Catalog.Agents.Length];
    private readonly long[] _agentSessions = new long[Catalog.Agents.Length];
    private readonly Dictionary<int, long>[] _usage = [[], [], [], [], []];

    public int Users { get; private set; }

    public int CliUsers { get; private set; }

    public long PullRequestsCreated { get; private set; }

    public long PullRequestsCreatedByCopilot { get; private set; }

    public long PullRequestsReviewed { get; private set; }

    public long PullRequestsMerged { get; private set; }

    public Counts Totals => _totals;

    public void Add(UserDayRecord record, in DayPlan plan, DayExtras extras)
    {
        AddExtras(extras);
        Users++;
        _totals.Add(record);
        foreach (var row in record.TotalsByIde)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_ides, row.Ide, out _).Add(row);
        }

        foreach (var row in record.TotalsByFeature)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_features, row.Feature, out _).Add(row);
        }

        foreach (var row in record.TotalsByLanguageFeature)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_languageFeatures, (row.Language, row.Feature), out _).Add(row);
        }

        foreach (var row in record.TotalsByLanguageModel)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_languageModels, (row.Language, row.Model), out _).Add(row);
        }

        foreach (var row in record.TotalsByModelFeature)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_modelFeatures, (row.Model, row.Feature), out _).Add(row);
        }

        if (record.TotalsByCli is { } cli)
        {
            CliUsers++;
            _cliSessions += cli.SessionCount;
            _cliRequests += cli.RequestCount;
            _cliPrompts += cli.PromptCount;
            _cliOutputTokens += cli.TokenUsage?.OutputTokensSum ?? 0;
            _cliPromptTokens += cli.TokenUsage?.PromptTokensSum ?? 0;
        }

        PullRequestsCreated += plan.PullRequestsCreated;
        PullRequestsCreatedByCopilot += plan.PullRequestsCreatedByCopilot;
        PullRequestsReviewed += plan.PullRequestsReviewed;
        PullRequestsMerged += plan.PullRequestsMerged;

        if (record.AiAdoptionPhase is { } phase)
        {
            if (!_phases.TryGetValue(phase.PhaseNumber, out var sums))
            {
                sums = new PhaseSums(phase.Phase);
                _phases.Add(phase.PhaseNumber, sums);
            }

            sums.Users++;
            sums.Counts.Add(record);
            sums.PullRequestsCreated += plan.PullRequestsCreated;
            sums.PullRequestsReviewed += plan.PullRequestsReviewed;
            sums.PullRequestsMerged += plan.PullRequestsMerged;
        }
    }

    public IdeTotals[] Ides() =>
        [.. _ides.OrderBy(static kv => kv.Key, StringComparer.Ordinal).Select(static kv => Rows.Ide(kv.Key, kv.Value, null, null))];

    public FeatureTotals[] Features() =>
        [.. _features.OrderBy(static kv => kv.Key, StringComparer.Ordinal).Select(static kv => Rows.Feature(kv.Key, kv.Value))];

    public LanguageFeatureTotals[] LanguageFeatures() =>
        [.. _languageFeatures.OrderBy(static kv => kv.Key.Language, StringComparer.Ordinal).ThenBy(static kv => kv.Key.Feature, StringComparer.Ordinal)
            .Select(static kv => Rows.LanguageFeature(kv.Key.Language, kv.Key.Feature, kv.Value))];

    public LanguageModelTotals[] LanguageModels() =>
        [.. _languageModels.OrderBy(static kv => kv.Key.Language, StringComparer.Ordinal).ThenBy(static kv => kv.Key.Model, StringComparer.Ordinal)
            .Select(static kv => Rows.LanguageModel(kv.Key.Language, kv.Key.Model, kv.Value))];

    public ModelFeatureTotals[] ModelFeatures() =>
        [.. _modelFeatures.OrderBy(static kv => kv.Key.Model, StringComparer.Ordinal).ThenBy(static kv => kv.Key.Feature, StringComparer.Ordinal)
            .Select(static kv => Rows.ModelFeature(kv.Key.Model, kv.Key.Feature, kv.Value))];

    public CliTotals? Cli() => CliUsers == 0 ? null : new CliTotals
    {
        SessionCount = _cliSessions,
        RequestCount = _cliRequests,
        PromptCount = _cliPrompts,
        TokenUsage = new CliTokenUsage
        {
            OutputTokensSum = _cliOutputTokens,
            PromptTokensSum = _cliPromptTokens,
            AverageTokensPerRequest = _cliRequests == 0 ? null : Math.Round((double)(_cliOutputTokens + _cliPromptTokens) / _cliRequests, 1),
        },
    };

    /// <summary>The scope's Copilot app totals; <see langword="null"/> when nobody used the app.</summary>
    public CopilotAppTotals? App() => _appUsers == 0 ? null : new CopilotAppTotals
    {
        SessionCount = _appSessions,
        RequestCount = _appRequests,
        PromptCount = _appPrompts,
        TokenUsage = new CliTokenUsage
        {
            OutputTokensSum = _appOutputTokens,
            PromptTokensSum = _appPromptTokens,
            AverageTokensPerRequest = _appRequests == 0 ? null : Math.Round((double)(_appOutputTokens + _appPromptTokens) / _appRequests, 1),
        },
    };

    /// <summary>The scope's VS Code Agents window totals; <see langword="null"/> when nobody used it.</summary>
    public VscodeAgentTotals? VscodeAgent() => _vscodeUsers == 0 ? null : new VscodeAgentTotals { SessionCount = _vscodeSessions, TotalUserMessages = _vscodeMessages };

    /// <summary>Per third-party agent with activity: job starts and sessions (aggregate entries carry both); <see langword="null"/> when none.</summary>
    public ThirdPartyAgentTotals[]? Agents()
    {
        var rows = new List<ThirdPartyAgentTotals>();
        for (var a = 0; a < Catalog.Agents.Length; a++)
        {
            if (_agentStarts[a] > 0)
            {
                rows.Add(new ThirdPartyAgentTotals { AgentId = Catalog.Agents[a].Id, AgentName = Catalog.Agents[a].Name, UserInitiatedInteractionCount = _agentStarts[a], SessionCount = _agentSessions[a] });
            }
        }

        return rows.Count == 0 ? null : [.. rows];
    }

    /// <summary>A customization category over the scope: each item once, its counts summed over users.</summary>
    public List<(int Key, long Count)> Usage(Customization category) =>
        [.. _usage[(int)category].OrderBy(static kv => kv.Key).Select(static kv => (kv.Key, kv.Value))];

    public IEnumerable<(int Number, PhaseSums Sums)> Phases() => _phases.Select(static kv => (kv.Key, kv.Value));

    private void AddExtras(DayExtras extras)
    {
        if (extras.App is { } app)
        {
            _appUsers++;
            _appSessions += app.SessionCount ?? 0;
            _appRequests += app.RequestCount ?? 0;
            _appPrompts += app.PromptCount ?? 0;
            _appOutputTokens += app.TokenUsage?.OutputTokensSum ?? 0;
            _appPromptTokens += app.TokenUsage?.PromptTokensSum ?? 0;
        }

        if (extras.VscodeAgent is { } vscode)
        {
            _vscodeUsers++;
            _vscodeSessions += vscode.SessionCount ?? 0;
            _vscodeMessages += vscode.TotalUserMessages ?? 0;
        }

        for (var a = 0; a < _agentStarts.Length; a++)
        {
            _agentStarts[a] += extras.AgentStarts[a];
            _agentSessions[a] += extras.AgentSessions[a];
        }

        for (var c = 0; c < Customizations.Categories; c++)
        {
            foreach (var (key, count) in extras.Usage[c])
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_usage[c], key, out _) += count;
            }
        }
    }

    internal sealed class PhaseSums(string? name)
    {
        public string? Name { get; } = name;

        public int Users { get; set; }

        public Counts Counts;

        public long PullRequestsCreated { get; set; }

        public long PullRequestsReviewed { get; set; }

        public long PullRequestsMerged { get; set; }
    }
}
