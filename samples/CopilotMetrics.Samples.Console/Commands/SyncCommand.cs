using System.ComponentModel;
using CopilotMetrics.Export.Parquet;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>sync</c>: one <see cref="SyncEngine"/> run over the configured scopes — backfills the window, fills gaps,
/// refreshes the trailing days, retries failed days. Exit codes: 0 the window is complete, 1 some days failed (listed
/// with reasons), 2 bad configuration, 4 store unreachable, 75 incomplete (days held by another worker or still
/// missing, listed), 130 Ctrl+C, 143 SIGTERM.
/// </summary>
public class SyncCommand : AsyncCommand<SyncCommand.Settings>
{
    /// <summary>The options of <c>sync</c>.</summary>
    public class Settings : StoreSettings
    {
        /// <summary>The window; <see langword="null"/> when not given (then SYNC_BACKFILL_DAYS, appsettings.json, 28).</summary>
        [CommandOption("--days <DAYS>")]
        [TypeConverter(typeof(DaysOptionConverter))]
        [Description("How many days back to keep complete, ending yesterday (UTC), 1–365. Default: SYNC_BACKFILL_DAYS, else CopilotMetrics:Sync:BackfillDays, else 28.")]
        public int? Days { get; set; }

        /// <summary>The trailing days fetched again.</summary>
        [CommandOption("--refresh-days <DAYS>")]
        [TypeConverter(typeof(RefreshDaysOptionConverter))]
        [Description("The trailing days fetched again on every run so that GitHub's late corrections land (0 to the window). Default 3, or the window when shorter.")]
        public int? RefreshDays { get; set; }

        /// <summary>Report-days at once.</summary>
        [CommandOption("--concurrency <N>")]
        [TypeConverter(typeof(ConcurrencyOptionConverter))]
        [Description("Report-days downloaded and stored at once, 1–64. Default: CopilotMetrics:Sync:MaxConcurrency, else 4.")]
        public int? Concurrency { get; set; }

        /// <summary>A Parquet lake kept in step with the store.</summary>
        [CommandOption("--lake <DIR>")]
        [Description("Keep a Parquet lake in this folder in step with the store: each day stored is written (replaced) as Parquet (docs/parquet.md).")]
        public string? Lake { get; set; }

        /// <summary>Skip malformed lines.</summary>
        [CommandOption("--skip-bad-lines")]
        [Description("Store a day without its malformed lines (counted and reported) instead of failing the day.")]
        public bool SkipBadLines { get; set; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var baseResult = base.Validate();
            if (!baseResult.Successful)
            {
                return baseResult;
            }

            // The library's range names its key and BackfillDays; a negative count reads better in the flag's words.
            return RefreshDays < 0
                ? ValidationResult.Error($"--refresh-days must be 0 or more (got {RefreshDays}): it is how many of the last days are fetched again on every run.")
                : ValidationResult.Success();
        }

