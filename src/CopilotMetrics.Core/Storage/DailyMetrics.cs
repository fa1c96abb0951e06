namespace CopilotMetrics.Storage;

/// <summary>One day of the daily series, from the aggregate record.</summary>
/// <param name="Day">The day.</param>
/// <param name="DailyActiveUsers">GitHub's daily active users.</param>
/// <param name="WeeklyActiveUsers">GitHub's 7-day active users.</param>
/// <param name="MonthlyActiveUsers">GitHub's 28-day active users.</param>
/// <param name="MonthlyActiveChatUsers">GitHub's 28-day chat users.</param>
/// <param name="MonthlyActiveAgentUsers">GitHub's 28-day agent-mode users.</param>
/// <param name="Activity">The day's counters.</param>
public sealed record DailyMetrics(DateOnly Day, int DailyActiveUsers, int WeeklyActiveUsers, int MonthlyActiveUsers, int MonthlyActiveChatUsers, int MonthlyActiveAgentUsers, ActivityCounts Activity);
