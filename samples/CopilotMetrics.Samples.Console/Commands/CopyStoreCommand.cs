using System.ComponentModel;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>copy-store --to postgres</c>: copies everything the SQLite file holds (the default file, or <c>--database</c>) into
/// another store — PostgreSQL with the usual <c>--connection-string</c> / <c>DATABASE_URL</c> and <c>--schema</c> — through
/// <see cref="MetricsStoreCopy.CopyAsync"/>: every stored report-day as stored, then the sync statuses.
/// </summary>
public sealed class CopyStoreCommand : AsyncCommand<CopyStoreCommand.Settings>
{
    /// <summary>The options of <c>copy-store</c>.</summary>
    public sealed class Settings : StoreSettings
    {
        /// <summary>The target store.</summary>
        [CommandOption("--to <STORE>")]
        [Description("The store to copy into: postgres (with --connection-string or DATABASE_URL, and --schema).")]
        public string To { get; set; } = "postgres";

        /// <summary>The days.</summary>
        [CommandOption("--days <DAYS>")]
        [Description("The days to copy, ending today (UTC). Default: 400 (more than GitHub keeps).")]
        public int Days { get; set; } = 400;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (!To.Equals("postgres", StringComparison.OrdinalIgnoreCase))
            {
                return ValidationResult.Error($"Unknown --to '{To}': copy-store copies the SQLite file into postgres.");
            }

            return Days is < 1 or > 36500 ? ValidationResult.Error("--days must be between 1 and 36500.") : base.Validate();
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Store = settings.To;
        var setup = CliSetup.Resolve(settings);
        if (!File.Exists(setup.DatabasePath))
        {
            return CliErrors.Usage($"There is no SQLite file at {setup.DatabasePath} ({setup.DatabasePathSource}): pass --database PATH.");
        }

        if (settings.Verbose)
        {
            CliErrors.Console.MarkupLineInterpolated($"[grey]from sqlite ({setup.DatabasePath}) to {setup.DescribeStore()}[/]");
        }

        using var source = new SqliteMetricsStore(new SqliteStoreOptions { Path = setup.DatabasePath });
        await using var services = CliServices.Build(setup, setup.Scopes, settings.Verbose);
        var target = services.GetRequiredService<IMetricsStore>();
        var today = DateOnly.FromDateTime(CliHooks.Time.GetUtcNow().UtcDateTime);
        var (days, statuses) = await MetricsStoreCopy.CopyAsync(source, target, DateRange.Ending(today, settings.Days), cancellationToken: cancellationToken);
        AnsiConsole.Console.MarkupLineInterpolated($"Copied {days:N0} report-day(s) and {statuses:N0} sync status(es) from [blue]{setup.DatabasePath}[/] to {setup.DescribeStore()}.");
        return ExitCodes.Success;
    }
}
