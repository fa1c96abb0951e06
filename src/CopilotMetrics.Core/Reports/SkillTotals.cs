using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A skill of the CLI (a <c>totals_by_skill</c> entry); <see cref="CustomizationTotals.InteractionCount"/> counts invocations, plugin skills included.</summary>
public sealed class SkillTotals : CustomizationTotals
{
    /// <summary>The skill; customer-defined skills read <c>other</c>.</summary>
    [JsonPropertyName("skill")]
    public string? Skill { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? Name => Skill;
}
