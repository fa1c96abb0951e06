using System.ComponentModel.DataAnnotations;
using CopilotMetrics.Storage;

namespace CopilotMetrics.Sync;

/// <summary>Options of <see cref="SyncEngine"/>, bound from <c>CopilotMetrics:Sync</c> or set in <c>AddSyncEngine(o => …)</c>.</summary>
public sealed class SyncOptions
{
    /// <summary>The scopes to keep complete, as <c>org:NAME</c> or <c>enterprise:SLUG</c>. Credentials per scope go in <see cref="CopilotMetricsOptions.ScopeTokens"/>.</summary>
    public List<string> Scopes { get; } = [];

    /// <summary>
    /// The datasets to sync. Default: aggregate, users, user-teams, repositories, seats and AI credits. AI credits cost
    /// a scope without billing read access one request a run: GitHub's 403 or 404 leaves that scope's AI-credit days
    /// unsynced for the run with one warning (<see cref="SyncResult.Warnings"/>), not a failure per day.
    /// </summary>
    public HashSet<SyncDataset> Datasets { get; } = [SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.UserTeams, SyncDataset.Repositories, SyncDataset.Seats, SyncDataset.AiCredits];

    /// <summary>How many days back to keep complete, ending yesterday (UTC). Default 28; at most 365 (GitHub keeps a year).</summary>
    [IntRange(1, 365, ErrorMessage = "CopilotMetrics:Sync:BackfillDays must be between {1} and {2}; GitHub keeps a year of reports.")]
    public int BackfillDays { get; set; } = 28;

    /// <summary>The trailing days fetched again on every run so that GitHub's late corrections land. Default 3.</summary>
    public int RefreshDays { get; set; } = 3;

    /// <summary>
    /// A day in the refresh window is fetched again only when it was last stored longer ago than this, so that
    /// several instances, or runs close together, do not download the same days again. Default 1 hour.
    /// </summary>
    [TimeSpanRange("00:00:00", "7.00:00:00", ErrorMessage = "CopilotMetrics:Sync:RefreshAfter must be between {1} and {2}.")]
    public TimeSpan RefreshAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Report-days downloaded and stored at once. Default 4.</summary>
    [IntRange(1, 64, ErrorMessage = "CopilotMetrics:Sync:MaxConcurrency must be between {1} and {2}.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Attempts of a failing day across runs before it is left failed (its reason kept). Default 5.</summary>
    [IntRange(1, 100, ErrorMessage = "CopilotMetrics:Sync:MaxAttempts must be between {1} and {2}.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before a failed day is tried again; doubled after each further failure, at most a day. Default 15 minutes.</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00", ErrorMessage = "CopilotMetrics:Sync:RetryBackoff must be between {1} and {2}.")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Store a day without its malformed lines (counted in the status) instead of failing it. Default
    /// <see langword="false"/>: a malformed line fails the day, nothing of it is stored, and the reason names the file and line.
    /// </summary>
    public bool SkipMalformedLines { get; set; }

    /// <summary>
    /// How long a worker's claim (lease) on a report-day lasts without renewal. A live worker renews it every third of this
    /// while the day's download and write run, however long they take; a worker that dies (kill -9, a lost pod) lets go
    /// within this time, so another instance, or a re-run, takes the day over. Default 1 minute.
    /// </summary>
    [TimeSpanRange("00:00:03", "1.00:00:00", ErrorMessage = "CopilotMetrics:Sync:ClaimDuration must be between {1} and {2}.")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>This worker's id in claims. Default: machine name, process id and a random suffix.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Delete data older than this many days after each run; 0 keeps everything. Default 0.</summary>
    [IntRange(0, 36500, ErrorMessage = "CopilotMetrics:Sync:RetentionDays must be between {1} and {2}.")]
    public int RetentionDays { get; set; }

    /// <summary>The cron schedule of the hosted service (UTC, five fields). Default <c>0 6 * * *</c>: daily at 06:00.</summary>
    [Required(ErrorMessage = "CopilotMetrics:Sync:Schedule is required: a five-field cron expression such as '0 6 * * *'.")]
    public string Schedule { get; set; } = "0 6 * * *";

    /// <summary>Whether the hosted service runs once as soon as the host starts. Default <see langword="true"/>.</summary>
    public bool RunOnStart { get; set; } = true;

    /// <summary>The health check reports unhealthy when the last successful run is older than this. Default 36 hours.</summary>
    [TimeSpanRange("00:00:01", "365.00:00:00", ErrorMessage = "CopilotMetrics:Sync:HealthyWithin must be between {1} and {2}.")]
    public TimeSpan HealthyWithin { get; set; } = TimeSpan.FromHours(36);
}
