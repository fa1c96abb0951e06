using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Billing;

/// <summary>
/// One line of an <see cref="AiCreditUsageReport"/>: the usage of one product, SKU and model. Every field is required
/// by GitHub's schema. Quantities are in <see cref="UnitType"/> units (AI credits) and amounts in USD; the gross
/// quantity is what was used, the discount what the included credits covered and the net what is billed on top.
/// </summary>
public sealed class AiCreditUsageItem : ReportObject
{
    /// <summary>The product, for example <c>Copilot</c>.</summary>
    [JsonPropertyName("product")]
    [JsonRequired]
    public string Product { get; init; } = "";

    /// <summary>The SKU, for example <c>Copilot AI Credits</c>.</summary>
    [JsonPropertyName("sku")]
    [JsonRequired]
    public string Sku { get; init; } = "";

    /// <summary>The model the credits were used with.</summary>
    [JsonPropertyName("model")]
    [JsonRequired]
    public string Model { get; init; } = "";

    /// <summary>The unit of the quantities, for example <c>credits</c>.</summary>
    [JsonPropertyName("unitType")]
    [JsonRequired]
    public string UnitType { get; init; } = "";

    /// <summary>The price of one unit in USD (0.01 for an AI credit).</summary>
    [JsonPropertyName("pricePerUnit")]
    [JsonRequired]
    public decimal PricePerUnit { get; init; }

    /// <summary>The units used.</summary>
    [JsonPropertyName("grossQuantity")]
    [JsonRequired]
    public decimal GrossQuantity { get; init; }

    /// <summary>The price of the units used, in USD.</summary>
    [JsonPropertyName("grossAmount")]
    [JsonRequired]
    public decimal GrossAmount { get; init; }

    /// <summary>The units covered by a discount (the included credits).</summary>
    [JsonPropertyName("discountQuantity")]
    [JsonRequired]
    public decimal DiscountQuantity { get; init; }

    /// <summary>The discount, in USD.</summary>
    [JsonPropertyName("discountAmount")]
    [JsonRequired]
    public decimal DiscountAmount { get; init; }

    /// <summary>The units billed after the discount.</summary>
    [JsonPropertyName("netQuantity")]
    [JsonRequired]
    public decimal NetQuantity { get; init; }

    /// <summary>The amount billed after the discount, in USD.</summary>
    [JsonPropertyName("netAmount")]
    [JsonRequired]
    public decimal NetAmount { get; init; }
}
