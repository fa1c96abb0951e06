using CopilotMetrics.Seats;

namespace CopilotMetrics.Storage;

/// <summary>A stored seat snapshot.</summary>
/// <param name="Day">The day it was taken.</param>
/// <param name="Seats">The seats, as GitHub listed them.</param>
public sealed record SeatSnapshot(DateOnly Day, IReadOnlyList<CopilotSeat> Seats);
