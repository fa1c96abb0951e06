using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Seats;

/// <summary>The organization granting a seat.</summary>
public sealed class SeatOrganization : ReportObject
{
    /// <summary>The organization login.</summary>
    [JsonPropertyName("login")]
    public string? Login { get; init; }

    /// <summary>The organization id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }
}
