using CopilotMetrics.Analytics;
using System.ComponentModel;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>status</c>: per scope and dataset over the last <c>--days</c> days, how many report-days are completed, empty
/// (no report from GitHub), in progress (claimed by a running worker, or one that stopped within its claim), failed and missing; the gaps as day ranges; and the failed days with their reasons.
/// </summary>
public sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    private static readonly SyncDataset[] Datasets = [SyncDataset.Aggregate, SyncDataset.Users, SyncDataset.UserTeams, SyncDataset.Repositories, SyncDataset.AiCredits];

    /// <summary>The options of <c>status</c>.</summary>
    public sealed class Settings : StoreSettings
    {
        /// <summary>The window; <see langword="null"/> when not given (then the sync window: SYNC_BACKFILL_DAYS, appsettings.json, 28).</summary>
        [CommandOption("--days <DAYS>")]
        [TypeConverter(typeof(DaysOptionConverter))]
        [Description("The days to check, ending yesterday (UTC), 1–365. Default: the sync window — SYNC_BACKFILL_DAYS, else CopilotMetrics:Sync:BackfillDays, else 28.")]
        public int? Days { get; set; }

        /// <inheritdoc />
        /// <remarks>The window is the sync window's key, so the library's range (1–365) judges it, in <see cref="CliSetup.Resolve"/>.</remarks>
        internal override IEnumerable<FlagSetting> ConfigurationFlags() =>
            Days is { } days ? base.ConfigurationFlags().Append(FlagSetting.Number("--days", SampleEnvironment.BackfillDaysKey, days)) : base.ConfigurationFlags();
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var console = AnsiConsole.Console;
        var setup = CliSetup.Resolve(settings);
        if (settings.Verbose)
        {
            CliErrors.Console.MarkupLineInterpolated($"[grey]{setup.Describe()}[/]");
        }

        console.MarkupLineInterpolated($"[grey]store: {setup.DescribeStore()}[/]");

        var (days, _) = setup.SyncWindow();
        var now = CliHooks.Time.GetUtcNow();
        var range = DateRange.Ending(CliHooks.Yesterday, days);
        await using var services = CliServices.Build(setup, setup.Scopes, settings.Verbose, SyncRunner.WindowFor(range));
        if (await SyncRunner.FillMemoryStoreAsync(setup, services, range, console, cancellationToken) is { } exit)
        {
            return exit;
        }

        var store = services.GetRequiredService<IMetricsReader>();
        var syncState = services.GetRequiredService<ISyncStateStore>();
        var scopes = setup.Scopes.Count > 0 ? setup.Scopes : await store.GetScopesAsync(cancellationToken);
        if (scopes.Count == 0)
        {
            console.MarkupLine("[yellow]The store holds no scopes yet.[/] Run 'sync --scope org:NAME' first.");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]sync status, {range}[/]")
            .AddColumn("Scope").AddColumn("Dataset").AddColumn(new TableColumn("Days").RightAligned()).AddColumn(new TableColumn("Completed").RightAligned())
            .AddColumn(new TableColumn("Empty").RightAligned()).AddColumn(new TableColumn("In progress").RightAligned()).AddColumn(new TableColumn("Failed").RightAligned())
            .AddColumn(new TableColumn("Missing").RightAligned())
            .AddColumn("Gaps (days without data)");
        var failed = new List<SyncDayStatus>();
        var totalGaps = 0;
        foreach (var scope in scopes)
        {
            if (SyncEngine.Window(scope, now, days) is not { } window)
            {
                table.AddRow(Format.Escape(scope.ToString()), "–", "0", "", "", "", "", "", "[grey]no report days yet[/]");
                continue;
            }

            var statuses = await syncState.GetSyncStatusesAsync(scope, window, cancellationToken);
            foreach (var dataset in Datasets)
            {
                var byDay = statuses.Where(s => s.Key.Dataset == dataset).ToDictionary(s => s.Key.Day);
                var missing = await store.GetMissingDaysAsync(scope, dataset, window, cancellationToken);
                var completed = byDay.Values.Count(s => s.State == SyncDayState.Completed);
                var empty = byDay.Values.Count(s => s.State == SyncDayState.Empty);
                var failedDays = byDay.Values.Where(s => s.State == SyncDayState.Failed).OrderBy(s => s.Key.Day).ToList();
                failed.AddRange(failedDays);
                // A day a worker holds (running now, or one that died within its claim) is in progress, not missing.
                var inProgress = byDay.Values.Count(s => s.State == SyncDayState.InProgress);
                var notFailed = missing.Count(d => !byDay.TryGetValue(d, out var s) || s.State is not (SyncDayState.Failed or SyncDayState.InProgress));
                totalGaps += missing.Count;
                table.AddRow(Format.Escape(scope.ToString()), dataset.ToString(), Format.Number(window.Days), Format.Number(completed), Format.Number(empty),
                    inProgress == 0 ? "0" : $"[blue]{inProgress}[/]", failedDays.Count == 0 ? "0" : $"[red]{failedDays.Count}[/]", notFailed == 0 ? "0" : $"[yellow]{notFailed}[/]",
                    missing.Count == 0 ? "[green]none[/]" : Format.Escape(Compact(missing)));
            }

            var seats = await new CopilotAnalytics(store).GetSeatSummaryAsync(scope, cancellationToken: cancellationToken);
            table.AddRow(Format.Escape(scope.ToString()), "Seats", "", "", "", "", "", "",
                seats is null ? "[yellow]no seat snapshot[/]" : $"latest snapshot: {Format.Escape(SeatText.Describe(seats))}");
        }

        console.Write(table);
        if (failed.Count > 0)
        {
            var reasons = new Table().Border(TableBorder.Rounded).Title("[bold]failed report-days[/]")
                .AddColumn("Scope").AddColumn("Dataset").AddColumn("Day").AddColumn(new TableColumn("Attempts").RightAligned()).AddColumn("Next attempt").AddColumn("Reason");
            foreach (var s in failed)
            {
                reasons.AddRow(Format.Escape(s.Key.Scope.ToString()), s.Key.Dataset.ToString(), Format.Day(s.Key.Day), Format.Number(s.Attempts),
                    s.NextAttemptAt is { } next ? next.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "–", Format.Escape(s.LastError ?? "unknown"));
            }

            console.Write(reasons);
        }

        await WriteDriftAsync(console, store, scopes, cancellationToken);
        console.MarkupLine(totalGaps == 0
            ? "[green]Complete:[/] every day of the window is stored or known to be empty."
            : $"[yellow]{totalGaps} report-day(s) without data[/] — run 'sync --days {days}' (or 'backfill --days N') to fill them; failed days are retried with backoff.");
        return ExitCodes.Success;
    }

    /// <summary>The "Drift" section: each property GitHub sends that no record models, with the day and report it was first seen in.</summary>
    private static async Task WriteDriftAsync(IAnsiConsole console, IMetricsReader store, IReadOnlyList<MetricsScope> scopes, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var scope in scopes)
        {
            foreach (var sighting in await store.GetUnknownPropertiesAsync(scope, cancellationToken))
            {
                lines.Add(scopes.Count > 1 ? $"{scope}: {sighting}" : sighting.ToString());
            }
        }

        if (lines.Count == 0)
        {
            console.MarkupLine("[bold]Drift:[/] none — every property of the stored reports is typed.");
            return;
        }

        console.MarkupLine("[bold]Drift[/] (properties GitHub sends that this version does not model):");
        foreach (var line in lines)
        {
            console.MarkupLine($"  [yellow]{Format.Escape(line)}[/]");
        }
    }

    /// <summary>Compacts ascending days into ranges: <c>2026-01-01..2026-01-05, 2026-01-09</c>.</summary>
    /// <param name="days">The days, ascending.</param>
    /// <returns>The text.</returns>
    public static string Compact(IReadOnlyList<DateOnly> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var parts = new List<string>();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1].DayNumber == days[j].DayNumber + 1)
            {
                j++;
            }

            parts.Add(i == j ? Format.Day(days[i]) : $"{Format.Day(days[i])}..{Format.Day(days[j])}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
