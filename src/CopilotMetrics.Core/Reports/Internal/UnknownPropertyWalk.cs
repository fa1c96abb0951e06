using System.Collections;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// Names the unknown properties of a record at every depth, as paths: <c>totals_by_x</c> on the record itself,
/// <c>pull_requests.new_counter</c> in a nested object, <c>totals_by_ide[].new_field</c> in the entries of a list (one
/// count per entry that has it). The walk follows the serializer's metadata (<see cref="CountCheck.ChildrenOf"/>), so a
/// nested type added later is covered without more code. The name of an unknown property is its path's last segment; what
/// it holds (an object, a list) is not walked: it is one unknown property, kept whole.
/// </summary>
internal static class UnknownPropertyWalk
{
    public static void Collect(ReportObject record, ReportReadStatistics statistics) => Collect(record, null, statistics);

    private static void Collect(object value, string? prefix, ReportReadStatistics statistics)
    {
        if (value is ReportObject { AdditionalProperties: { Count: > 0 } extra })
        {
            foreach (var name in extra.Keys)
            {
                statistics.AddUnknownProperty(prefix is null ? name : string.Concat(prefix, name));
            }
        }

        foreach (var (name, get) in CountCheck.ChildrenOf(value.GetType()))
        {
            switch (get(value))
            {
                case ReportObject child:
                    Collect(child, string.Concat(prefix, name, "."), statistics);
                    break;
                case IEnumerable items and not string:
                    string? itemPrefix = null;
                    foreach (var item in items)
                    {
                        if (item is ReportObject element)
                        {
                            Collect(element, itemPrefix ??= string.Concat(prefix, name, "[]."), statistics);
                        }
                    }

                    break;
            }
        }
    }
}
