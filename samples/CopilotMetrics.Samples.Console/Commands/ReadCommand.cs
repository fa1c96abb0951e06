using System.ComponentModel;
using System.Diagnostics;
using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Samples.Console.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>read &lt;file&gt;</c>: streams any report file (never loaded whole; <c>.gz</c> decompressed on the fly) and
/// prints what it holds. Exit codes: 0 done, 1 malformed record, 2 bad usage or missing file, 130 Ctrl+C.
/// </summary>
public sealed class ReadCommand : AsyncCommand<ReadCommand.Settings>
{
    /// <summary>Files larger than this get a progress bar (when the console is interactive).</summary>
    public const long ProgressThresholdBytes = 50L * 1024 * 1024;

    /// <summary>The reader's default record limit, 16 MiB (<see cref="ReportReaderOptions.MaxRecordBytes"/>).</summary>
    public const int DefaultMaxRecordBytes = 16 * 1024 * 1024;

    /// <summary>The options of <c>read</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The report file.</summary>
        [CommandArgument(0, "<file>")]
        [Description("The report file: NDJSON, a JSON array or a 28-day wrapper. A .gz file is decompressed on the fly.")]
        public string File { get; set; } = "";

        /// <summary>The report kind, or <c>auto</c>.</summary>
        [CommandOption("-k|--kind <KIND>")]
        [Description("auto, users, aggregate, user-teams or repos. auto detects the kind from the first record.")]
        [DefaultValue(ReportKindNames.Auto)]
        public string Kind { get; set; } = ReportKindNames.Auto;

        /// <summary>Skip malformed lines instead of stopping.</summary>
        [CommandOption("--skip-bad-lines")]
        [Description("Skip malformed lines, count them and list the first ones, instead of stopping at the first (exit code 1).")]
        public bool SkipBadLines { get; set; }

        /// <summary>The longest record accepted.</summary>
        [CommandOption("--max-record-bytes <BYTES>")]
        [TypeConverter(typeof(MaxRecordBytesOptionConverter))]
        [Description("The longest record accepted, in bytes (at least 1024). A whole 28-day aggregate report is one record.")]
        [DefaultValue(DefaultMaxRecordBytes)]
        public int MaxRecordBytes { get; set; } = DefaultMaxRecordBytes;

        /// <summary>The parsed <see cref="Kind"/>: <see langword="null"/> for auto.</summary>
        public ReportKind? ParsedKind => ReportKindNames.TryParse(Kind, out var kind) ? kind : null;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (!ReportKindNames.TryParse(Kind, out _))
            {
                return ValidationResult.Error($"Unknown --kind '{Kind}': use one of {string.Join(", ", ReportKindNames.All)}.");
            }

            if (MaxRecordBytes < 1024)
            {
                return ValidationResult.Error($"--max-record-bytes must be at least 1024 (got {MaxRecordBytes}).");
            }

            return string.IsNullOrWhiteSpace(File) ? ValidationResult.Error("Give the report file to read.") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.File;
        var name = Path.GetFileName(path);
        if (Directory.Exists(path))
        {
            return CliErrors.Usage($"'{path}' is a directory; give a report file.");
        }

        if (!File.Exists(path))
        {
            return CliErrors.Usage($"File not found: '{path}' (full path {Path.GetFullPath(path)}).");
        }

        var options = new ReportReaderOptions
        {
            MalformedLines = settings.SkipBadLines ? MalformedLineHandling.Skip : MalformedLineHandling.Throw,
            MaxRecordBytes = settings.MaxRecordBytes,
        };

        var statistics = new ReportReadStatistics { SourceName = name };
        ReportSummary? summary = null;
        SummarizedFile Result(TimeSpan elapsed, long fileBytes, bool gzip, bool cancelled) =>
            new(name, summary!, statistics)
            {
                FileBytes = fileBytes,
                Compressed = gzip,
                KindDetected = settings.ParsedKind is null,
                SkipBadLines = settings.SkipBadLines,
                Elapsed = elapsed,
                Cancelled = cancelled,
            };

