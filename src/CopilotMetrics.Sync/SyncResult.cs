using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync;

/// <summary>What one sync run did.</summary>
public sealed record SyncResult
{
    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Report-days downloaded and stored.</summary>
    public int Stored { get; init; }

    /// <summary>Of <see cref="Stored"/>: days stored again with different content (GitHub's late corrections).</summary>
    public int Corrected { get; init; }

    /// <summary>Report-days for which GitHub had no report (204).</summary>
    public int Empty { get; init; }

    /// <summary>Report-days already complete, claimed by another worker (see <see cref="HeldByOtherWorkers"/>), or waiting for their retry time.</summary>
    public int Skipped { get; init; }

    /// <summary>Rows stored.</summary>
    public long Rows { get; init; }

    /// <summary>Bytes of report files read.</summary>
    public long Bytes { get; init; }

    /// <summary>Malformed lines skipped (only with <see cref="SyncOptions.SkipMalformedLines"/>).</summary>
    public long SkippedLines { get; init; }

    /// <summary>Report-days that failed in this run, with the reason.</summary>
    public IReadOnlyList<SyncFailure> Failures { get; init; } = [];

    /// <summary>Report-days that gave up after <see cref="SyncOptions.MaxAttempts"/> and are left failed (not retried).</summary>
    public IReadOnlyList<SyncFailure> GaveUp { get; init; } = [];

    /// <summary>Things that succeeded but look wrong, such as a report with zero rows where rows were expected.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Report-days this run did not sync because another worker held their claim (or took it over): a sync elsewhere,
    /// or a worker that died within the last <see cref="SyncOptions.ClaimDuration"/>. They are not stored by this run.
    /// </summary>
    public IReadOnlyList<SyncDayKey> HeldByOtherWorkers { get; init; } = [];

    /// <summary>
    /// Properties no record type models that the stored report-days carried (GitHub added fields this version does not
    /// type), one per report-day and path, ordered by report-day and path. They were kept losslessly; the days' stored
    /// statuses name them too (<see cref="SyncDayStatus.UnknownProperties"/>).
    /// </summary>
    public IReadOnlyList<SyncDrift> Drift { get; init; } = [];

    /// <summary>Whether nothing failed (days held by other workers are not failures: see <see cref="Complete"/>).</summary>
    public bool Succeeded => Failures.Count == 0 && GaveUp.Count == 0;

    /// <summary>
    /// Whether the run left its whole window synced: nothing failed and no day was left to another worker. A run that
    /// is not complete must not be reported as done; run it again once the other worker has finished or its claims
    /// have run out (<see cref="SyncOptions.ClaimDuration"/>).
    /// </summary>
    public bool Complete => Succeeded && HeldByOtherWorkers.Count == 0;
}
