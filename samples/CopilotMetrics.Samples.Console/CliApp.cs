using System.Reflection;
using CopilotMetrics.Samples.Console.Commands;
using CopilotMetrics.Samples.Console.Hosting;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console;

/// <summary>The <c>copilot-metrics</c> command-line app: its commands and options (Program.cs runs it; tests run it in-process).</summary>
public static class CliApp
{
    /// <summary>
    /// What <c>--version</c> prints: the informational version (the package version, and after <c>+</c> the commit it
    /// was built from).
    /// </summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Creates the app with every command registered.</summary>
    /// <returns>The app.</returns>
    public static CommandApp Create()
    {
        var app = new CommandApp();
        app.SetDefaultCommand<DemoCommand>();
        app.Configure(config =>
        {
            config.SetApplicationName("copilot-metrics");
            config.SetApplicationVersion(Version);
            // The console of this app (tests swap AnsiConsole.Console per run; Spectre would otherwise keep the first it saw for --version).
            config.ConfigureConsole(Spectre.Console.AnsiConsole.Console);
            config.UseStrictParsing();
            config.SetExceptionHandler(CliErrors.Handle);
            config.CancellationExitCode(ExitCodes.Cancelled);

            config.AddCommand<DemoCommand>("demo")
                .WithDescription("The default: the offline GitHub simulator → the sync engine syncs 90 days of two scopes into an in-memory store → summary tables from the store's queries. No token, no network.");

            config.AddCommand<SyncCommand>("sync")
                .WithDescription("Sync the scopes' reports into the store: backfill the window, fill gaps, refresh the last days, retry failed days. " +
                                 "Exit code 0 the window is complete, 1 some days failed (listed with reasons), 2 bad configuration (no token, no scopes…), 4 store unreachable, " +
                                 "75 incomplete: days held by another worker or still missing (listed; run again later), 130 Ctrl+C, 143 SIGTERM (claims released). " +
                                 "The default store is a SQLite file in the data folder (--database PATH); --store memory is gone when the process ends.")
                .WithExample("sync", "--simulator")
                .WithExample("sync", "--scope", "org:my-org", "--store", "postgres", "--connection-string", "Host=localhost;Database=metrics;Username=app;Password=…")
                .WithExample("sync", "--scope", "org:a", "--scope", "enterprise:b", "--token-env", "MY_GH_TOKEN", "--days", "7");

            config.AddCommand<BackfillCommand>("backfill")
                .WithDescription("sync with a window of --days N (1–365) ending yesterday: fill a new store with history. Exit codes as sync's.")
                .WithExample("backfill", "--days", "90", "--simulator")
                .WithExample("backfill", "--days", "365", "--scope", "enterprise:my-ent");

            config.AddCommand<StatusCommand>("status")
                .WithDescription("Coverage per scope and dataset over --days: completed, empty, in-progress (claimed), failed and missing days, the gaps, and why days failed.")
                .WithExample("status", "--simulator")
                .WithExample("status", "--days", "90");

            config.AddBranch<QuerySettings>("query", query =>
            {
                query.SetDescription("Query the store as tables (--since/--until YYYY-MM-DD, default the last 28 days). With the memory store, syncs the range first.");
                query.AddCommand<QuerySeriesCommand>("series").WithDescription("The daily series: DAU/WAU/MAU, activity, acceptance rate.")
                    .WithExample("query", "series", "--simulator", "--since", "2026-01-01", "--until", "2026-01-28");
                query.AddCommand<QueryBreakdownCommand>("breakdown").WithDescription("Totals by --dimension ide, feature, language, model or all.")
                    .WithExample("query", "breakdown", "--dimension", "ide", "--simulator");
                query.AddCommand<QueryTeamsCommand>("teams").WithDescription("Team metrics (--sort slug|members|active|interactions|generations).")
                    .WithExample("query", "teams", "--sort", "active", "--simulator");
                query.AddCommand<QueryUsersCommand>("users").WithDescription("Per-user totals (--sort interactions|generations|acceptances|loc-added|active-days|login, --limit).")
                    .WithExample("query", "users", "--limit", "10", "--simulator");
                query.AddCommand<QuerySurfacesCommand>("surfaces").WithDescription("Distinct users per Copilot surface (completions, chat modes, agents, code review, CLI, the app), per day and over the range; --team for one team.")
                    .WithExample("query", "surfaces", "--simulator");
                query.AddCommand<QueryActiveCommand>("active").WithDescription("Daily, 7-day and 28-day active users recomputed from the per-user rows.")
                    .WithExample("query", "active", "--simulator");
                query.AddCommand<QuerySeatsCommand>("seats").WithDescription("The latest seat snapshot: assigned, active within --active-within-days (30), inactive, never used, pending cancellation, by editor (--json).")
                    .WithExample("query", "seats", "--simulator");
                query.AddCommand<QueryInactiveSeatsCommand>("inactive-seats").WithDescription("The inactive and never-used seats: login, last activity, assigned since, team (--pseudonymize, --json).")
                    .WithExample("query", "inactive-seats", "--active-within-days", "60", "--simulator");
            });

            config.AddCommand<ExportCommand>("export")
                .WithDescription("Stream stored rows as CSV or NDJSON to standard output or --output, row by row. Datasets: users, aggregate, teams, series. " +
                                 "Exit code 74 when the output cannot be written (a full disk).")
                .WithExample("export", "--format", "csv", "--dataset", "users", "--simulator")
                .WithExample("export", "--format", "ndjson", "--dataset", "aggregate", "--since", "2026-01-01", "--output", "aggregate.ndjson");

            config.AddCommand<BackupCommand>("backup")
                .WithDescription("Copy the SQLite store (the default file or --database) to one file, online: a sync may be writing meanwhile.")
                .WithExample("backup", "metrics-backup.db");

            config.AddCommand<CopyStoreCommand>("copy-store")
                .WithDescription("Copy everything the SQLite file holds into PostgreSQL (--to postgres with --connection-string or DATABASE_URL): every stored day as stored, then the sync statuses.")
                .WithExample("copy-store", "--to", "postgres", "--connection-string", "Host=localhost;Database=metrics;Username=app;Password=…");

            config.AddCommand<SummaryCommand>("summary")
                .WithDescription("Show what the bundled sample reports hold.");

            config.AddCommand<ReadCommand>("read")
                .WithDescription("Stream any report file (NDJSON or .gz, any size) and summarise it. " +
                                 "Exit code 0 when done, 1 on a malformed record, 2 on bad usage or a missing file.")
                .WithExample("read", "SampleData/users-28-day.example.ndjson")
                .WithExample("read", "users-28-day.ndjson.gz", "--skip-bad-lines")
                .WithExample("read", "org-28-day.ndjson", "--kind", "aggregate")
                .WithExample("read", "big.ndjson", "--max-record-bytes", "67108864");
        });
        return app;
    }
}
