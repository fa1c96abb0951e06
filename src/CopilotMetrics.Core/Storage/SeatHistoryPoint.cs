namespace CopilotMetrics.Storage;

/// <summary>Seat counts of one snapshot.</summary>
/// <param name="Day">The snapshot day.</param>
/// <param name="Assigned">Distinct assignees.</param>
/// <param name="Active">Assignees with activity within the asked number of days before the snapshot day.</param>
/// <param name="NeverUsed">Assignees with no recorded activity.</param>
public sealed record SeatHistoryPoint(DateOnly Day, int Assigned, int Active, int NeverUsed);
