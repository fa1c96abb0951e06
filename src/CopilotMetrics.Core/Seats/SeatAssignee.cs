using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Seats;

/// <summary>A seat holder (a simple user).</summary>
public sealed class SeatAssignee : ReportObject
{
    /// <summary>The login.</summary>
    [JsonPropertyName("login")]
    public string? Login { get; init; }

    /// <summary>The user id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>The account type, for example <c>User</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
