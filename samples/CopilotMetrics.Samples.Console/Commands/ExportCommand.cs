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
        [Description("users (one row per user and day), aggregate (one per day), teams (one per team member and day), series (the daily series) or surfaces (one per day and surface: distinct users, source, shares).")]
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

        /// <summary>The range, once validated.</summary>
        public DateRange Range { get; private set; }

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

            if (Dataset is not ("users" or "aggregate" or "teams" or "series" or "surfaces"))
            {
                return ValidationResult.Error($"Unknown --dataset '{Dataset}': use users, aggregate, teams, series or surfaces.");
            }

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
        var exporter = new Exporter(store, settings.Dataset, settings.Format is "json" or "ndjson", settings.Range);
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
    private sealed class Exporter(IMetricsReader store, string dataset, bool json, DateRange range)
    {
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
                    case "surfaces":
                        foreach (var day in (await new CopilotMetrics.Analytics.CopilotAnalytics(store).GetSurfacesAsync(scope, range, null, cancellationToken))!.Days)
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
                case (DateOnly surfaceDay, CopilotMetrics.Analytics.SurfaceFigure f):
                    writer.WriteStartObject();
                    writer.WriteString("day", surfaceDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
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
