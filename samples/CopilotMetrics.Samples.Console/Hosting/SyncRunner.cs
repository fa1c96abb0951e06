using System.Globalization;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>Runs one sync with a progress bar (an interactive console) or a few plain lines (redirected output, CI).</summary>
public static class SyncRunner
{
    /// <summary>Validates the options and runs the engine once.</summary>
    /// <param name="services">The provider from <see cref="CliServices.Build"/>.</param>
    /// <param name="console">Where the progress goes.</param>
    /// <param name="title">The progress bar's title.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The outcome (exit code 0, 1 failed days, 2 bad configuration).</returns>
    public static async Task<SyncJobResult> RunAsync(IServiceProvider services, IAnsiConsole console, string title, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!console.Profile.Capabilities.Interactive)
        {
            var next = 25;
            var gate = new Lock();
            var plain = new CallbackProgress<SyncProgress>(p =>
            {
                var percent = p.DaysTotal == 0 ? 100 : 100 * p.DaysDone / p.DaysTotal;
                lock (gate)
                {
                    if (percent < next)
                    {
                        return;
                    }

                    while (next <= percent)
                    {
                        next += 25;
                    }
                }

                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{title}: {percent,3} % ({p.DaysDone:N0}/{p.DaysTotal:N0} report-days, {p.Rows:N0} rows, {p.Failed:N0} failed)[/]");
            });
            return await SyncJob.RunOnceAsync(services, plain, cancellationToken);
        }

        SyncJobResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), autoStart: true, maxValue: 1);
                var gate = new Lock();
                var progress = new CallbackProgress<SyncProgress>(p =>
                {
                    lock (gate)
                    {
                        if (p.DaysDone < task.Value)
                        {
                            return; // reports can arrive out of order from the engine's workers
                        }

                        task.MaxValue = Math.Max(1, p.DaysTotal);
                        task.Value = p.DaysDone;
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title}: {p.DaysDone:N0}/{p.DaysTotal:N0} report-days, {p.Rows:N0} rows, {StoreTables.ShortBytes(p.Bytes)}{(p.Failed > 0 ? $", {p.Failed} failed" : "")}"));
                    }
                });
                result = await SyncJob.RunOnceAsync(services, progress, cancellationToken);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result!;
    }

    /// <summary>
    /// With the in-memory store, which starts empty in every process, syncs <paramref name="range"/> first so that
    /// query, status and export have something to read. Does nothing with PostgreSQL or when the store already has data.
    /// </summary>
    /// <param name="setup">The setup.</param>
    /// <param name="services">The provider.</param>
    /// <param name="range">The days the command reads.</param>
    /// <param name="console">Where the progress and the note go (standard error for export).</param>
    /// <param name="cancellationToken">Cancels the sync.</param>
    /// <returns>The sync's failures, or an exit code when it could not run; <see langword="null"/> when nothing was needed or it ran.</returns>
    public static async Task<int?> FillMemoryStoreAsync(CliSetup setup, IServiceProvider services, DateRange range, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(console);
        if (setup.Store != StoreKind.Memory || (await services.GetRequiredService<IMetricsReader>().GetScopesAsync(cancellationToken)).Count > 0)
        {
            return null;
        }

        setup.RequireGitHub("reading into the in-memory store");
        console.MarkupLine($"[grey]The in-memory store starts empty in every run: syncing {range} first (use --store postgres to keep data between runs).[/]");
        var outcome = await RunAsync(services, console, "sync", cancellationToken);
        if (outcome.Result is null)
        {
            return CliErrors.Usage(setup.Explain(outcome.Error ?? "the sync options are invalid."));
        }

        if (!outcome.Result.Succeeded)
        {
            console.MarkupLine($"[yellow]{outcome.Result.Failures.Count + outcome.Result.GaveUp.Count} report-day(s) failed; run 'status' or 'sync' to see why.[/]");
        }

        return null;
    }

    /// <summary>The sync options for a read command's range with the in-memory store.</summary>
    /// <param name="range">The range.</param>
    /// <returns>
    /// Sets the backfill window to reach back to the range's start (and a retention, if any, to keep at least that
    /// window: the fill exists only to answer this command).
    /// </returns>
    public static Action<SyncOptions> WindowFor(DateRange range) => o =>
    {
        o.BackfillDays = Math.Clamp(CliHooks.Yesterday.DayNumber - range.From.DayNumber + 1, 1, 365);
        o.RefreshDays = Math.Min(o.RefreshDays, o.BackfillDays);
        if (o.RetentionDays > 0)
        {
            o.RetentionDays = Math.Max(o.RetentionDays, o.BackfillDays);
        }
    };

    private sealed class CallbackProgress<T>(Action<T> callback) : IProgress<T>
    {
        public void Report(T value) => callback(value);
    }
}
