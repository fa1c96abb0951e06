using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// The object of an <c>organization-28-day</c> or <c>enterprise-28-day</c> report: a window and one
/// <see cref="AggregateDayRecord"/> per day. <see cref="ReportReader.ReadAggregateDaysAsync"/> yields the days.
/// </summary>
public sealed class AggregateReport : ReportObject
{
    /// <summary>First day of the window.</summary>
    [JsonPropertyName("report_start_day")]
    public DateOnly ReportStartDay { get; init; }

    /// <summary>Last day of the window.</summary>
    [JsonPropertyName("report_end_day")]
    public DateOnly ReportEndDay { get; init; }

    /// <summary>When GitHub generated the report.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The enterprise id.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The organization id; organization scope only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>One record per processed day of the window.</summary>
    [JsonPropertyName("day_totals")]
    public IReadOnlyList<AggregateDayRecord> DayTotals { get; init; } = [];
}
