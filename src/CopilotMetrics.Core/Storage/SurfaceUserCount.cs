namespace CopilotMetrics.Storage;

/// <summary>Distinct users of one surface (<see cref="SurfaceKeys"/>) on one day, or over the whole asked range.</summary>
/// <param name="Day">The day; <see langword="null"/> for the distinct users over the whole range (recomputed, never a sum of days).</param>
/// <param name="Surface">The surface key (<see cref="SurfaceKeys"/>), or <see cref="SurfaceKeys.Active"/> / <see cref="SurfaceKeys.Members"/>.</param>
/// <param name="Users">Distinct users (for a team: distinct members, on a day they were members).</param>
public sealed record SurfaceUserCount(DateOnly? Day, string Surface, int Users);
