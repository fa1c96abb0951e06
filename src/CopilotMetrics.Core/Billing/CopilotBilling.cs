using System.Text.Json.Serialization;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Billing;

/// <summary>
/// An organization's Copilot subscription (<c>copilot-organization-details</c>, from <c>GET /orgs/{org}/copilot/billing</c>):
/// the seat breakdown of the current billing cycle and the organization's Copilot policies. The policy values are
/// kept as GitHub's strings, so a value GitHub adds later is not lost.
/// </summary>
public sealed class CopilotBilling : ReportObject
{
    /// <summary>The seats of the current billing cycle.</summary>
    [JsonPropertyName("seat_breakdown")]
    [JsonRequired]
    public CopilotSeatBreakdown SeatBreakdown { get; init; } = new();

    /// <summary>Suggestions matching public code: <c>allow</c>, <c>block</c> or <c>unconfigured</c>.</summary>
    [JsonPropertyName("public_code_suggestions")]
    [JsonRequired]
    public string PublicCodeSuggestions { get; init; } = "";

    /// <summary>Copilot Chat in the IDE: <c>enabled</c>, <c>disabled</c> or <c>unconfigured</c>.</summary>
    [JsonPropertyName("ide_chat")]
    public string? IdeChat { get; init; }

    /// <summary>Copilot features on GitHub.com: <c>enabled</c>, <c>disabled</c> or <c>unconfigured</c>.</summary>
    [JsonPropertyName("platform_chat")]
    public string? PlatformChat { get; init; }

    /// <summary>Copilot CLI: <c>enabled</c>, <c>disabled</c> or <c>unconfigured</c>.</summary>
    [JsonPropertyName("cli")]
    public string? Cli { get; init; }

    /// <summary>How new seats are assigned: <c>assign_all</c>, <c>assign_selected</c>, <c>disabled</c> or <c>unconfigured</c>.</summary>
    [JsonPropertyName("seat_management_setting")]
    [JsonRequired]
    public string SeatManagementSetting { get; init; } = "";

    /// <summary>The Copilot plan of the organization (or of its enterprise): <c>business</c> or <c>enterprise</c>.</summary>
    [JsonPropertyName("plan_type")]
    public string? PlanType { get; init; }
}
