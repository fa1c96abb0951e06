using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage.InMemory.Internal;

/// <summary>
/// Builds the stored version of a per-user day from its records, ordered by user id: the columns, the key bitsets,
/// the engagement counts (each a bitset's population, so no per-row set of distinct keys is ever made), the content
/// hash and the compressed lossless copy. The records are not kept.
/// </summary>
internal static class UserDayBuilder
{
    public static UserDay Build(DateOnly day, List<UserDayRecord> records, UserIndex users)
    {
        var count = records.Count;
        var userIds = new long[count];
        var logins = new string?[count];
        var facts = new UserFacts[count];
        using var hash = new ContentHash();
        using var raw = new CompressedRows.Builder();
        for (var i = 0; i < count; i++)
        {
            var record = records[i];
            userIds[i] = record.UserId;
            logins[i] = record.UserLogin;
            facts[i] = new UserFacts(ActivityCounts.From(record), record.AiCreditsUsed);
            raw.Add(hash.Add(record));
        }

        users.InternLogins(logins);
        var index = new UserDayIndex(users, userIds);
        var words = index.Active.Length;
        var ides = new KeyBitsBuilder(words);
        var features = new KeyBitsBuilder(words);
        var languages = new KeyBitsBuilder(words);
        var models = new KeyBitsBuilder(words);
        var completionLanguages = new KeyBitsBuilder(words);
        var chatModels = new KeyBitsBuilder(words);
        var completionModels = new KeyBitsBuilder(words);
        var surfaces = new KeyBitsBuilder(words);
        var surfaceKeys = new List<string>();
        var completionUsers = new ulong[words];
        var chatUsers = new ulong[words];
        var engaged = 0;
        for (var i = 0; i < count; i++)
        {
            var record = records[i];
            var user = index.Dense[i];
            if (record.UserInitiatedInteractionCount > 0 || record.CodeAcceptanceActivityCount > 0)
            {
                engaged++;
            }

            SurfaceKeys.Collect(record, surfaceKeys);
            foreach (var key in surfaceKeys)
            {
                surfaces.Add(key, user);
            }

            foreach (var row in record.TotalsByIde ?? [])
            {
                if (row is not null)
                {
                    ides.Add(row.Ide, user);
                }
            }

            foreach (var row in record.TotalsByFeature ?? [])
            {
                if (row is not null)
                {
                    features.Add(row.Feature, user);
                    if (row.Feature == FeatureNames.CodeCompletion)
                    {
                        Bitset.Set(completionUsers, user);
                    }
                    else if (FeatureNames.IsChat(row.Feature))
                    {
                        Bitset.Set(chatUsers, user);
                    }
                }
            }

            foreach (var row in record.TotalsByLanguageFeature ?? [])
            {
                if (row is not null)
                {
                    languages.Add(row.Language, user);
                    if (row.Feature == FeatureNames.CodeCompletion)
                    {
                        completionLanguages.Add(row.Language, user);
                    }
                }
            }

            foreach (var row in record.TotalsByModelFeature ?? [])
            {
                if (row is not null)
                {
                    models.Add(row.Model, user);
                    if (row.Feature == FeatureNames.CodeCompletion)
                    {
                        completionModels.Add(row.Model, user);
                    }
                    else if (FeatureNames.IsChat(row.Feature))
                    {
                        chatModels.Add(row.Model, user);
                    }
                }
            }
        }

        var ideBits = ides.Build();
        var engagement = new List<DailyEngagement>();
        Add(EngagementKind.Active, "", count);
        Add(EngagementKind.Engaged, "", engaged);
        AddAll(EngagementKind.Ide, ideBits, null);
        AddAll(EngagementKind.Feature, features.Build(), null);
        AddAll(EngagementKind.CompletionLanguage, completionLanguages.Build(), null);
        AddAll(EngagementKind.ChatModel, chatModels.Build(), null);
        AddAll(EngagementKind.CompletionIde, ideBits, completionUsers);
        AddAll(EngagementKind.ChatIde, ideBits, chatUsers);
        AddAll(EngagementKind.CompletionModel, completionModels.Build(), null);
        engagement.Sort(static (a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Key, b.Key));

        KeyBitsets[] keyBits = [ideBits, features.Build(), languages.Build(), models.Build()];
        return new UserDay(day, userIds, logins!, facts, index, keyBits, surfaces.Build(), [.. engagement], raw.Build(), hash.Finish());

        void Add(EngagementKind kind, string key, int users)
        {
            if (users > 0)
            {
                engagement.Add(new DailyEngagement(day, kind, key, users));
            }
        }

        // The users of each key, or only those also in `within`.
        void AddAll(EngagementKind kind, KeyBitsets keys, ulong[]? within)
        {
            for (var k = 0; k < keys.Keys.Length; k++)
            {
                Add(kind, keys.Keys[k], within is null ? Bitset.Count(keys.Bits[k]) : Bitset.CountAnd(keys.Bits[k], within));
            }
        }
    }

    /// <summary>Collects the keys of one dimension (a <see langword="null"/> key is <c>""</c>) and the users of each.</summary>
    private sealed class KeyBitsBuilder(int words)
    {
        private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
        private readonly List<string> _keys = [];
        private readonly List<ulong[]> _bits = [];
        private KeyBitsets? _built;

        public void Add(string? key, int user)
        {
            key ??= "";
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = _keys.Count;
                _slots.Add(key, slot);
                _keys.Add(key);
                _bits.Add(new ulong[words]);
            }

            Bitset.Set(_bits[slot], user);
        }

        public KeyBitsets Build() => _built ??= new KeyBitsets([.. _keys], [.. _bits]);
    }
}
