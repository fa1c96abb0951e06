using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A user's membership of one team on one day: a line of a <c>user-teams-1-day</c> report (one row per user and team).</summary>
public sealed class UserTeamRecord : ReportObject, IReportRecord
{
    /// <summary>The membership day.</summary>
    [JsonPropertyName("day")]
    [JsonRequired]
    public DateOnly Day { get; init; }

    /// <summary>The GitHub user id.</summary>
    [JsonPropertyName("user_id")]
    [JsonRequired]
    public long UserId { get; init; }

    /// <summary>The GitHub login.</summary>
    [JsonPropertyName("user_login")]
    public string? UserLogin { get; init; }

    /// <summary>The organization id; organization scope only.</summary>
    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; init; }

    /// <summary>The enterprise id; enterprise scope only.</summary>
    [JsonPropertyName("enterprise_id")]
    public string? EnterpriseId { get; init; }

    /// <summary>The team id.</summary>
    [JsonPropertyName("team_id")]
    [JsonRequired]
    public long TeamId { get; init; }

    /// <summary>The team slug.</summary>
    [JsonPropertyName("slug")]
    public string? Slug { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }
}
