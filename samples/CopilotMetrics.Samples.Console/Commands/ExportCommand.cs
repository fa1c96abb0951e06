using System.ComponentModel;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Export.Parquet;
using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Console.Export;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>export</c>: streams stored rows, row by row, as CSV or NDJSON to standard output or a file — never the whole
/// export in memory. NDJSON lines of users, aggregate and teams are the records exactly as stored (GitHub's format,
/// readable again with <c>read</c>). Messages go to standard error so that the data can be piped.
/// </summary>
public sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    /// <summary>The options of <c>export</c>.</summary>
    public sealed class Settings : StoreSettings
    {
        /// <summary>csv, or ndjson (json is the same).</summary>
        [CommandOption("-f|--format <FORMAT>")]
        [Description("csv (RFC 4180, with a header), ndjson (also: json): one JSON object per line, or parquet: every dataset as a Parquet lake in the --output folder (docs/parquet.md).")]
        [DefaultValue("csv")]
        public string Format { get; set; } = "csv";

        /// <summary>The dataset.</summary>
        [CommandOption("-d|--dataset <DATASET>")]
        [Description("users (one row per user and day), aggregate (one per day), teams (one per team member and day), series (the daily series), surfaces (one per day and surface: distinct users, source, shares) or inactive-seats (the latest snapshot's inactive and never-used seats).")]
        [DefaultValue("users")]
        public string Dataset { get; set; } = "users";

        /// <summary>The first day.</summary>
        [CommandOption("--since <DAY>")]
        [Description("The first day, YYYY-MM-DD. Default: 27 days before --until.")]
        public string? Since { get; set; }

        /// <summary>The last day.</summary>
        [CommandOption("--until <DAY>")]
        [Description("The last day, YYYY-MM-DD. Default: yesterday (UTC).")]
        public string? Until { get; set; }

        /// <summary>The output file.</summary>
        [CommandOption("-o|--output <FILE>")]
        [Description("Write to this file (replaced) instead of standard output.")]
        public string? Output { get; set; }

        /// <summary>Pseudonyms instead of logins.</summary>
        [CommandOption("--pseudonymize")]
        [Description("Replace logins by stable pseudonyms keyed by the secret in COPILOT_METRICS_PSEUDONYM_SECRET (at least 16 characters).")]
        public bool Pseudonymize { get; set; }

        /// <summary>The minimum group size.</summary>
        [CommandOption("--min-group-size <N>")]
        [Description("Suppress team, repository and breakdown rows of fewer users than this (0 off). Default 5.")]
        public int? MinGroupSize { get; set; }

        /// <summary>The range, once validated.</summary>
        public DateRange Range { get; private set; }

        /// <summary>The analytics options, once validated.</summary>
        public Analytics.AnalyticsOptions Analytics { get; private set; } = new();

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var baseResult = base.Validate();
            if (!baseResult.Successful)
            {
                return baseResult;
            }

            if (Format is not ("csv" or "json" or "ndjson" or "parquet"))
            {
                return ValidationResult.Error($"Unknown --format '{Format}': use csv, ndjson (json is the same) or parquet.");
            }

            if (Format == "parquet" && string.IsNullOrEmpty(Output))
            {
                return ValidationResult.Error("--format parquet needs --output DIR: the lake's folder.");
            }

            if (Dataset is not ("users" or "aggregate" or "teams" or "series" or "surfaces" or "inactive-seats"))
            {
                return ValidationResult.Error($"Unknown --dataset '{Dataset}': use users, aggregate, teams, series, surfaces or inactive-seats.");
            }

            if (AnalyticsFlags.Read(null, MinGroupSize, Pseudonymize, out var analytics) is { } flagError)
            {
                return ValidationResult.Error(flagError);
            }

            Analytics = analytics;

            if (!TryParseRange(Since, Until, out var range, out var error))
            {
                return error!;
            }

            Range = range;
            return Output is { Length: 0 } ? ValidationResult.Error("--output needs a file name.") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var messages = CliErrors.Console; // standard error: standard output carries the data
        var setup = CliSetup.Resolve(settings);
        if (settings.Verbose)
        {
            messages.MarkupLineInterpolated($"[grey]{setup.Describe()}[/]");
        }

        // The output is opened before any work (the in-memory fill's sync, the queries): a bad --output fails at once.
        if (settings.Output is { } path && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
        {
            return CliErrors.Usage($"--output: the directory '{directory}' does not exist.");
        }

        if (settings.Format == "parquet")
        {
            return await ExportParquetAsync(setup, settings, messages, cancellationToken);
        }

        Stream output;
        try
        {
            output = settings.Output is { } file ? File.Create(file) : CliHooks.OpenStandardOutput();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CliErrors.Usage($"--output: cannot write '{settings.Output}': {ex.Message}");
        }

        await using var services = CliServices.Build(setup, setup.Scopes, settings.Verbose, SyncRunner.WindowFor(settings.Range));
        if (await SyncRunner.FillMemoryStoreAsync(setup, services, settings.Range, messages, cancellationToken) is { } exit)
        {
            await output.DisposeAsync();
            return exit;
        }

        var store = services.GetRequiredService<IMetricsReader>();
        var scopes = setup.Scopes.Count > 0 ? setup.Scopes : await store.GetScopesAsync(cancellationToken);
        var exporter = new Exporter(new Analytics.CopilotAnalytics(store, settings.Analytics), settings.Dataset, settings.Format is "json" or "ndjson", settings.Range);
        await using (output)
        {
            if (settings.Output is not null && messages.Profile.Capabilities.Interactive)
            {
                await messages.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"export {settings.Dataset}", maxValue: Math.Max(1, scopes.Count * settings.Range.Days));
                        await exporter.WriteAsync(output, scopes, () => task.Increment(1), cancellationToken);
                    });
            }
            else
            {
                await exporter.WriteAsync(output, scopes, static () => { }, cancellationToken);
            }
        }

        messages.MarkupLineInterpolated($"[grey]Exported {exporter.Rows:N0} {settings.Dataset} row(s) of {scopes.Count} scope(s), {settings.Range}, as {settings.Format}{(settings.Output is null ? "" : $" to {settings.Output}")}.[/]");
        return ExitCodes.Success;
    }

    /// <summary><c>--format parquet</c>: every dataset of the range as a Parquet lake in the <c>--output</c> folder.</summary>
    private static async Task<int> ExportParquetAsync(CliSetup setup, Settings settings, IAnsiConsole messages, CancellationToken cancellationToken)
    {
        await using var services = CliServices.Build(setup, setup.Scopes, settings.Verbose, SyncRunner.WindowFor(settings.Range));
        if (await SyncRunner.FillMemoryStoreAsync(setup, services, settings.Range, messages, cancellationToken) is { } exit)
        {
            return exit;
        }

        var store = services.GetRequiredService<IMetricsReader>();
        var scopes = setup.Scopes.Count > 0 ? setup.Scopes : await store.GetScopesAsync(cancellationToken);
        var lake = new ParquetLakeExporter(new ParquetLakeOptions { Directory = settings.Output! });
        var written = new ParquetExportResult();
        foreach (var scope in scopes)
        {
            written += await lake.ExportAsync(store, scope, settings.Range, cancellationToken);
        }

        messages.MarkupLineInterpolated($"[grey]Exported {written.Rows:N0} row(s) of {scopes.Count} scope(s), {settings.Range}, as {written.Partitions:N0} Parquet file(s) ({written.Removed:N0} removed) to {lake.Directory}.[/]");
        return ExitCodes.Success;
    }

    /// <summary>Writes one dataset, scope by scope and day by day, straight to a stream.</summary>
    private sealed class Exporter(Analytics.CopilotAnalytics analytics, string dataset, bool json, DateRange range)
    {
        private readonly IMetricsReader store = analytics.Reader;

        public long Rows { get; private set; }

        public async Task WriteAsync(Stream output, IReadOnlyList<MetricsScope> scopes, Action dayDone, CancellationToken cancellationToken)
        {
            if (json)
            {
                var buffered = new BufferedStream(output, 64 * 1024); // not disposed: that would close the caller's stream
                await using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { SkipValidation = false });
                await ForEachAsync(scopes, dayDone, record =>
                {
                    WriteJson(writer, record);
                    writer.Flush();
                    writer.Reset();
                    buffered.WriteByte((byte)'\n');
                }, cancellationToken);
                await buffered.FlushAsync(cancellationToken);
            }
            else
            {
                await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
                var csv = new CsvWriter(text);
                csv.Row(Header());
                await ForEachAsync(scopes, dayDone, record => WriteCsv(csv, record), cancellationToken);
                await text.FlushAsync(cancellationToken);
            }
        }

        private string[] Header() => dataset switch
        {
            "users" => ["day", "scope", "user_id", "user_login", .. Counters, "used_chat", "used_agent", "used_cli", "ai_credits_used"],
            "aggregate" => ["day", "scope", "daily_active_users", "weekly_active_users", "monthly_active_users", "monthly_active_chat_users", "monthly_active_agent_users", .. Counters],
            "teams" => ["day", "scope", "team_id", "team_slug", "user_id", "user_login"],
            "inactive-seats" => ["snapshot_day", "scope", "user_id", "user_login", "status", "last_activity_at", "last_activity_editor", "assigned_since", "team_slug", "pending_cancellation_date"],
            "surfaces" => ["day", "scope", "surface", "users", "source", "share_of_seats", "share_of_active_users"],
            _ => ["day", "scope", "daily_active_users", "weekly_active_users", "monthly_active_users", "monthly_active_chat_users", "monthly_active_agent_users", .. Counters, "acceptance_rate"],
        };

        private static readonly string[] Counters =
        [
            "user_initiated_interaction_count", "code_generation_activity_count", "code_acceptance_activity_count",
            "loc_suggested_to_add_sum", "loc_suggested_to_delete_sum", "loc_added_sum", "loc_deleted_sum",
        ];

        private async Task ForEachAsync(IReadOnlyList<MetricsScope> scopes, Action dayDone, Action<(MetricsScope Scope, object Record)> write, CancellationToken cancellationToken)
        {
            foreach (var scope in scopes)
            {
                switch (dataset)
                {
                    case "aggregate":
                        await foreach (var day in store.GetAggregateDaysAsync(scope, range, cancellationToken))
                        {
                            Emit(scope, day);
                        }

                        Advance(range.Days);
                        break;
                    case "inactive-seats":
                        if (await analytics.GetInactiveSeatsAsync(scope, cancellationToken: cancellationToken) is { } seats)
                        {
                            foreach (var seat in seats.Seats)
                            {
                                Emit(scope, (seats.Summary.Day, seat));
                            }
                        }

                        Advance(range.Days);
                        break;
                    case "surfaces":
                        foreach (var day in (await analytics.GetSurfacesAsync(scope, range, null, cancellationToken))!.Days)
                        {
                            foreach (var figure in day.Surfaces)
                            {
                                Emit(scope, (day.Day, figure));
                            }
                        }

                        Advance(range.Days);
                        break;
                    case "series":
                        foreach (var point in await store.GetDailySeriesAsync(scope, range, cancellationToken))
                        {
                            Emit(scope, point);
                        }

                        Advance(range.Days);
                        break;
                    default:
                        foreach (var day in range.EachDay())
                        {
                            if (dataset == "users")
                            {
                                await foreach (var user in store.GetUserDayAsync(scope, day, cancellationToken))
                                {
                                    Emit(scope, user);
                                }
                            }
                            else
                            {
                                await foreach (var member in store.GetUserTeamDayAsync(scope, day, cancellationToken))
                                {
                                    Emit(scope, member);
                                }
                            }

                            dayDone();
                        }

                        break;
                }
            }

            void Emit(MetricsScope scope, object record)
            {
                write((scope, record));
                Rows++;
            }

            void Advance(int days)
            {
                for (var i = 0; i < days; i++)
                {
                    dayDone();
                }
            }
        }

        private static void WriteJson(Utf8JsonWriter writer, (MetricsScope Scope, object Record) item)
        {
            switch (item.Record)
            {
                case UserDayRecord user:
                    ReportJson.Write(writer, user);
                    break;
                case AggregateDayRecord day:
                    ReportJson.Write(writer, day);
                    break;
                case UserTeamRecord member:
                    ReportJson.Write(writer, member);
                    break;
                case (DateOnly snapshotDay, Analytics.InactiveSeat seat):
                    writer.WriteStartObject();
                    writer.WriteString("snapshot_day", Format.Day(snapshotDay));
                    writer.WriteString("scope", item.Scope.ToString());
                    writer.WriteNumber("user_id", seat.UserId);
                    writer.WriteString("user_login", seat.Login);
                    writer.WriteString("status", seat.LastActivityAt is null ? "never-used" : "inactive");
                    WriteOptional(writer, "last_activity_at", seat.LastActivityAt);
                    writer.WriteString("last_activity_editor", seat.LastActivityEditor);
                    WriteOptional(writer, "assigned_since", seat.AssignedSince);
                    writer.WriteString("team_slug", seat.Team);
                    writer.WriteString("pending_cancellation_date", seat.PendingCancellationDate is { } p ? Format.Day(p) : null);
                    writer.WriteEndObject();
                    break;
                case (DateOnly surfaceDay, CopilotMetrics.Analytics.SurfaceFigure f):
                    writer.WriteStartObject();
                    writer.WriteString("day", Format.Day(surfaceDay));
                    writer.WriteString("scope", item.Scope.ToString());
                    writer.WriteString("surface", f.Surface);
                    writer.WriteNumber("users", f.Users);
                    writer.WriteString("source", f.Source);
                    WriteNullable(writer, "share_of_seats", f.ShareOfSeats);
                    WriteNullable(writer, "share_of_active_users", f.ShareOfActiveUsers);
                    writer.WriteEndObject();
                    break;
                case DailyMetrics d:
                    writer.WriteStartObject();
                    writer.WriteString("day", d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteString("scope", item.Scope.ToString());
                    writer.WriteNumber("daily_active_users", d.DailyActiveUsers);
                    writer.WriteNumber("weekly_active_users", d.WeeklyActiveUsers);
                    writer.WriteNumber("monthly_active_users", d.MonthlyActiveUsers);
                    writer.WriteNumber("monthly_active_chat_users", d.MonthlyActiveChatUsers);
                    writer.WriteNumber("monthly_active_agent_users", d.MonthlyActiveAgentUsers);
                    var a = d.Activity;
                    long[] values = [a.UserInitiatedInteractions, a.CodeGenerations, a.CodeAcceptances, a.LocSuggestedToAdd, a.LocSuggestedToDelete, a.LocAdded, a.LocDeleted];
                    for (var i = 0; i < Counters.Length; i++)
                    {
                        writer.WriteNumber(Counters[i], values[i]);
                    }

                    if (a.AcceptanceRate is { } rate)
                    {
                        writer.WriteNumber("acceptance_rate", rate);
                    }
                    else
                    {
                        writer.WriteNull("acceptance_rate");
                    }

                    writer.WriteEndObject();
                    break;
            }
        }

        private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
        {
            if (value is { } v)
            {
                writer.WriteNumber(name, v);
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        private static void WriteCsv(CsvWriter csv, (MetricsScope Scope, object Record) item)
        {
            switch (item.Record)
            {
                case UserDayRecord u:
                    csv.Field(u.Day);
                    csv.Field(item.Scope.ToString());
                    csv.Field(u.UserId);
                    csv.Field(u.UserLogin);
                    Totals(csv, ActivityCounts.From(u));
                    csv.Field(u.UsedChat);
                    csv.Field(u.UsedAgent);
                    csv.Field(u.UsedCli);
                    csv.Field(u.AiCreditsUsed);
                    break;
                case AggregateDayRecord d:
                    csv.Field(d.Day);
                    csv.Field(item.Scope.ToString());
                    csv.Field(d.DailyActiveUsers);
                    csv.Field(d.WeeklyActiveUsers);
                    csv.Field(d.MonthlyActiveUsers);
                    csv.Field(d.MonthlyActiveChatUsers);
                    csv.Field(d.MonthlyActiveAgentUsers);
                    Totals(csv, ActivityCounts.From(d));
                    break;
                case UserTeamRecord t:
                    csv.Field(t.Day);
                    csv.Field(item.Scope.ToString());
                    csv.Field(t.TeamId);
                    csv.Field(t.Slug);
                    csv.Field(t.UserId);
                    csv.Field(t.UserLogin);
                    break;
                case (DateOnly snapshotDay, Analytics.InactiveSeat seat):
                    csv.Field(snapshotDay);
                    csv.Field(item.Scope.ToString());
                    csv.Field(seat.UserId);
                    csv.Field(seat.Login);
                    csv.Field(seat.LastActivityAt is null ? "never-used" : "inactive");
                    csv.Field(seat.LastActivityAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    csv.Field(seat.LastActivityEditor);
                    csv.Field(seat.AssignedSince?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    csv.Field(seat.Team);
                    csv.Field(seat.PendingCancellationDate is { } pending ? Format.Day(pending) : null);
                    break;
                case (DateOnly surfaceDay, CopilotMetrics.Analytics.SurfaceFigure f):
                    csv.Field(surfaceDay);
                    csv.Field(item.Scope.ToString());
                    csv.Field(f.Surface);
                    csv.Field(f.Users);
                    csv.Field(f.Source);
                    csv.Field(f.ShareOfSeats);
                    csv.Field(f.ShareOfActiveUsers);
                    break;
                case DailyMetrics m:
                    csv.Field(m.Day);
                    csv.Field(item.Scope.ToString());
                    csv.Field(m.DailyActiveUsers);
                    csv.Field(m.WeeklyActiveUsers);
                    csv.Field(m.MonthlyActiveUsers);
                    csv.Field(m.MonthlyActiveChatUsers);
                    csv.Field(m.MonthlyActiveAgentUsers);
                    Totals(csv, m.Activity);
                    csv.Field(m.Activity.AcceptanceRate);
                    break;
            }

            csv.EndRow();
        }

        private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? at)
        {
            if (at is { } t)
            {
                writer.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        private static void Totals(CsvWriter csv, ActivityCounts a)
        {
            csv.Field(a.UserInitiatedInteractions);
            csv.Field(a.CodeGenerations);
            csv.Field(a.CodeAcceptances);
            csv.Field(a.LocSuggestedToAdd);
            csv.Field(a.LocSuggestedToDelete);
            csv.Field(a.LocAdded);
            csv.Field(a.LocDeleted);
        }
    }
}
