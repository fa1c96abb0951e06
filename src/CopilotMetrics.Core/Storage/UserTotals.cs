namespace CopilotMetrics.Storage;

/// <summary>One user's totals over a range.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Login">The latest login seen in the range.</param>
/// <param name="ActiveDays">Days with a row.</param>
/// <param name="LastActiveDay">The last day with a row.</param>
/// <param name="Activity">Sums over the days.</param>
/// <param name="AiCreditsUsed">Sum of AI credits.</param>
public sealed record UserTotals(long UserId, string Login, int ActiveDays, DateOnly LastActiveDay, ActivityCounts Activity, double AiCreditsUsed);