        var stopwatch = Stopwatch.StartNew();
        long fileLength = 0;
        var gzip = false;
        try
        {
            fileLength = new FileInfo(path).Length;
            gzip = ReportFile.IsGzip(path);

            var kind = settings.ParsedKind;
            if (kind is null)
            {
                // Peek at the first 64 KiB, then re-open the file to read it from the start.
                var detection = await ReportFile.DetectKindAsync(path, gzip, cancellationToken);
                if (detection.IsEmpty)
                {
                    AnsiConsole.MarkupLineInterpolated($"[yellow]'{name}' is empty: no records.[/]");
                    return ExitCodes.Success;
                }

                if (detection.Kind is not { } detected)
                {
                    return CliErrors.Usage(
                        $"Cannot tell what kind of report '{name}' is: no record in its first {ReportKindDetector.PeekBytes / 1024} KiB has " +
                        "day_totals/daily_active_users, team_id, user_id or repo_id/repo_name. Pass --kind users|aggregate|user-teams|repos.");
                }

                kind = detected;
            }

            summary = new ReportSummary(kind.Value);
            // The bar follows the bytes read from the file. Gzip-compressed NDJSON shrinks about 10:1, so a .gz file
            // gets a bar from a tenth of the size.
            var readBytesEstimate = gzip ? fileLength * 10 : fileLength;
            if (readBytesEstimate > ProgressThresholdBytes && AnsiConsole.Profile.Capabilities.Interactive)
            {
                await ReadWithProgressAsync(path, gzip, fileLength, summary, options, statistics, cancellationToken);
            }
            else
            {
                await using var stream = ReportFile.OpenRead(path, gzip);
                await ReportFile.SummarizeAsync(stream, summary, options, statistics, cancellationToken);
            }
        }
        catch (ReportFormatException ex)
        {
            // The exception's own message ends with the library's advice (ReportReaderOptions.MalformedLines); this tool's is --skip-bad-lines.
            return CliErrors.Malformed(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Malformed report record at line {ex.LineNumber}{(ex.SourceName is { } source ? $" of '{source}'" : "")} (byte offset {ex.ByteOffset}): {ex.Reason} Excerpt: {ex.Excerpt}."),
                $"{Format.Number(statistics.Records)} good {(statistics.Records == 1 ? "record" : "records")} came before it. Use --skip-bad-lines to skip malformed lines and go on" +
                (ex.Reason.Contains("MaxRecordBytes", StringComparison.Ordinal) ? ", or --max-record-bytes to accept longer records." : "."));
        }
        catch (InvalidDataException ex) when (gzip)
        {
            return CliErrors.Malformed($"'{name}' is not a valid gzip file: {ex.Message}", null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (summary is not null)
            {
                SummaryRenderer.WriteFile(AnsiConsole.Console, Result(stopwatch.Elapsed, fileLength, gzip, cancelled: true));
            }

            CliErrors.Console.MarkupLine("[yellow]Cancelled.[/]");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CliErrors.Usage($"Cannot read '{path}': {ex.Message}");
        }

        SummaryRenderer.WriteFile(AnsiConsole.Console, Result(stopwatch.Elapsed, fileLength, gzip, cancelled: false));
        return ExitCodes.Success;
    }

    private static Task ReadWithProgressAsync(string path, bool gzip, long fileLength, ReportSummary summary, ReportReaderOptions options, ReportReadStatistics statistics, CancellationToken cancellationToken) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Reading {Format.Escape(Path.GetFileName(path))}", maxValue: fileLength);

                // The progress follows the bytes read from the file (compressed bytes for .gz), not the records.
                await using var stream = ReportFile.OpenRead(path, gzip, bytesRead => task.Value = bytesRead);
                await ReportFile.SummarizeAsync(stream, summary, options, statistics, cancellationToken);
                task.Value = fileLength;
            });
}
