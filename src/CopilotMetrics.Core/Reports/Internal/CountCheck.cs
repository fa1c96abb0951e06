using System.Collections;
using System.Collections.Concurrent;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// Finds a negative count or sum in a record read by the source-generated serializer (the hand-written per-user parser
/// checks each count as it reads it). Counts are the whole-number properties whose JSON name ends in <c>_count</c>,
/// <c>_sum</c> or <c>_users</c>, or starts with <c>total_</c>; the walk follows nested report objects and lists through
/// the serializer's metadata, so a field typed later is checked without more code.
/// </summary>
internal static class CountCheck
{
    private static readonly ConcurrentDictionary<Type, Plan> Plans = new();

    /// <summary>Throws <see cref="RecordFormatException"/> naming the first negative count of <paramref name="value"/>.</summary>
    public static void ThrowIfNegative(object value)
    {
        if (Find(value, null) is { } found)
        {
            throw JsonRead.Negative(found.Path, found.Value, 0);
        }
    }

    /// <summary>Whether <paramref name="jsonName"/> is the name of a count or a sum.</summary>
    public static bool IsCountName(string jsonName) =>
        jsonName.EndsWith("_count", StringComparison.Ordinal) || jsonName.EndsWith("_sum", StringComparison.Ordinal)
        || jsonName.EndsWith("_users", StringComparison.Ordinal) || jsonName.StartsWith("total_", StringComparison.Ordinal);

    private static (string Path, long Value)? Find(object value, string? path)
    {
        var plan = Plans.GetOrAdd(value.GetType(), Build);
        foreach (var (name, get) in plan.Counts)
        {
            var count = get(value) switch
            {
                long l => l,
                int i => i,
                _ => 0L,
            };

            if (count < 0)
            {
                return (Join(path, name), count);
            }
        }

        foreach (var (name, get) in plan.Children)
        {
            switch (get(value))
            {
                case ReportObject child when Find(child, Join(path, name)) is { } found:
                    return found;
                case IEnumerable items and not string:
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is ReportObject element && Find(element, $"{Join(path, name)}[{index}]") is { } inList)
                        {
                            return inList;
                        }

                        index++;
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>The properties of <paramref name="type"/> that hold nested report objects or lists of them, by JSON name.</summary>
    public static (string Name, Func<object, object?> Get)[] ChildrenOf(Type type) => Plans.GetOrAdd(type, Build).Children;

    private static string Join(string? path, string name) => path is null ? name : $"{path}.{name}";

    private static Plan Build(Type type)
    {
        var counts = new List<(string, Func<object, object?>)>();
        var children = new List<(string, Func<object, object?>)>();
        var info = ReportJsonContext.Default.GetTypeInfo(type);
        if (info is not null)
        {
            foreach (var property in info.Properties)
            {
                if (property.Get is not { } get || property.IsExtensionData)
                {
                    continue;
                }

                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if ((t == typeof(long) || t == typeof(int)) && IsCountName(property.Name))
                {
                    counts.Add((property.Name, get));
                }
                else if (typeof(ReportObject).IsAssignableFrom(t) || (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t)))
                {
                    children.Add((property.Name, get));
                }
            }
        }

        return new Plan([.. counts], [.. children]);
    }

    private sealed record Plan((string Name, Func<object, object?> Get)[] Counts, (string Name, Func<object, object?> Get)[] Children);
}
