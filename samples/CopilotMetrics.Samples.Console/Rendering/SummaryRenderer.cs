using System.Globalization;
using CopilotMetrics.Reports;
using CopilotMetrics.Samples.Console.Reporting;
using CopilotMetrics.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CopilotMetrics.Samples.Console.Rendering;

/// <summary>
/// Renders <see cref="ReportSummary"/> values as Spectre tables, laid out to read well in an 80-column terminal:
/// a few days or users are shown as columns ("cards"), many as rows.
/// </summary>
public static class SummaryRenderer
{
    /// <summary>Bad lines listed by <see cref="WriteFile"/>.</summary>
    public const int BadLinesShown = 10;

    /// <summary>Up to this many days or users are shown side by side as columns; more are shown as rows.</summary>
    private const int MaxCards = 3;

    private const int TopCount = 5;
    private const int MaxRows = 31;

    /// <summary>The summary of one file: the <c>read</c> command's output.</summary>
    public static void WriteFile(IAnsiConsole console, SummarizedFile file)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(file);
        var summary = file.Summary;
        var stats = file.Statistics;

        console.Write(new Rule($"[bold]{Format.Escape(file.FileName)}[/]").LeftJustified());
        if (file.Cancelled)
        {
            console.MarkupLine("[yellow]Cancelled: these numbers cover only the part of the file read so far.[/]");
        }

        var table = KeyValueTable();
        table.AddRow("Kind", $"[bold]{summary.Kind.ToName()}[/] [grey]({(file.KindDetected ? "detected from the first record" : "from --kind")})[/]");
        table.AddRow("Records", Format.Number(summary.Records));
        table.AddRow("Lines", Format.Number(stats.Lines));
        table.AddRow("Bytes", Format.Bytes(stats.BytesRead) + (file.Compressed ? " [grey]decompressed[/]" : ""));
        if (file.Compressed && file.FileBytes is { } onDisk)
        {
            table.AddRow("On disk", $"{Format.Bytes(onDisk)} [grey]gzip[/]");
        }

        switch (summary.Kind)
        {
            case ReportKind.Users:
                table.AddRow("Distinct users", Format.Number(summary.DistinctUsers));
                break;
            case ReportKind.UserTeams:
                table.AddRow("Distinct users", Format.Number(summary.DistinctUsers));
                table.AddRow("Distinct teams", Format.Number(summary.DistinctTeams));
                break;
            case ReportKind.Repositories:
                table.AddRow("Distinct repositories", Format.Number(summary.DistinctRepositories));
                break;
            case ReportKind.Aggregate:
                table.AddRow("Distinct users", "[grey]not in aggregate reports (see active users)[/]");
                break;
        }

        table.AddRow("Days", Format.DayRange(summary.FirstDay, summary.LastDay, summary.DayCount));
        if (summary.LatestAggregateDay is { } latest)
        {
            table.AddRow("Active users", $"{ActiveUsers(latest)} [grey]on {Format.Day(latest.Day)}[/]");
            table.AddRow("Scope", Format.Escape(latest.Scope));
            if (summary.AggregateDays.Count > 1)
            {
                var averageDau = summary.AggregateDays.Average(d => d.DailyActiveUsers);
                table.AddRow("Average DAU", $"{Format.Decimal(averageDau)} [grey]over {Format.Number(summary.AggregateDays.Count)} days[/]");
            }
        }

        if (summary.Kind is ReportKind.Users or ReportKind.Aggregate)
        {
            var totals = summary.Totals;
            table.AddRow("Interactions", Format.Number(totals.UserInitiatedInteractions));
            table.AddRow("Code generations", Format.Number(totals.CodeGenerations));
            table.AddRow("Code acceptances", Format.Number(totals.CodeAcceptances));
            table.AddRow("Acceptance rate", $"{Format.Percent(totals.AcceptanceRate)} [grey](acceptances ÷ generations)[/]");
            table.AddRow("Lines added", Format.Added(totals.LocAdded));
            table.AddRow("Lines deleted", Format.Deleted(totals.LocDeleted));
        }

        if (file.SkipBadLines)
        {
            table.AddRow("Bad lines skipped", stats.SkippedLines == 0 ? "[green]0[/]" : $"[yellow]{Format.Number(stats.SkippedLines)}[/]");
        }

        if (file.Elapsed is { } elapsed)
        {
            var rate = elapsed.TotalSeconds >= 0.5 ? $" [grey]({Format.Rate(stats.BytesRead / elapsed.TotalSeconds)})[/]" : "";
            table.AddRow("Elapsed", Format.Duration(elapsed) + rate);
        }

        console.Write(table);

