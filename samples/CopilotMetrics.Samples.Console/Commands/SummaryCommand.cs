using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Samples.Console.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>summary</c>: reads the example reports bundled in <c>SampleData/</c> (copied next to the executable) and
/// shows what they hold: per file the kind, records, users and days; the organization and enterprise days'
/// active users, acceptance rate, lines changed, top languages and IDEs; and the users with their activity.
/// </summary>
public sealed class SummaryCommand : AsyncCommand
{
    /// <summary>The folder, next to the executable, holding the sample reports.</summary>
    public const string SampleDataFolder = "SampleData";

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, SampleDataFolder);
        var paths = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.ndjson*").Order(StringComparer.Ordinal).ToList()
            : [];
        if (paths.Count == 0)
        {
            return CliErrors.Usage($"No sample reports in '{folder}': build the project so SampleData/ is copied to the output.");
        }

        var files = new List<SummarizedFile>(paths.Count);
        try
        {
            foreach (var path in paths)
            {
                files.Add(await SummarizeAsync(path, cancellationToken));
            }
        }
        catch (ReportFormatException ex)
        {
            return CliErrors.Malformed(ex.Message, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CliErrors.Console.MarkupLine("[yellow]Cancelled.[/]");
            return ExitCodes.Cancelled;
        }

        var console = AnsiConsole.Console;
        console.MarkupLine("[bold]CopilotMetrics[/] — typed client and streaming reader for GitHub Copilot usage-metrics reports.");
        console.MarkupLine(
            $"These are the {files.Count} example reports bundled with this sample in [blue]SampleData/[/], each streamed through " +
            "[blue]ReportReader[/] into a [blue]ReportSummary[/]; the kind of each file was detected from its first record. " +
            "GitHub serves such reports as NDJSON files from the usage-metrics endpoints.");
        console.WriteLine();

        SummaryRenderer.WriteOverview(console, files);

        console.WriteLine();
        WriteNextSteps(console, paths);
        return ExitCodes.Success;
    }

    private static void WriteNextSteps(IAnsiConsole console, List<string> paths)
    {
        // Each command fits on one 80-column line, so it can be copied as it is, in any shell.
        const string Project = "samples/CopilotMetrics.Samples.Console";
        var example = Path.GetFileName(paths.FirstOrDefault(p => p.Contains("users-28-day", StringComparison.Ordinal)) ?? paths[0]);
        var sampleFile = $"{SampleDataFolder}/{example}";
        string run;
        string[] exampleLines;
        if (File.Exists(Path.Combine(Project, sampleFile)))
        {
            // Run from the repository root.
            run = $"dotnet run --project {Project} --";
            exampleLines = [$"cd {Project}", $"dotnet run -- read {sampleFile}"];
        }
        else if (File.Exists(sampleFile) && Directory.EnumerateFiles(".", "*.csproj").Any())
        {
            // Run from the project folder.
            run = "dotnet run --";
            exampleLines = [$"{run} read {sampleFile}"];
        }
        else
        {
            run = "copilot-metrics";
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(AppContext.BaseDirectory, SampleDataFolder, example));
            exampleLines = [$"{run} read {relative}"];
        }

        console.Write(new Rule("[bold]Next[/]").LeftJustified());
        console.MarkupLine("Read any report file, of any size (a [blue].gz[/] file is decompressed on the fly):");
        console.MarkupLineInterpolated($"  [green]{run} read <file>[/]");
        console.MarkupLine("For example, one of the files above:");
        foreach (var line in exampleLines)
        {
            console.MarkupLineInterpolated($"  [green]{line}[/]");
        }

        console.MarkupLine("Its options ([blue]--kind[/], [blue]--skip-bad-lines[/], [blue]--max-record-bytes[/]) and exit codes:");
        console.MarkupLineInterpolated($"  [green]{run} read --help[/]");
    }

    private static async Task<SummarizedFile> SummarizeAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var gzip = ReportFile.IsGzip(path);
        var detection = await ReportFile.DetectKindAsync(path, gzip, cancellationToken);
        var summary = new ReportSummary(detection.Kind ?? ReportKind.Users, trackUsers: true);
        var statistics = new ReportReadStatistics { SourceName = name };
        await using (var stream = ReportFile.OpenRead(path, gzip))
        {
            await ReportFile.SummarizeAsync(stream, summary, ReportReaderOptions.Default, statistics, cancellationToken);
        }

        return new SummarizedFile(name, summary, statistics)
        {
            FileBytes = new FileInfo(path).Length,
            Compressed = gzip,
            KindDetected = true,
        };
    }
}
