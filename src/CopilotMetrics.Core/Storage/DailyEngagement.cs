namespace CopilotMetrics.Storage;

/// <summary>Distinct users of one kind and key on one day.</summary>
/// <param name="Day">The day.</param>
/// <param name="Kind">What is counted.</param>
/// <param name="Key">The key (empty for <see cref="EngagementKind.Active"/> and <see cref="EngagementKind.Engaged"/>).</param>
/// <param name="Users">Distinct users.</param>
public sealed record DailyEngagement(DateOnly Day, EngagementKind Kind, string Key, int Users);