        if (summary.AggregateDays.Count > 1)
        {
            console.Write(AggregateDayRows(summary.AggregateDays, includeScope: false));
        }

        WriteBreakdowns(console, summary);
        WriteBadLines(console, stats);
    }

    /// <summary>The overview of several files: the <c>summary</c> command's output.</summary>
    public static void WriteOverview(IAnsiConsole console, IReadOnlyList<SummarizedFile> files)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(files);

        console.Write(new Rule("[bold]Report files[/]").LeftJustified());
        console.Write(FilesTable(files));
        console.MarkupLine("[grey]Users: distinct user ids (aggregate reports: the latest day's MAU).[/]");

        var aggregates = files.Where(f => f.Summary.Kind == ReportKind.Aggregate).ToList();
        var days = aggregates.SelectMany(f => f.Summary.AggregateDays).OrderBy(d => d.Day).ThenBy(d => d.Scope, StringComparer.Ordinal).ToList();
        if (days.Count > 0)
        {
            console.WriteLine();
            console.Write(new Rule("[bold]Organization and enterprise days[/] [grey](aggregate reports)[/]").LeftJustified());
            console.Write(days.Count <= MaxCards ? AggregateDayCards(days) : AggregateDayRows(days, includeScope: true));
            console.MarkupLine("[grey]Active users: distinct users that day / in the trailing 7 days / 28 days.[/]");
            console.MarkupLine("[grey]Acceptance rate: code acceptances ÷ code generations.[/]");
            foreach (var file in aggregates.Where(f => f.Summary.Languages.Count > 0 || f.Summary.Ides.Count > 0))
            {
                console.MarkupLine($"[grey]Top languages and IDEs in[/] {Format.Escape(file.FileName)}");
                WriteBreakdowns(console, file.Summary);
            }
        }

        var users = files.Where(f => f.Summary.Kind == ReportKind.Users)
            .SelectMany(f => f.Summary.UserActivities.Select(u => (Report: ReportName(f.FileName), User: u)))
            .OrderByDescending(u => u.User.Activity.UserInitiatedInteractions)
            .ThenBy(u => u.User.Login, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (users.Count > 0)
        {
            var teams = files.Where(f => f.Summary.Kind == ReportKind.UserTeams)
                .SelectMany(f => f.Summary.UserActivities)
                .GroupBy(u => u.UserId)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(u => u.Teams).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)));

            console.WriteLine();
            console.Write(new Rule("[bold]Users[/] [grey](users reports; teams from user-teams reports)[/]").LeftJustified());
            console.Write(users.Count <= MaxCards ? UserCards(users, teams) : UserRows(users, teams));
        }
    }

    private static Table FilesTable(IReadOnlyList<SummarizedFile> files)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Report")
            .AddColumn("Kind")
            .AddColumn(new TableColumn("Records").RightAligned())
            .AddColumn(new TableColumn("Users").RightAligned())
            .AddColumn("Days");

        foreach (var file in files)
        {
            var summary = file.Summary;
            var users = summary.Kind switch
            {
                ReportKind.Users or ReportKind.UserTeams => Format.Number(summary.DistinctUsers),
                ReportKind.Aggregate when summary.LatestAggregateDay is { } day => $"{Format.Number(day.MonthlyActiveUsers)} [grey]MAU[/]",
                _ => Format.Dash,
            };
            table.AddRow(
                Format.Escape(ReportName(file.FileName)),
                summary.Kind.ToName(),
                Format.Number(summary.Records),
                users,
                Format.DayRange(summary.FirstDay, summary.LastDay, summary.DayCount));
        }

        return table;
    }

    /// <summary>A few aggregate days side by side: one column per day, one row per measure.</summary>
    private static Table AggregateDayCards(IReadOnlyList<AggregateDaySummary> days)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("");
        foreach (var day in days)
        {
            table.AddColumn(new TableColumn($"[bold]{Format.Escape(day.Scope)}[/]").RightAligned());
        }

        void Row(string label, Func<AggregateDaySummary, string> value) =>
            table.AddRow([new Markup(label), .. days.Select(d => new Markup(value(d)))]);

        Row("Day", d => Format.Day(d.Day));
        Row("Daily active users", d => Format.Number(d.DailyActiveUsers));
        Row("Weekly active users", d => Format.Number(d.WeeklyActiveUsers));
        Row("Monthly active users", d => Format.Number(d.MonthlyActiveUsers));
        Row("[grey]  chat / agent mode[/]", d => $"[grey]{Format.Number(d.MonthlyActiveChatUsers)} / {Format.Number(d.MonthlyActiveAgentUsers)}[/]");
        Row("Interactions", d => Format.Number(d.Activity.UserInitiatedInteractions));
        Row("Code generations", d => Format.Number(d.Activity.CodeGenerations));
        Row("Code acceptances", d => Format.Number(d.Activity.CodeAcceptances));
        Row("[bold]Acceptance rate[/]", d => $"[bold]{Format.Percent(d.Activity.AcceptanceRate)}[/]");
        Row("Lines added", d => Format.Added(d.Activity.LocAdded));
        Row("Lines deleted", d => Format.Deleted(d.Activity.LocDeleted));
        Row("PRs created / merged", d => d.PullRequestsCreated is null ? Format.Dash : $"{Format.Number(d.PullRequestsCreated)} / {Format.Number(d.PullRequestsMerged)}");
        Row("[grey]  created by Copilot[/]", d => $"[grey]{Format.Number(d.PullRequestsCreatedByCopilot)}[/]");
        return table;
    }

    /// <summary>Many aggregate days: one row per day.</summary>
    private static Table AggregateDayRows(IReadOnlyList<AggregateDaySummary> days, bool includeScope)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Day");
        if (includeScope)
        {
            table.AddColumn("Scope");
        }

        table.AddColumn(new TableColumn("DAU").RightAligned())
            .AddColumn(new TableColumn("WAU").RightAligned())
            .AddColumn(new TableColumn("MAU").RightAligned())
            .AddColumn(new TableColumn("Acc. rate").RightAligned())
            .AddColumn(new TableColumn("Lines +").RightAligned())
            .AddColumn(new TableColumn("Lines -").RightAligned());

        foreach (var day in days.OrderBy(d => d.Day).Take(MaxRows))
        {
            var cells = new List<string> { Format.Day(day.Day) };
            if (includeScope)
            {
                cells.Add(Format.Escape(day.Scope));
            }

            cells.AddRange(
            [
                Format.Number(day.DailyActiveUsers),
                Format.Number(day.WeeklyActiveUsers),
                Format.Number(day.MonthlyActiveUsers),
                Format.Percent(day.Activity.AcceptanceRate),
                Format.Added(day.Activity.LocAdded),
                Format.Deleted(day.Activity.LocDeleted),
            ]);
            table.AddRow([.. cells]);
        }

        if (days.Count > MaxRows)
        {
            table.Caption($"[grey]The first {MaxRows} of {Format.Number(days.Count)} days.[/]");
        }

        return table;
    }

    /// <summary>A few users side by side: one column per user, one row per measure.</summary>
    private static Table UserCards(List<(string Report, UserActivity User)> users, Dictionary<long, string> teams)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("");
        foreach (var (_, user) in users)
        {
            table.AddColumn(new TableColumn($"[bold]{Format.Escape(user.Login)}[/]").RightAligned());
        }

        void Row(string label, Func<string, UserActivity, string> value) =>
            table.AddRow([new Markup(label), .. users.Select(u => new Markup(value(u.Report, u.User)))]);

        Row("User id", (_, u) => u.UserId.ToString(CultureInfo.InvariantCulture));
        Row("Report", (r, _) => Format.Escape(r));
        Row("Days active", (_, u) => Format.Number(u.ActiveDays));
        Row("Interactions", (_, u) => Format.Number(u.Activity.UserInitiatedInteractions));
        Row("Code generations", (_, u) => Format.Number(u.Activity.CodeGenerations));
        Row("Code acceptances", (_, u) => Format.Number(u.Activity.CodeAcceptances));
        Row("[bold]Acceptance rate[/]", (_, u) => $"[bold]{Format.Percent(u.Activity.AcceptanceRate)}[/]");
        Row("Lines added / deleted", (_, u) => LinesChanged(u.Activity));
        Row("Used", (_, u) => Used(u));
        Row("IDEs", (_, u) => u.Ides.Count == 0 ? Format.Dash : Format.Escape(string.Join(", ", u.Ides)));
        Row("AI credits", (_, u) => u.AiCreditsUsed is { } credits ? Format.Decimal(credits) : Format.Dash);
        Row("Adoption phase", (_, u) => u.AdoptionPhase is null ? Format.Dash : Format.Escape(u.AdoptionPhase));
        Row("Teams", (_, u) => teams.TryGetValue(u.UserId, out var slugs) ? Format.Escape(slugs) : Format.Dash);
        return table;
    }

    /// <summary>Many users: one row per user, the most active first.</summary>
    private static Table UserRows(List<(string Report, UserActivity User)> users, Dictionary<long, string> teams)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Login")
            .AddColumn("Report")
            .AddColumn(new TableColumn("Interactions").RightAligned())
            .AddColumn(new TableColumn("Acc. rate").RightAligned())
            .AddColumn(new TableColumn("Lines +/-").RightAligned())
            .AddColumn("Teams");
        foreach (var (report, user) in users.Take(MaxRows))
        {
            table.AddRow(
                $"[bold]{Format.Escape(user.Login)}[/]",
                Format.Escape(report),
                Format.Number(user.Activity.UserInitiatedInteractions),
                Format.Percent(user.Activity.AcceptanceRate),
                LinesChanged(user.Activity),
                teams.TryGetValue(user.UserId, out var slugs) ? Format.Escape(slugs) : Format.Dash);
        }

        if (users.Count > MaxRows)
        {
            table.Caption($"[grey]The {MaxRows} most active of {Format.Number(users.Count)}.[/]");
        }

        return table;
    }

    private static void WriteBreakdowns(IAnsiConsole console, ReportSummary summary)
    {
        var tables = new List<IRenderable>();
        if (summary.Languages.Count > 0)
        {
            tables.Add(BreakdownTable("Top languages", summary.Languages));
        }

        if (summary.Ides.Count > 0)
        {
            tables.Add(BreakdownTable("Top IDEs", summary.Ides));
        }

        if (tables.Count > 0)
        {
            console.Write(new Columns(tables) { Expand = false });
        }
    }

    private static Table BreakdownTable(string title, IReadOnlyDictionary<string, ActivityCounts> breakdown)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(title)
            .AddColumn(new TableColumn("Gen.").RightAligned())
            .AddColumn(new TableColumn("Acc.").RightAligned())
            .AddColumn(new TableColumn("Rate").RightAligned());
        foreach (var (name, counts) in ReportSummary.Top(breakdown, TopCount))
        {
            table.AddRow(
                Format.Escape(name),
                Format.Number(counts.CodeGenerations),
                Format.Number(counts.CodeAcceptances),
                Format.Percent(counts.AcceptanceRate));
        }

        if (breakdown.Count > TopCount)
        {
            table.Caption($"[grey]{TopCount} of {Format.Number(breakdown.Count)}[/]");
        }

        return table;
    }

    private static void WriteBadLines(IAnsiConsole console, ReportReadStatistics stats)
    {
        if (stats.SkippedLines == 0)
        {
            return;
        }

        var shown = stats.SkippedLineErrors.Take(BadLinesShown).ToList();
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[yellow]Bad lines skipped: {Format.Number(stats.SkippedLines)}[/]")
            .AddColumn(new TableColumn("Line").RightAligned())
            .AddColumn(new TableColumn("Offset").RightAligned())
            .AddColumn("Reason and excerpt");
        foreach (var error in shown)
        {
            table.AddRow(
                Format.Number(error.LineNumber),
                Format.Number(error.ByteOffset),
                $"{Format.Escape(error.Reason)}\n[grey]{Format.Escape(error.Excerpt)}[/]");
        }

        if (stats.SkippedLines > shown.Count)
        {
            table.Caption($"[grey]The first {shown.Count} of {Format.Number(stats.SkippedLines)}.[/]");
        }

        console.Write(table);
    }

    private static Table KeyValueTable() =>
        new Table().Border(TableBorder.Rounded).HideHeaders()
            .AddColumn(new TableColumn("").NoWrap())
            .AddColumn(new TableColumn(""));

    private static string ActiveUsers(AggregateDaySummary day) =>
        $"DAU {Format.Number(day.DailyActiveUsers)} · WAU {Format.Number(day.WeeklyActiveUsers)} · MAU {Format.Number(day.MonthlyActiveUsers)}";

    private static string LinesChanged(ActivityCounts counts) =>
        $"{Format.Added(counts.LocAdded)} / {Format.Deleted(counts.LocDeleted)}";

    private static string Used(UserActivity user)
    {
        var used = new List<string>(4);
        if (user.ChatDays > 0)
        {
            used.Add("chat");
        }

        if (user.AgentDays > 0)
        {
            used.Add("agent");
        }

        if (user.CliDays > 0)
        {
            used.Add("CLI");
        }

        if (user.CloudAgentDays > 0)
        {
            used.Add("cloud agent");
        }

        return used.Count == 0 ? Format.Dash : string.Join(", ", used);
    }

    /// <summary>"users-28-day.example.ndjson" → "users-28-day".</summary>
    private static string ReportName(string fileName)
    {
        var name = fileName;
        foreach (var suffix in new[] { ".gz", ".ndjson", ".jsonl", ".json", ".example" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^suffix.Length];
            }
        }

        return name;
    }
}
