using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Sync;

/// <summary>Source-generated log messages of the sync engine and its hosted service.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Sync planned {Planned} report-day(s); {Skipped} already complete or waiting")]
    public static partial void SyncPlanned(ILogger logger, int planned, int skipped);

    [LoggerMessage(2002, LogLevel.Information, "Sync finished: {Stored} stored, {Empty} empty, {Skipped} skipped, {Failed} failed, {Rows} rows in {Duration}")]
    public static partial void SyncFinished(ILogger logger, int stored, int empty, int skipped, int failed, long rows, TimeSpan duration);

    [LoggerMessage(2003, LogLevel.Warning, "Sync of {Key} failed (attempt {Attempt}): {Reason}")]
    public static partial void DayFailed(ILogger logger, string key, int attempt, string reason);

    [LoggerMessage(2004, LogLevel.Information, "Retention: purged {Days} report-day(s) before {Cutoff}")]
    public static partial void Purged(ILogger logger, long days, string cutoff);

    [LoggerMessage(2005, LogLevel.Error, "Scheduled sync failed")]
    public static partial void ScheduledSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(2006, LogLevel.Information, "Next scheduled sync at {Next}")]
    public static partial void NextSync(ILogger logger, DateTimeOffset next);

    [LoggerMessage(2007, LogLevel.Critical, "Scheduled sync stopped: the configuration is invalid. Fix it and restart the host. {Failures}")]
    public static partial void SyncConfigurationInvalid(ILogger logger, string failures);

    [LoggerMessage(2008, LogLevel.Warning, "Could not renew the claim on {Key}: {Reason}; trying again while it holds")]
    public static partial void LeaseRenewalFailed(ILogger logger, string key, string reason);

    [LoggerMessage(2009, LogLevel.Warning, "The claim on {Key} was lost (taken over, or it ran out): leaving the day to its new owner")]
    public static partial void LeaseLost(ILogger logger, string key);

    [LoggerMessage(2010, LogLevel.Information, "Report property {Path} of dataset {Dataset} is not modelled by this version (first seen this run in {Key}, {Count} time(s)): kept losslessly, not typed")]
    public static partial void UnknownProperty(ILogger logger, string path, string dataset, string key, long count);

    [LoggerMessage(2011, LogLevel.Warning, "AI credits of {Scope} are unavailable (HTTP {Status}); its AI-credit days are not synced this run: {Reason}")]
    public static partial void AiCreditsUnavailable(ILogger logger, string scope, int status, string reason);
}
