using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.Internal;

/// <summary>Bitmap dimensions of <c>day_user_bits</c>.</summary>
internal static class BitDimension
{
    public const short Active = 0;
    public const short Ide = 1;
    public const short Feature = 2;
    public const short Language = 3;
    public const short Model = 4;

    /// <summary>The surfaces of <see cref="SurfaceKeys"/> (PostgreSQL migration 0007, SQLite 0003).</summary>
    public const short Surface = 5;

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
/// language and model key and each surface (<see cref="SurfaceKeys"/>). A record has a handful of keys per dimension, so per-record de-duplication is a linear scan
/// of small lists (no hashing); the per-day tallies are dictionaries keyed by the key string.
/// </summary>
internal sealed class UserDayFacts
{
    private const int Kinds = (int)EngagementKind.CompletionModel + 1;
    private const int Dimensions = BitDimension.Surface + 1;

    private readonly Dictionary<string, int>[] _engagement = [.. Enumerable.Range(0, Kinds).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    private readonly Dictionary<string, List<int>>[] _keys = [.. Enumerable.Range(0, Dimensions).Select(_ => new Dictionary<string, List<int>>(StringComparer.Ordinal))];
    private readonly List<string> _ides = [];
    private readonly List<string> _features = [];
    private readonly List<string> _scratch = [];
    private readonly List<string> _surfaces = [];

    public List<long> Users { get; } = [];

    /// <summary>The day's counts per (kind, key).</summary>
    public IEnumerable<(EngagementKind Kind, string Key, int Users)> Engagement =>
        _engagement.SelectMany((counts, kind) => counts.Select(c => ((EngagementKind)kind, c.Key, c.Value)));

    /// <summary>The users (indexes into <see cref="Users"/>) with a row for each (dimension, key).</summary>
    public IEnumerable<(short Dimension, string Key, List<int> Users)> Keys =>
        _keys.SelectMany((keys, dimension) => keys.Select(k => ((short)dimension, k.Key, k.Value)));

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
        foreach (var row in record.TotalsByIde ?? [])
        {
            if (row is not null && AddDistinct(_ides, row.Ide ?? ""))
            {
                Count(EngagementKind.Ide, row.Ide ?? "");
                Mark(BitDimension.Ide, row.Ide ?? "", index);
            }
        }

        _features.Clear();
        var completion = false;
        var chat = false;
        foreach (var row in record.TotalsByFeature ?? [])
        {
            if (row is not null && AddDistinct(_features, row.Feature ?? ""))
            {
                var feature = row.Feature ?? "";
                Count(EngagementKind.Feature, feature);
                Mark(BitDimension.Feature, feature, index);
                completion |= feature == FeatureNames.CodeCompletion;
                chat |= FeatureNames.IsChat(feature);
            }
        }

        if (record.TotalsByLanguageFeature is { Count: > 0 } languages)
        {
            _scratch.Clear();
            foreach (var row in languages)
            {
                if (row is not null && AddDistinct(_scratch, row.Language ?? ""))
                {
                    Mark(BitDimension.Language, row.Language ?? "", index);
                }
            }

            _scratch.Clear();
            foreach (var row in languages)
            {
                if (row is not null && row.Feature == FeatureNames.CodeCompletion && AddDistinct(_scratch, row.Language ?? ""))
                {
                    Count(EngagementKind.CompletionLanguage, row.Language ?? "");
                }
            }
        }

        if (record.TotalsByModelFeature is { Count: > 0 } models)
        {
            _scratch.Clear();
            foreach (var row in models)
            {
                if (row is not null && AddDistinct(_scratch, row.Model ?? ""))
                {
                    Mark(BitDimension.Model, row.Model ?? "", index);
                }
            }

            _scratch.Clear();
            foreach (var row in models)
            {
                if (row is not null && FeatureNames.IsChat(row.Feature) && AddDistinct(_scratch, row.Model ?? ""))
                {
                    Count(EngagementKind.ChatModel, row.Model ?? "");
                }
            }

            _scratch.Clear();
            foreach (var row in models)
            {
                if (row is not null && row.Feature == FeatureNames.CodeCompletion && AddDistinct(_scratch, row.Model ?? ""))
                {
                    Count(EngagementKind.CompletionModel, row.Model ?? "");
                }
            }
        }

        SurfaceKeys.Collect(record, _surfaces);
        foreach (var surface in _surfaces)
        {
            Mark(BitDimension.Surface, surface, index);
        }

        foreach (var ide in _ides)
        {
            if (completion)
            {
                Count(EngagementKind.CompletionIde, ide);
            }

            if (chat)
            {
                Count(EngagementKind.ChatIde, ide);
            }
        }
    }

    private static bool AddDistinct(List<string> seen, string key)
    {
        foreach (var s in seen)
        {
            if (string.Equals(s, key, StringComparison.Ordinal))
            {
                return false;
            }
        }

        seen.Add(key);
        return true;
    }

    private void Count(EngagementKind kind, string key)
    {
        var counts = _engagement[(int)kind];
        counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    private void Mark(short dimension, string key, int index)
    {
        var keys = _keys[dimension];
        if (!keys.TryGetValue(key, out var list))
        {
            keys[key] = list = [];
        }

        list.Add(index);
    }
}
