namespace CopilotMetrics.Storage;

/// <summary>What the sync knows about one report-day.</summary>
public sealed record SyncDayStatus
{
    /// <summary>The report-day.</summary>
    public required SyncDayKey Key { get; init; }

    /// <summary>The state.</summary>
    public SyncDayState State { get; init; }

    /// <summary>Attempts so far (reset when the day completes).</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed (file and line number for a malformed record).</summary>
    public string? LastError { get; init; }

    /// <summary>Rows stored by the last successful attempt.</summary>
    public long RowCount { get; init; }

    /// <summary>Malformed lines skipped by the last successful attempt (when skipping was allowed).</summary>
    public long SkippedLines { get; init; }

    /// <summary>SHA-256 of the stored content (<see cref="StoredDay.ContentHash"/>), to tell a late correction from a repeat.</summary>
    public string? ContentHash { get; init; }

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the day last completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Not before this time should a failed day be tried again.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
