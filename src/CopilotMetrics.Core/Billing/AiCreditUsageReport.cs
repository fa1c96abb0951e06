using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Billing;

/// <summary>
/// GitHub's AI-credit usage report for an organization (<c>billing-ai-credit-usage-report-org</c>) or an enterprise
/// (<c>billing-ai-credit-usage-report-ghe</c>): the usage of one year, month or day, aggregated by product, SKU and
/// model, for the filters of the request. Property names are GitHub's own (camelCase).
/// </summary>
/// <remarks>
/// GitHub bills Copilot in AI credits since 2026-06-01; one credit is USD 0.01. The items carry no user and no day: ask
/// with <see cref="AiCreditUsageQuery.User"/> and <see cref="AiCreditUsageQuery.Day"/> to break usage down that way.
/// </remarks>
public sealed class AiCreditUsageReport : ReportObject
{
    /// <summary>The period the report covers (its year, and its month and day when the request narrowed it).</summary>
    [JsonPropertyName("timePeriod")]
    [JsonRequired]
    public BillingTimePeriod TimePeriod { get; init; } = new();

    /// <summary>The organization the report is for; set by the organization endpoint (and echoing the filter on the enterprise endpoint).</summary>
    [JsonPropertyName("organization")]
    public string? Organization { get; init; }

    /// <summary>The enterprise the report is for; set by the enterprise endpoint only.</summary>
    [JsonPropertyName("enterprise")]
    public string? Enterprise { get; init; }

    /// <summary>The user the report was filtered to, if any.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>The product the report was filtered to, if any.</summary>
    [JsonPropertyName("product")]
    public string? Product { get; init; }

    /// <summary>The model the report was filtered to, if any.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>The cost center the report was filtered to, if any; enterprise endpoint only.</summary>
    [JsonPropertyName("costCenter")]
    public BillingCostCenter? CostCenter { get; init; }

    /// <summary>The usage, one item per product, SKU and model; empty when there was none.</summary>
    [JsonPropertyName("usageItems")]
    [JsonRequired]
    public IReadOnlyList<AiCreditUsageItem> UsageItems { get; init; } = [];
}
