namespace CopilotMetrics.Storage;

/// <summary>The state of a report-day's sync.</summary>
public enum SyncDayState
{
    /// <summary>Known to be due, not tried yet.</summary>
    Pending = 0,

    /// <summary>A worker is on it.</summary>
    InProgress = 1,

    /// <summary>Stored.</summary>
    Completed = 2,

    /// <summary>GitHub has no report for the day (204 or no links).</summary>
    Empty = 3,

    /// <summary>The last attempt failed; see <see cref="SyncDayStatus.LastError"/>.</summary>
    Failed = 4,
}
