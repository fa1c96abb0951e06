namespace CopilotMetrics.Storage;

/// <summary>One user's totals over a range.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Login">The latest login seen in the range.</param>
/// <param name="ActiveDays">Days with a row.</param>
/// <param name="LastActiveDay">The last day with a row.</param>
/// <param name="Activity">Sums over the days.</param>
/// <param name="AiCreditsUsed">
/// The sum of <c>ai_credits_used</c> over the user's rows in the range that carry it; <see langword="null"/> when none
/// does (rows before GitHub added the field do not), never 0 for "not reported". A reported 0 stays 0.
/// </param>
public sealed record UserTotals(long UserId, string Login, int ActiveDays, DateOnly LastActiveDay, ActivityCounts Activity, double? AiCreditsUsed);
