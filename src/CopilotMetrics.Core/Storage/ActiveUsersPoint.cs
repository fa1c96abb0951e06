namespace CopilotMetrics.Storage;

/// <summary>Active users on a day, recomputed from per-user rows.</summary>
/// <param name="Day">The day.</param>
/// <param name="Daily">Distinct users that day.</param>
/// <param name="Weekly">Distinct users in the 7 days ending that day.</param>
/// <param name="Monthly">Distinct users in the 28 days ending that day.</param>
public sealed record ActiveUsersPoint(DateOnly Day, int Daily, int Weekly, int Monthly);