        /// <inheritdoc />
        /// <remarks>Spectre parses the numbers; their ranges are the library's (<see cref="SyncOptions"/>), judged in <see cref="CliSetup.Resolve"/>.</remarks>
        internal override IEnumerable<FlagSetting> ConfigurationFlags()
        {
            foreach (var flag in base.ConfigurationFlags())
            {
                yield return flag;
            }

            if (Days is { } days)
            {
                yield return FlagSetting.Number("--days", SampleEnvironment.BackfillDaysKey, days);
            }

            if (RefreshDays is { } refresh)
            {
                yield return FlagSetting.Number("--refresh-days", SampleEnvironment.RefreshDaysKey, refresh);
            }

            if (Concurrency is { } concurrency)
            {
                yield return FlagSetting.Number("--concurrency", SampleEnvironment.MaxConcurrencyKey, concurrency);
            }

            if (SkipBadLines)
            {
                yield return new FlagSetting("--skip-bad-lines", SampleEnvironment.SkipMalformedLinesKey, "true");
            }
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var console = AnsiConsole.Console;
        var setup = CliSetup.Resolve(settings);
        setup.RequireGitHub(context?.Name ?? "sync");
        if (setup.Scopes.Count == 0)
        {
            throw new CliConfigurationException($"No scopes to sync: pass --scope org:NAME (repeatable), set {CliSetup.ScopesVariable}=org:NAME,enterprise:SLUG or CopilotMetrics:Sync:Scopes in appsettings.json.");
        }

        if (settings.Verbose)
        {
            CliErrors.Console.MarkupLineInterpolated($"[grey]{setup.Describe()}[/]");
        }

        // The window: --days, else SYNC_BACKFILL_DAYS, else appsettings.json, else 28 (the library has judged it and the retention).
        var (days, daysSource) = setup.SyncWindow();
        var (retention, retentionSource) = setup.Retention();
        await using var services = CliServices.Build(setup, setup.Scopes, settings.Verbose, extra: settings.Lake is { Length: > 0 } lake ? s => s.AddParquetLake(o => o.Directory = lake) : null);
        var concurrency = services.GetRequiredService<IOptions<SyncOptions>>().Value.MaxConcurrency;
        console.MarkupLineInterpolated($"Syncing [blue]{string.Join(", ", setup.Scopes)}[/] from {(setup.Simulator ? "the offline simulator" : "GitHub")}: the last {days} day(s) ({daysSource}) into the {setup.Store switch { StoreKind.Memory => "in-memory", StoreKind.Sqlite => "SQLite", _ => "PostgreSQL" }} store, {concurrency} report-day(s) at once.");
        if (retention > 0)
        {
            console.MarkupLineInterpolated($"Retention: data older than {retention} days ({retentionSource}) is deleted after the sync.");
        }

        var outcome = await SyncRunner.RunAsync(services, console, "sync", cancellationToken);
        if (outcome.Result is not { } result)
        {
            return CliErrors.Usage(setup.Explain(outcome.Error ?? "the sync options are invalid."));
        }

        // The store, not the run's counters, decides whether the window is whole: a day left to another worker, one
        // waiting for its retry or one a killed run never finished is a hole, and "Sync complete." is never printed over one.
        var gaps = result.Succeeded ? await SyncCoverage.GapsAsync(services, setup.Scopes, days, cancellationToken) : [];
        Render(console, result, gaps);
        if (setup.Store == StoreKind.Memory)
        {
            console.MarkupLine("[grey]Note: the in-memory store is gone when this process ends. Use --store sqlite (a file, the default) or --store postgres to keep the data; " +
                               "with the memory store, 'query', 'status' and 'export' sync into it themselves.[/]");
        }

        return !result.Succeeded ? ExitCodes.DaysFailed : result.Complete && gaps.Count == 0 ? ExitCodes.Success : ExitCodes.Incomplete;
    }

    /// <summary>Prints the result table, the failures, the warnings and the verdict: complete, incomplete (which days) or failed.</summary>
    /// <param name="console">The console.</param>
    /// <param name="result">The result.</param>
    /// <param name="gaps">The days of the window the store still lacks after the run (<see cref="SyncCoverage.GapsAsync"/>).</param>
    public static void Render(IAnsiConsole console, SyncResult result, IReadOnlyList<SyncGap> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        console.Write(StoreTables.SyncSummary(result));
        if (result.Failures.Count > 0)
        {
            console.Write(StoreTables.Failures(result.Failures, "failed report-days (retried on the next run)"));
        }

        if (result.GaveUp.Count > 0)
        {
            console.Write(StoreTables.Failures(result.GaveUp, "report-days given up after the maximum attempts"));
        }

        foreach (var warning in result.Warnings.Take(10))
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }

        if (result.Warnings.Count > 10)
        {
            console.MarkupLine($"[yellow]… and {result.Warnings.Count - 10} more warning(s).[/]");
        }

        if (!result.Succeeded)
        {
            console.MarkupLine($"[red]{result.Failures.Count + result.GaveUp.Count} report-day(s) failed[/] — see the reasons above; the next run retries them (exit code 1).");
            return;
        }

        if (result.Complete && gaps.Count == 0)
        {
            console.MarkupLine("[green]Sync complete.[/]");
            return;
        }

        if (result.HeldByOtherWorkers.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]Sync incomplete:[/] {result.HeldByOtherWorkers.Count} report-day(s) are held by another worker (a sync elsewhere, or one that stopped within the claim duration):");
            foreach (var held in result.HeldByOtherWorkers.GroupBy(k => (k.Scope, k.Dataset)).OrderBy(g => g.Key.Scope.ToString(), StringComparer.Ordinal).ThenBy(g => g.Key.Dataset))
            {
                console.MarkupLineInterpolated($"  held: {held.Key.Scope} {held.Key.Dataset} {StatusCommand.Compact([.. held.Select(k => k.Day).Order()])}");
            }
        }

        if (gaps.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]Sync incomplete:[/] {gaps.Sum(g => g.Days.Count)} report-day(s) of the window are still missing from the store:");
            foreach (var gap in gaps)
            {
                console.MarkupLineInterpolated($"  missing: {gap.Scope} {gap.Dataset} {StatusCommand.Compact(gap.Days)}");
            }
        }

        console.MarkupLine($"Run 'sync' again once the other worker has finished or its claims have run out, or when the failed days' retry time has come (exit code {ExitCodes.Incomplete}).");
    }
}

/// <summary><c>backfill --days N</c>: <c>sync</c> with a window of N days (1–365), for filling a new store.</summary>
public sealed class BackfillCommand : SyncCommand
{
}
