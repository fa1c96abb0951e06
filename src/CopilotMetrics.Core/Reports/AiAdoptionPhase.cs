using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A user's AI-adoption cohort (<c>ai_adoption_phase</c>).</summary>
public sealed class AiAdoptionPhase : ReportObject
{
    /// <summary>The phase number; 0 is "No Cohort".</summary>
    [JsonPropertyName("phase_number")]
    public int PhaseNumber { get; init; }

    /// <summary>The phase name, for example <c>Phase 2</c> (an open set).</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; init; }

    /// <summary>The classification version, for example <c>v1</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}
