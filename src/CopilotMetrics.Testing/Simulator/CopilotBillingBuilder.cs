using System.Buffers;
using System.Text.Json;
using CopilotMetrics.Seats;

namespace CopilotMetrics.Testing.Simulation;

/// <summary>
/// The simulator's <c>GET /orgs/{org}/copilot/billing</c> answer, counted from the seats it lists. The billing cycle is
/// taken to be the calendar month (UTC) of the simulator's clock: added seats were created in it, active seats have
/// their last activity in it. Nobody has a pending invitation; the policies are fixed (public code blocked, chat and
/// CLI enabled, seats assigned to selected users).
/// </summary>
internal static class CopilotBillingBuilder
{
    public static byte[] Build(IReadOnlyList<CopilotSeat> seats, int totalSeats, DateTimeOffset now)
    {
        var cycleStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var holders = seats.GroupBy(s => s.Assignee?.Id ?? 0).Select(g => g.First()).ToList();
        var active = holders.Count(s => s.LastActivityAt >= cycleStart);
        var output = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("seat_breakdown");
            writer.WriteNumber("total", totalSeats);
            writer.WriteNumber("added_this_cycle", holders.Count(s => s.CreatedAt >= cycleStart));
            writer.WriteNumber("pending_cancellation", holders.Count(s => s.PendingCancellationDate is not null));
            writer.WriteNumber("pending_invitation", 0);
            writer.WriteNumber("active_this_cycle", active);
            writer.WriteNumber("inactive_this_cycle", totalSeats - active);
            writer.WriteEndObject();
            writer.WriteString("seat_management_setting", "assign_selected");
            writer.WriteString("ide_chat", "enabled");
            writer.WriteString("platform_chat", "enabled");
            writer.WriteString("cli", "enabled");
            writer.WriteString("public_code_suggestions", "block");
            writer.WriteString("plan_type", seats.Any(s => s.PlanType == "enterprise") ? "enterprise" : "business");
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
