using System.Text.Json.Serialization;

namespace CopilotMetrics.Reports;

/// <summary>A slash command of the CLI (a <c>totals_by_slash_cmd</c> entry); <see cref="CustomizationTotals.InteractionCount"/> counts invocations.</summary>
public sealed class SlashCommandTotals : CustomizationTotals
{
    /// <summary>The command, for example <c>/plan</c>; customer-defined commands read <c>custom</c> (not <c>other</c>).</summary>
    [JsonPropertyName("slash_cmd")]
    public string? SlashCommand { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? Name => SlashCommand;
}
