using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Billing;

/// <summary>The seats of an organization's current Copilot billing cycle (<c>copilot-organization-seat-breakdown</c>); every count is optional.</summary>
public sealed class CopilotSeatBreakdown : ReportObject
{
    /// <summary>Seats billed for the current billing cycle.</summary>
    [JsonPropertyName("total")]
    public int? Total { get; init; }

    /// <summary>Seats added during the current billing cycle.</summary>
    [JsonPropertyName("added_this_cycle")]
    public int? AddedThisCycle { get; init; }

    /// <summary>Seats pending cancellation at the end of the current billing cycle.</summary>
    [JsonPropertyName("pending_cancellation")]
    public int? PendingCancellation { get; init; }

    /// <summary>Users invited to a seat through this organization who have not accepted yet.</summary>
    [JsonPropertyName("pending_invitation")]
    public int? PendingInvitation { get; init; }

    /// <summary>Seats that used Copilot during the current billing cycle.</summary>
    [JsonPropertyName("active_this_cycle")]
    public int? ActiveThisCycle { get; init; }

    /// <summary>Seats that did not use Copilot during the current billing cycle.</summary>
    [JsonPropertyName("inactive_this_cycle")]
    public int? InactiveThisCycle { get; init; }
}
