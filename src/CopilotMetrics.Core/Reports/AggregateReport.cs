using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>
/// The object of an <c>organization-28-day</c> or <c>enterprise-28-day</c> report: a window and one
/// <see cref="AggregateDayRecord"/> per day. <see cref="ReportReader.ReadAggregateDaysAsync"/> yields the days.
/// </summary>
/// <remarks>
/// Round trip: the window's two days are always written; <c>day_totals</c> only when read. Properties GitHub adds to the
/// wrapper (for example <c>etl_id</c>, or the <c>copilot_feature_engagement</c> object one third-party parser reads) stay in
/// <see cref="ReportObject.AdditionalProperties"/>.
/// </remarks>
public sealed class AggregateReport : ReportObject
{
    private IReadOnlyList<AggregateDayRecord>? _dayTotals;

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

    /// <summary>One record per processed day of the window; empty when none.</summary>
    [JsonIgnore]
    [AllowNull]
    public IReadOnlyList<AggregateDayRecord> DayTotals { get => _dayTotals ?? []; init => _dayTotals = value; }

    // The list as the JSON holds it: null when the wrapper lacked it, so that it is written back only when read.
    [JsonInclude]
    [JsonPropertyName("day_totals")]
    internal IReadOnlyList<AggregateDayRecord>? DayTotalsJson { get => _dayTotals; init => _dayTotals = value; }
}
