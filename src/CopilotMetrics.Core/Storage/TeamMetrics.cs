namespace CopilotMetrics.Storage;

/// <summary>One team's metrics over a range.</summary>
/// <param name="TeamId">The team id.</param>
/// <param name="Slug">The team slug (the latest seen).</param>
/// <param name="Members">Distinct users who were members on any day of the range.</param>
/// <param name="ActiveUsers">Distinct members with a per-user row on a day they were members.</param>
/// <param name="Activity">Counters summed over the joined (member, day) rows.</param>
public sealed record TeamMetrics(long TeamId, string Slug, int Members, int ActiveUsers, ActivityCounts Activity);
