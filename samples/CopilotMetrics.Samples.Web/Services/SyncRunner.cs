using System.Globalization;
using CopilotMetrics.Sync;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>One manual sync started through POST /api/admin/sync.</summary>
internal sealed class SyncRun
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required string Id { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>running, succeeded, failed (days failed) or error (the run threw).</summary>
    public string State { get; set; } = "running";

    public SyncResult? Result { get; set; }

    public string? Error { get; set; }

    public Task Completion => _done.Task;

    public void Finish() => _done.TrySetResult();
}

/// <summary>Runs the <see cref="SyncEngine"/> on request, one manual run at a time, and remembers the last run.</summary>
internal sealed partial class SyncRunner(SyncEngine engine, UsageMetrics usage, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SyncRunner> logger)
{
    private readonly Lock _lock = new();
    private SyncRun? _last;

    public SyncEngine Engine => engine;

    public SyncRun? Last
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>Starts a run, or returns false with the run in progress.</summary>
    public bool TryStart(out SyncRun run)
    {
        lock (_lock)
        {
            if (_last is { State: "running" } running)
            {
                run = running;
                return false;
            }

            run = new SyncRun { Id = Guid.NewGuid().ToString("N")[..12], StartedAt = time.GetUtcNow() };
            _last = run;
        }

        var started = run;
        _ = Task.Run(() => RunAsync(started));
        return true;
    }

    private async Task RunAsync(SyncRun run)
    {
        try
        {
            var result = await engine.RunAsync(progress: null, lifetime.ApplicationStopping);
            run.Result = result;
            run.State = result.Succeeded ? "succeeded" : "failed";
            await usage.RefreshAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            run.Error = e is OperationCanceledException ? "The application is stopping." : $"{e.GetType().Name}: {e.Message}";
            run.State = "error";
            LogRunFailed(logger, e, run.Id);
        }
        finally
        {
            run.FinishedAt = time.GetUtcNow();
            run.Finish();
        }
    }

    public static object Describe(SyncRun run) => new
    {
        runId = run.Id,
        state = run.State,
        startedAt = run.StartedAt,
        finishedAt = run.FinishedAt,
        error = run.Error,
        result = run.Result is { } r ? DescribeResult(r) : null,
    };

    public static object DescribeResult(SyncResult r) => new
    {
        r.StartedAt,
        duration = r.Duration.TotalSeconds,
        r.Stored,
        r.Corrected,
        r.Empty,
        r.Skipped,
        r.Rows,
        r.Bytes,
        r.SkippedLines,
        r.Succeeded,
        failures = r.Failures.Select(DescribeFailure),
        gaveUp = r.GaveUp.Select(DescribeFailure),
        r.Warnings,
    };

    private static object DescribeFailure(SyncFailure f) => new
    {
        scope = f.Key.Scope.ToString(),
        dataset = f.Key.Dataset.ToString(),
        day = f.Key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        f.Error,
        f.Attempts,
    };

    [LoggerMessage(1, LogLevel.Error, "Manual sync {RunId} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string runId);
}
