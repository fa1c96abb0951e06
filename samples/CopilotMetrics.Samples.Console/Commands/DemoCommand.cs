using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>demo</c> (the default): the real <see cref="CopilotMetricsClient"/> — retries, signed downloads, streaming
/// parser — against the offline <see cref="GitHubSimulator"/>, so it needs no token and no network. Fetches the
/// latest 28-day organization report and the newest users report, and prints what they say.
/// </summary>
public sealed class DemoCommand : AsyncCommand
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var simulator = GitHubSimulator.CreateDefault();
        var services = new ServiceCollection();
        services.AddCopilotMetrics(_ => { }).UseGitHubSimulator(simulator);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<CopilotMetricsClient>();
        var scope = MetricsScope.Organization("octo-org");

        console.MarkupLine($"[bold]CopilotMetrics demo[/] — the real client against an offline GitHub simulator ([blue]{scope}[/], no token, no network).");
        console.WriteLine();

        var days = new List<AggregateDayRecord>();
        await foreach (var day in client.ReadAggregate28DayAsync(scope, cancellationToken: cancellationToken))
        {
            days.Add(day);
        }

        if (days.Count == 0)
        {
            console.MarkupLine("[yellow]The simulator has no 28-day report.[/]");
            return ExitCodes.Unexpected;
        }

        console.Write(new Rule($"[bold]organization-28-day/latest[/]: {days[0].Day:yyyy-MM-dd} .. {days[^1].Day:yyyy-MM-dd}").LeftJustified());
        var series = new Table().Border(TableBorder.Rounded)
            .AddColumn("Day").AddColumn(new TableColumn("Daily active").RightAligned()).AddColumn(new TableColumn("Weekly").RightAligned())
            .AddColumn(new TableColumn("Monthly").RightAligned()).AddColumn(new TableColumn("Acceptance").RightAligned()).AddColumn(new TableColumn("Lines added").RightAligned());
        foreach (var day in days.TakeLast(7))
        {
            series.AddRow(day.Day.ToString("yyyy-MM-dd ddd"), $"{day.DailyActiveUsers:N0}", $"{day.WeeklyActiveUsers:N0}", $"{day.MonthlyActiveUsers:N0}", Rate(day.CodeAcceptanceActivityCount, day.CodeGenerationActivityCount), $"{day.LocAddedSum:N0}");
        }

        console.Write(series);
        var generations = days.Sum(d => d.CodeGenerationActivityCount);
        var acceptances = days.Sum(d => d.CodeAcceptanceActivityCount);
        console.MarkupLine($"28 days: [bold]{days[^1].MonthlyActiveUsers:N0}[/] monthly active users, acceptance rate [bold]{Rate(acceptances, generations)}[/] ({acceptances:N0} of {generations:N0} generations).");
        console.WriteLine();

        var languages = days.SelectMany(d => d.TotalsByLanguageFeature).GroupBy(l => l.Language)
            .Select(g => (Name: g.Key, Generations: g.Sum(x => x.CodeGenerationActivityCount), Acceptances: g.Sum(x => x.CodeAcceptanceActivityCount)))
            .OrderByDescending(x => x.Generations).Take(5).ToList();
        var ides = days.SelectMany(d => d.TotalsByIde).GroupBy(i => i.Ide)
            .Select(g => (Name: g.Key, Generations: g.Sum(x => x.CodeGenerationActivityCount), Acceptances: g.Sum(x => x.CodeAcceptanceActivityCount)))
            .OrderByDescending(x => x.Generations).Take(5).ToList();
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(Top("Top languages", languages), Top("Top IDEs", ides));
        console.Write(grid);
        console.WriteLine();

        // Yesterday's users report is usually not ready: GitHub needs about two full days. The client answers null for
        // "no report yet" (HTTP 204) instead of throwing, so the demo falls back to the newest day that has one.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var links = await client.GetReportLinksAsync(scope, ReportType.Users1Day, yesterday, cancellationToken);
        var usersDay = yesterday;
        if (links is null)
        {
            usersDay = days[^1].Day;
            console.MarkupLine($"[grey]users-1-day for {yesterday:yyyy-MM-dd}: no report yet (204) — GitHub publishes a day within about two days. Using {usersDay:yyyy-MM-dd}.[/]");
            links = await client.GetReportLinksAsync(scope, ReportType.Users1Day, usersDay, cancellationToken);
        }

        var statistics = new ReportReadStatistics();
        var users = new List<UserDayRecord>();
        if (links is not null)
        {
            await foreach (var user in client.ReadUsersAsync(links, statistics, cancellationToken))
            {
                users.Add(user);
            }
        }

        console.Write(new Rule($"[bold]users-1-day[/]: {usersDay:yyyy-MM-dd}, {links?.DownloadLinks.Count ?? 0} file(s), {statistics.BytesRead:N0} bytes").LeftJustified());
        var top = new Table().Border(TableBorder.Rounded)
            .AddColumn("User").AddColumn(new TableColumn("Interactions").RightAligned()).AddColumn(new TableColumn("Generations").RightAligned())
            .AddColumn(new TableColumn("Acceptance").RightAligned()).AddColumn("IDE").AddColumn("Used");
        foreach (var user in users.OrderByDescending(u => u.UserInitiatedInteractionCount).ThenBy(u => u.UserId).Take(8))
        {
            var used = string.Join(", ", new[] { user.UsedChat ? "chat" : null, user.UsedAgent ? "agent" : null, user.UsedCli ? "CLI" : null }.OfType<string>());
            top.AddRow(Markup.Escape(user.UserLogin), $"{user.UserInitiatedInteractionCount:N0}", $"{user.CodeGenerationActivityCount:N0}", Rate(user.CodeAcceptanceActivityCount, user.CodeGenerationActivityCount), Markup.Escape(string.Join(", ", user.TotalsByIde.Select(i => i.Ide))), used);
        }

        console.Write(top);
        console.MarkupLine($"{users.Count:N0} active users that day; {users.Count(u => u.UsedAgent):N0} used agent mode, {users.Count(u => u.UsedCli):N0} the CLI.");
        console.WriteLine();
        console.MarkupLine("[grey]Point it at GitHub instead: services.AddCopilotMetrics(o => o.Token = \"…\") without UseGitHubSimulator. Run 'summary' for the bundled sample files, 'read <file>' for any report file.[/]");
        return ExitCodes.Success;
    }

    private static string Rate(long accepted, long generated) => generated == 0 ? "–" : $"{100.0 * accepted / generated:0.0} %";

    private static Table Top(string title, IReadOnlyList<(string Name, long Generations, long Acceptances)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title)
            .AddColumn("Name").AddColumn(new TableColumn("Generations").RightAligned()).AddColumn(new TableColumn("Acceptance").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Name), $"{row.Generations:N0}", Rate(row.Acceptances, row.Generations));
        }

        return table;
    }
}
