namespace CopilotMetrics.Storage.Internal;

/// <summary>The order of <c>GetUserTotalsAsync</c> over dense user indices, shared by the stores that sort in memory.</summary>
internal static class UserTotalsOrder
{
    /// <summary>The sort key of <paramref name="sort"/> (reversed when <paramref name="descending"/>), then the user id ascending.</summary>
    public static Comparison<int> Comparer(UserTotalsSort sort, bool descending, long[] userIds, ActivityCounts[] activity, int[] activeDays, Func<int, string> login)
    {
        Comparison<int> primary = sort switch
        {
            UserTotalsSort.Interactions => (a, b) => activity[a].UserInitiatedInteractions.CompareTo(activity[b].UserInitiatedInteractions),
            UserTotalsSort.Generations => (a, b) => activity[a].CodeGenerations.CompareTo(activity[b].CodeGenerations),
            UserTotalsSort.Acceptances => (a, b) => activity[a].CodeAcceptances.CompareTo(activity[b].CodeAcceptances),
            UserTotalsSort.LocAdded => (a, b) => activity[a].LocAdded.CompareTo(activity[b].LocAdded),
            UserTotalsSort.ActiveDays => (a, b) => activeDays[a].CompareTo(activeDays[b]),
            _ => (a, b) => string.CompareOrdinal(login(a), login(b)),
        };

        return (a, b) =>
        {
            var c = primary(a, b);
            if (descending)
            {
                c = -c;
            }

            return c != 0 ? c : userIds[a].CompareTo(userIds[b]);
        };
    }
}
