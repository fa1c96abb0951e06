namespace CopilotMetrics.Samples.Console;

/// <summary>The process exit codes of <c>copilot-metrics</c>.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>A report held a malformed record (or a gzip file was corrupt).</summary>
    public const int MalformedRecord = 1;

    /// <summary><c>sync</c>/<c>backfill</c>: some report-days failed (they are listed with their reasons).</summary>
    public const int DaysFailed = 1;

    /// <summary>
    /// Bad usage or configuration: an unknown command or option, a bad option value, a file that does not exist or
    /// cannot be opened, no GitHub token, no scopes, no connection string for <c>--store postgres</c>.
    /// </summary>
    public const int Usage = 2;

    /// <summary>An unexpected error (a bug): the exception is printed.</summary>
    public const int Unexpected = 3;

    /// <summary>The store (the database) or the network failed: unreachable, refused, timed out.</summary>
    public const int Unavailable = 4;

    /// <summary>
    /// Writing the output failed: the disk is full, the device refuses the bytes (<c>--output /dev/full</c>), the file
    /// cannot be written. 74 is sysexits' EX_IOERR. (An <c>--output</c> whose directory does not exist is refused
    /// before the work starts, with <see cref="Usage"/>.)
    /// </summary>
    public const int OutputFailed = 74;

    /// <summary>
    /// <c>sync</c>/<c>backfill</c>: nothing failed, but the window is not complete — some report-days were held by another
    /// worker's claim, or are still missing (listed): run again later. 75 is sysexits' EX_TEMPFAIL (<c>SyncJob.Incomplete</c>).
    /// </summary>
    public const int Incomplete = CopilotMetrics.Sync.SyncJob.Incomplete;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15; <c>kill</c>, <c>docker stop</c>, Kubernetes): the run stopped between records and released its claims.</summary>
    public const int Terminated = 143;
}
