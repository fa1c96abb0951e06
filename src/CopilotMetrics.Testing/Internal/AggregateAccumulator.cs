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

    public int Users { get; private set; }

    public int CliUsers { get; private set; }

    public long PullRequestsCreated { get; private set; }

    public long PullRequestsCreatedByCopilot { get; private set; }

    public long PullRequestsReviewed { get; private set; }

    public long PullRequestsMerged { get; private set; }

    public Counts Totals => _totals;

    public void Add(UserDayRecord record, in DayPlan plan)
    {
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

    public IEnumerable<(int Number, PhaseSums Sums)> Phases() => _phases.Select(static kv => (kv.Key, kv.Value));

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
