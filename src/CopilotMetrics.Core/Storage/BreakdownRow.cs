namespace CopilotMetrics.Storage;

/// <summary>One key of a breakdown over a range.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Key">The IDE, feature, language or model.</param>
/// <param name="Activity">Sums from the aggregate records.</param>
/// <param name="ActiveUsers">Distinct users with a per-user row for the key in the range.</param>
public sealed record BreakdownRow(BreakdownDimension Dimension, string Key, ActivityCounts Activity, int ActiveUsers);
