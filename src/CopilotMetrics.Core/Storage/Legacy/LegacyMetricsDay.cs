using System.Text.Json.Serialization;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>
/// One day of the retired <c>/copilot/metrics</c> API (schema <c>copilot-usage-metrics-day</c>, sunset 2026-04-02),
/// as <see cref="LegacyMetricsProjection"/> rebuilds it from the new reports. Serialize it with
/// <see cref="LegacyMetricsJson"/> to get the snake_case JSON that existing dashboards read.
/// </summary>
public sealed class LegacyMetricsDay
{
    /// <summary>The day (<c>YYYY-MM-DD</c>).</summary>
    [JsonPropertyName("date")]
    public DateOnly Date { get; init; }

    /// <summary>Users with any Copilot activity that day.</summary>
    [JsonPropertyName("total_active_users")]
    public int TotalActiveUsers { get; init; }

    /// <summary>Users who engaged with Copilot that day.</summary>
    [JsonPropertyName("total_engaged_users")]
    public int TotalEngagedUsers { get; init; }

    /// <summary>IDE code completions.</summary>
    [JsonPropertyName("copilot_ide_code_completions")]
    public LegacyIdeCodeCompletions? CopilotIdeCodeCompletions { get; init; }

    /// <summary>IDE chat.</summary>
    [JsonPropertyName("copilot_ide_chat")]
    public LegacyIdeChat? CopilotIdeChat { get; init; }

    /// <summary>GitHub.com chat (not in the new reports: always <see langword="null"/> in a projection).</summary>
    [JsonPropertyName("copilot_dotcom_chat")]
    public LegacyDotcomChat? CopilotDotcomChat { get; init; }

    /// <summary>Pull-request summaries on GitHub.com (not in the new reports: always <see langword="null"/> in a projection).</summary>
    [JsonPropertyName("copilot_dotcom_pull_requests")]
    public LegacyDotcomPullRequests? CopilotDotcomPullRequests { get; init; }
}
