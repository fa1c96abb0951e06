namespace CopilotMetrics.Samples.Web.Services;

internal static partial class StartupLog
{
    /// <remarks><see cref="WebSettings.ToString"/> leaves out the token and the connection string.</remarks>
    [LoggerMessage(1, LogLevel.Information, "CopilotMetrics web sample: {Settings}")]
    public static partial void Started(ILogger logger, WebSettings settings);

    [LoggerMessage(2, LogLevel.Information, "SYNC_ENABLED is false: this replica only serves the store; run the sync elsewhere or POST /api/admin/sync.")]
    public static partial void WebOnly(ILogger logger);
}
