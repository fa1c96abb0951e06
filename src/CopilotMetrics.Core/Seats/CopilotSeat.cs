using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Seats;

/// <summary>One Copilot seat (<c>copilot-seat-details</c>) from the seats endpoints.</summary>
public sealed class CopilotSeat : ReportObject
{
    /// <summary>The seat holder.</summary>
    [JsonPropertyName("assignee")]
    public SeatAssignee? Assignee { get; init; }

    /// <summary>The organization granting the seat.</summary>
    [JsonPropertyName("organization")]
    public SeatOrganization? Organization { get; init; }

    /// <summary>The team through which the seat is granted; <see langword="null"/> for a direct assignment.</summary>
    [JsonPropertyName("assigning_team")]
    public SeatTeam? AssigningTeam { get; init; }

    /// <summary>Set when the seat is cancelled this billing cycle.</summary>
    [JsonPropertyName("pending_cancellation_date")]
    public DateOnly? PendingCancellationDate { get; init; }

    /// <summary>Last Copilot activity (up to 24 h late; reset to null after 90 idle days).</summary>
    [JsonPropertyName("last_activity_at")]
    public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>The editor of the last activity, for example <c>vscode/1.77.3/copilot/1.86.82</c>.</summary>
    [JsonPropertyName("last_activity_editor")]
    public string? LastActivityEditor { get; init; }

    /// <summary>Last Copilot authentication.</summary>
    [JsonPropertyName("last_authenticated_at")]
    public DateTimeOffset? LastAuthenticatedAt { get; init; }

    /// <summary>When access was last granted.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Deprecated by GitHub; use <see cref="CreatedAt"/>.</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The plan: <c>business</c>, <c>enterprise</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("plan_type")]
    public string? PlanType { get; init; }
}
