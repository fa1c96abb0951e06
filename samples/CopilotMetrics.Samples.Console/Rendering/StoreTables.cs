using System.Globalization;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Spectre.Console;

namespace CopilotMetrics.Samples.Console.Rendering;

/// <summary>Spectre tables for what the store's queries and the sync engine return.</summary>
public static class StoreTables
{
    /// <summary>The daily series: active users, activity and acceptance rate.</summary>
    /// <param name="series">The series.</param>
    /// <param name="title">The title.</param>
    /// <returns>The table.</returns>
    public static Table Series(IReadOnlyList<DailyMetrics> series, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var table = New(title).AddColumn("Day")
            .AddColumn(Right("DAU")).AddColumn(Right("WAU")).AddColumn(Right("MAU"))
            .AddColumn(Right("Interactions")).AddColumn(Right("Generations")).AddColumn(Right("Acceptances")).AddColumn(Right("Acceptance"))
            .AddColumn(Right("Lines added"));
        foreach (var d in series)
        {
            table.AddRow(d.Day.ToString("yyyy-MM-dd ddd", CultureInfo.InvariantCulture), Format.Number(d.DailyActiveUsers), Format.Number(d.WeeklyActiveUsers), Format.Number(d.MonthlyActiveUsers),
                Format.Number(d.Activity.UserInitiatedInteractions), Format.Number(d.Activity.CodeGenerations), Format.Number(d.Activity.CodeAcceptances),
                Format.Percent(d.Activity.AcceptanceRate), Format.Number(d.Activity.LocAdded));
        }

        return table;
    }

    /// <summary>Active users recomputed from the per-user rows.</summary>
    /// <param name="points">The points.</param>
    /// <param name="title">The title.</param>
    /// <returns>The table.</returns>
    public static Table Active(IReadOnlyList<ActiveUsersPoint> points, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var table = New(title).AddColumn("Day").AddColumn(Right("Daily")).AddColumn(Right("7 days")).AddColumn(Right("28 days"));
        foreach (var p in points)
        {
            table.AddRow(p.Day.ToString("yyyy-MM-dd ddd", CultureInfo.InvariantCulture), Format.Number(p.Daily), Format.Number(p.Weekly), Format.Number(p.Monthly));
        }

        return table;
    }

    /// <summary>A breakdown (IDE, feature, language or model).</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="title">The title.</param>
    /// <returns>The table.</returns>
    public static Table Breakdown(IEnumerable<BreakdownRow> rows, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = New(title).AddColumn("Name").AddColumn(Right("Users")).AddColumn(Right("Generations")).AddColumn(Right("Acceptance"));
        foreach (var row in rows)
        {
            table.AddRow(Format.Escape(row.Key), Format.Number(row.ActiveUsers), Format.Number(row.Activity.CodeGenerations), Format.Percent(row.Activity.AcceptanceRate));
        }

        return table;
    }

    /// <summary>Team metrics.</summary>
    /// <param name="teams">The teams.</param>
    /// <param name="title">The title.</param>
    /// <returns>The table.</returns>
    public static Table Teams(IEnumerable<TeamMetrics> teams, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var table = New(title).AddColumn("Team").AddColumn(Right("Members")).AddColumn(Right("Active")).AddColumn(Right("Interactions"))
            .AddColumn(Right("Generations")).AddColumn(Right("Acceptance")).AddColumn(Right("Lines added"));
        foreach (var t in teams)
        {
            table.AddRow(Format.Escape(t.Slug), Format.Number(t.Members), Format.Number(t.ActiveUsers), Format.Number(t.Activity.UserInitiatedInteractions),
                Format.Number(t.Activity.CodeGenerations), Format.Percent(t.Activity.AcceptanceRate), Format.Number(t.Activity.LocAdded));
        }

        return table;
    }

    /// <summary>Per-user totals.</summary>
    /// <param name="users">The users.</param>
    /// <param name="title">The title.</param>
    /// <returns>The table.</returns>
    public static Table Users(IEnumerable<UserTotals> users, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        var table = New(title).AddColumn("User").AddColumn(Right("Days")).AddColumn("Last active").AddColumn(Right("Interactions"))
            .AddColumn(Right("Generations")).AddColumn(Right("Acceptance")).AddColumn(Right("Lines added")).AddColumn(Right("AI credits"));
        foreach (var u in users)
        {
            // No row of the range reported ai_credits_used: "–", not 0 (a reported 0 shows as 0.0).
            table.AddRow(Format.Escape(u.Login), Format.Number(u.ActiveDays), Format.Day(u.LastActiveDay), Format.Number(u.Activity.UserInitiatedInteractions),
                Format.Number(u.Activity.CodeGenerations), Format.Percent(u.Activity.AcceptanceRate), Format.Number(u.Activity.LocAdded),
                u.AiCreditsUsed is { } credits ? Format.Decimal(credits) : Format.Dash);
        }

        return table;
    }

    /// <summary>What a sync run did.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The table.</returns>
    public static Table SyncSummary(SyncResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = New("sync result").AddColumn(Right("Stored")).AddColumn(Right("Corrected")).AddColumn(Right("Empty (204)")).AddColumn(Right("Skipped"))
            .AddColumn(Right("Failed")).AddColumn(Right("Gave up")).AddColumn(Right("Rows")).AddColumn(Right("Read")).AddColumn(Right("Took"));
        table.AddRow(Format.Number(result.Stored), Format.Number(result.Corrected), Format.Number(result.Empty), Format.Number(result.Skipped),
            result.Failures.Count == 0 ? "0" : $"[red]{result.Failures.Count}[/]", result.GaveUp.Count == 0 ? "0" : $"[red]{result.GaveUp.Count}[/]",
            Format.Number(result.Rows), ShortBytes(result.Bytes), result.Duration.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>Failed report-days with their reasons.</summary>
    /// <param name="failures">The failures.</param>
    /// <param name="title">The title.</param>
    /// <returns>The table.</returns>
    public static Table Failures(IEnumerable<SyncFailure> failures, string title)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var table = New(title).AddColumn("Scope").AddColumn("Dataset").AddColumn("Day").AddColumn(Right("Attempts")).AddColumn("Reason");
        foreach (var f in failures)
        {
            table.AddRow(Format.Escape(f.Key.Scope.ToString()), f.Key.Dataset.ToString(), Format.Day(f.Key.Day), Format.Number(f.Attempts), Format.Escape(f.Error));
        }

        return table;
    }

    /// <summary>A size in MiB (or KiB, or bytes), without the exact byte count.</summary>
    /// <param name="bytes">The size.</param>
    /// <returns>The text.</returns>
    public static string ShortBytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
        >= 1024 => (bytes / 1024.0).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static Table New(string? title)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title($"[bold]{Markup.Escape(title)}[/]");
        }

        return table;
    }

    private static TableColumn Right(string header) => new TableColumn(header).RightAligned();
}
