using CopilotMetrics.Sync;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// Runs before the server takes requests: in demo mode, fills the in-memory store with a sync from the simulator so the
/// dashboard has data from the first request. (Program.cs migrates the Postgres schema before the host starts.)
/// </summary>
internal sealed partial class StartupTasks(IServiceProvider services, WebSettings settings, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Demo)
        {
            var result = await services.GetRequiredService<SyncEngine>().RunAsync(progress: null, cancellationToken);
            LogDemoSynced(logger, result.Stored, result.Rows, result.Duration, result.Failures.Count + result.GaveUp.Count);
            await services.GetRequiredService<UsageMetrics>().RefreshAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Demo: synced {Stored} report-days ({Rows} rows) from the GitHub simulator in {Duration}; {Failed} failed")]
    private static partial void LogDemoSynced(ILogger logger, int stored, long rows, TimeSpan duration, int failed);
}
