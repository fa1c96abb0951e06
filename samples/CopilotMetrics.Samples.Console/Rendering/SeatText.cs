using System.Globalization;
using CopilotMetrics.Analytics;

namespace CopilotMetrics.Samples.Console.Rendering;

/// <summary>The one line every command prints for a seat snapshot (demo, status, query seats), from <see cref="CopilotAnalytics"/>'s one definition.</summary>
public static class SeatText
{
    /// <summary>The counts as plain text (no markup).</summary>
    /// <param name="s">The counts.</param>
    /// <returns>The line.</returns>
    public static string Describe(SeatSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return string.Create(CultureInfo.InvariantCulture,
            $"seats {Format.Day(s.Day)}: {s.Assigned:N0} assigned, {s.Active:N0} active within {s.ActiveWithinDays} days, {s.Inactive:N0} inactive, {s.NeverUsed:N0} never used, {s.PendingCancellation:N0} pending cancellation");
    }
}
