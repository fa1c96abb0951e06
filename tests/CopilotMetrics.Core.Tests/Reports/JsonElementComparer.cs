using System.Text.Json;

namespace CopilotMetrics.Core.Tests.Reports;

/// <summary>Compares JSON trees by meaning: numbers by value (<c>272.0</c> equals <c>272</c>), objects regardless of key order.</summary>
internal static class JsonElementComparer
{
    /// <param name="expected">The first tree.</param>
    /// <param name="actual">The second tree.</param>
    /// <param name="ignoreNulls">Treat an object property whose value is <c>null</c> as absent (on both sides).</param>
    public static bool DeepEquals(JsonElement expected, JsonElement actual, bool ignoreNulls = false)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return false;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var left = Properties(expected, ignoreNulls);
                var right = Properties(actual, ignoreNulls);
                return left.Count == right.Count
                    && left.All(p => right.TryGetValue(p.Key, out var other) && DeepEquals(p.Value, other, ignoreNulls));
            case JsonValueKind.Array:
                return expected.GetArrayLength() == actual.GetArrayLength()
                    && expected.EnumerateArray().Zip(actual.EnumerateArray()).All(p => DeepEquals(p.First, p.Second, ignoreNulls));
            case JsonValueKind.Number:
                return expected.TryGetDecimal(out var a) && actual.TryGetDecimal(out var b) ? a == b : expected.GetDouble().Equals(actual.GetDouble());
            case JsonValueKind.String:
                // Timestamps by instant: the serializer writes "2026-09-24T15:12:40+00:00" for "2026-09-24T15:12:40.000Z".
                return expected.GetString() == actual.GetString()
                    || (expected.TryGetDateTimeOffset(out var t1) && actual.TryGetDateTimeOffset(out var t2) && t1 == t2);
            default:
                return true;
        }
    }

    /// <summary>Every path of a tree (<c>totals_by_ide[].loc_added_sum</c>); with <paramref name="ignoreNulls"/>, null-valued properties are left out.</summary>
    public static SortedSet<string> Paths(JsonElement element, bool ignoreNulls = true)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(element, "", paths, ignoreNulls);
        return paths;
    }

    private static void Collect(JsonElement element, string prefix, SortedSet<string> paths, bool ignoreNulls)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (ignoreNulls && property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                    paths.Add(path);
                    Collect(property.Value, path, paths, ignoreNulls);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, prefix + "[]", paths, ignoreNulls);
                }

                break;
        }
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement element, bool ignoreNulls) =>
        element.EnumerateObject()
            .Where(p => !ignoreNulls || p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
