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

    /// <summary>
    /// The paths of the properties no record type models that the last successful attempt read
    /// (<see cref="Reports.ReportReadStatistics.UnknownProperties"/>), in ordinal order; empty when there were none. Two
    /// statuses with the same paths are equal.
    /// </summary>
    public IReadOnlyList<string> UnknownProperties { get => _unknown.Items; init => _unknown = new PathList(value); }

    // A list with value equality, so that the record's equality compares the paths, not the list instance.
    private readonly PathList _unknown = new(null);

    private readonly struct PathList(IReadOnlyList<string>? items) : IEquatable<PathList>
    {
        public IReadOnlyList<string> Items { get; } = items is null or { Count: 0 } ? [] : [.. items];

        public bool Equals(PathList other) => Items.SequenceEqual(other.Items, StringComparer.Ordinal);

        public override bool Equals(object? obj) => obj is PathList other && Equals(other);

        public override int GetHashCode() => Items.Count;
    }
}
