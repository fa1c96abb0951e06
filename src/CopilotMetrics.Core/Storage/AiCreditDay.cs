using CopilotMetrics.Billing;

namespace CopilotMetrics.Storage;

/// <summary>One stored day of AI-credit usage: the items GitHub's billing endpoint answered for it, in stored order.</summary>
/// <param name="Day">The day (UTC).</param>
/// <param name="Items">The items, one per product, SKU and model; empty when nothing was used.</param>
public sealed record AiCreditDay(DateOnly Day, IReadOnlyList<AiCreditUsageItem> Items);
