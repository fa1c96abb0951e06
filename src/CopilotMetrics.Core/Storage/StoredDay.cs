namespace CopilotMetrics.Storage;

/// <summary>The result of storing a report-day.</summary>
/// <param name="Rows">Rows stored.</param>
/// <param name="ContentHash">Hex SHA-256 over the stored records' JSON (see <see cref="ContentHash"/>), the same in every store.</param>
/// <param name="Replaced">Whether an earlier version of the day was replaced.</param>
public sealed record StoredDay(long Rows, string ContentHash, bool Replaced);
