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

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
