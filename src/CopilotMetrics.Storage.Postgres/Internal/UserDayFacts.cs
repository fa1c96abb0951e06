using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// The feature names the queries single out (as in the in-memory store): chat features are the open set of
/// <c>chat_*</c> values, code completion is <c>code_completion</c>.
/// </summary>
internal static class FeatureNames
{
    public const string CodeCompletion = "code_completion";

    public static bool IsChat(string? feature) => feature is not null && feature.StartsWith("chat_", StringComparison.Ordinal);
}

/// <summary>Bitmap dimensions of <c>day_user_bits</c>.</summary>
internal static class BitDimension
{
    public const short Active = 0;
    public const short Ide = 1;
    public const short Feature = 2;
    public const short Language = 3;
    public const short Model = 4;

    public static short Of(BreakdownDimension dimension) => dimension switch
    {
        BreakdownDimension.Ide => Ide,
        BreakdownDimension.Feature => Feature,
        BreakdownDimension.Language => Language,
        BreakdownDimension.Model => Model,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown breakdown dimension."),
    };
}

/// <summary>
/// What a per-user day contributes besides its row, gathered while the records stream past: the day's engagement
/// counts (<see cref="EngagementKind"/>) and, for the user bitmaps, which users had a row for each IDE, feature,
/// language and model key.
/// </summary>
internal sealed class UserDayFacts
{
    private readonly Dictionary<(EngagementKind Kind, string Key), int> _engagement = [];
    private readonly Dictionary<(short Dimension, string Key), List<int>> _keys = [];
    private readonly HashSet<string> _ides = new(StringComparer.Ordinal);
    private readonly HashSet<string> _features = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scratch = new(StringComparer.Ordinal);

    public List<long> Users { get; } = [];

    public IReadOnlyDictionary<(EngagementKind Kind, string Key), int> Engagement => _engagement;

    public IReadOnlyDictionary<(short Dimension, string Key), List<int>> Keys => _keys;

    public void Add(UserDayRecord record)
    {
        var index = Users.Count;
        Users.Add(record.UserId);
        Count(EngagementKind.Active, "");
        if (record.UserInitiatedInteractionCount > 0 || record.CodeAcceptanceActivityCount > 0)
        {
            Count(EngagementKind.Engaged, "");
        }

        _ides.Clear();
        if (record.TotalsByIde is { } ides)
        {
            foreach (var row in ides)
            {
                if (row is not null && _ides.Add(row.Ide ?? ""))
                {
                    Count(EngagementKind.Ide, row.Ide ?? "");
                    Mark(BitDimension.Ide, row.Ide ?? "", index);
                }
            }
        }

        _features.Clear();
        if (record.TotalsByFeature is { } features)
        {
            foreach (var row in features)
            {
                if (row is not null && _features.Add(row.Feature ?? ""))
                {
                    Count(EngagementKind.Feature, row.Feature ?? "");
                    Mark(BitDimension.Feature, row.Feature ?? "", index);
                }
            }
        }

        if (record.TotalsByLanguageFeature is { } languages)
        {
            _scratch.Clear();
            foreach (var row in languages)
            {
                if (row is not null && _scratch.Add(row.Language ?? ""))
                {
                    Mark(BitDimension.Language, row.Language ?? "", index);
                }
            }

            _scratch.Clear();
            foreach (var row in languages)
            {
                if (row is not null && row.Feature == FeatureNames.CodeCompletion && _scratch.Add(row.Language ?? ""))
                {
                    Count(EngagementKind.CompletionLanguage, row.Language ?? "");
                }
            }
        }

        if (record.TotalsByModelFeature is { } models)
        {
            _scratch.Clear();
            foreach (var row in models)
            {
                if (row is not null && _scratch.Add(row.Model ?? ""))
                {
                    Mark(BitDimension.Model, row.Model ?? "", index);
                }
            }

            _scratch.Clear();
            foreach (var row in models)
            {
                if (row is not null && FeatureNames.IsChat(row.Feature) && _scratch.Add(row.Model ?? ""))
                {
                    Count(EngagementKind.ChatModel, row.Model ?? "");
                }
            }
        }

        if (_features.Contains(FeatureNames.CodeCompletion))
        {
            foreach (var ide in _ides)
            {
                Count(EngagementKind.CompletionIde, ide);
            }
        }

        if (_features.Any(FeatureNames.IsChat))
        {
            foreach (var ide in _ides)
            {
                Count(EngagementKind.ChatIde, ide);
            }
        }
    }

    private void Count(EngagementKind kind, string key) =>
        _engagement[(kind, key)] = _engagement.GetValueOrDefault((kind, key)) + 1;

    private void Mark(short dimension, string key, int index)
    {
        if (!_keys.TryGetValue((dimension, key), out var list))
        {
            _keys[(dimension, key)] = list = [];
        }

        list.Add(index);
    }
}
