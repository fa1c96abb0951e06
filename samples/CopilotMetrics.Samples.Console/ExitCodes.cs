namespace CopilotMetrics.Samples.Console;

/// <summary>The process exit codes of <c>copilot-metrics</c>.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>A report held a malformed record (or a gzip file was corrupt).</summary>
    public const int MalformedRecord = 1;

    /// <summary>Bad usage: an unknown command or option, a bad option value, or a file that does not exist or cannot be opened.</summary>
    public const int Usage = 2;

    /// <summary>An unexpected error (a bug): the exception is printed.</summary>
    public const int Unexpected = 3;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
