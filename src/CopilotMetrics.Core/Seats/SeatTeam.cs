using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Seats;

/// <summary>The team granting a seat.</summary>
public sealed class SeatTeam : ReportObject
{
    /// <summary>The team id (a number for organization teams; enterprise teams may use other forms, kept as given).</summary>
    [JsonPropertyName("id")]
    public System.Text.Json.JsonElement Id { get; init; }

    /// <summary>The team name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The team slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }
}
