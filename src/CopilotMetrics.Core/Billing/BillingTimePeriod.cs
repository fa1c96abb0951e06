using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Billing;

/// <summary>The period of a billing usage report (<c>timePeriod</c>): a year, optionally narrowed to a month and a day.</summary>
public sealed class BillingTimePeriod : ReportObject
{
    /// <summary>The year.</summary>
    [JsonPropertyName("year")]
    [JsonRequired]
    public int Year { get; init; }

    /// <summary>The month (1–12), when the report covers one.</summary>
    [JsonPropertyName("month")]
    public int? Month { get; init; }

    /// <summary>The day of the month (1–31), when the report covers one day.</summary>
    [JsonPropertyName("day")]
    public int? Day { get; init; }
}
