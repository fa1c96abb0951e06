using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Billing;

/// <summary>The cost center an enterprise usage report was filtered to (<c>costCenter</c>).</summary>
public sealed class BillingCostCenter : ReportObject
{
    /// <summary>The cost center's id.</summary>
    [JsonPropertyName("id")]
    [JsonRequired]
    public string Id { get; init; } = "";

    /// <summary>The cost center's name.</summary>
    [JsonPropertyName("name")]
    [JsonRequired]
    public string Name { get; init; } = "";
}
