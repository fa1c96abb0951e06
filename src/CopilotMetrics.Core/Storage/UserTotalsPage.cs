namespace CopilotMetrics.Storage;

/// <summary>A page of per-user totals.</summary>
/// <param name="Items">The page.</param>
/// <param name="TotalUsers">Users in the range, across all pages.</param>
public sealed record UserTotalsPage(IReadOnlyList<UserTotals> Items, int TotalUsers);
