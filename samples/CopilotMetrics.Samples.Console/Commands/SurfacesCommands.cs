using CopilotMetrics.Analytics;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using Spectre.Console;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary><c>query surfaces</c>: distinct users per Copilot surface over the range and per day (<c>--team</c> for one team).</summary>
public sealed class QuerySurfacesCommand : QueryCommand
{
    /// <inheritdoc />
    protected override async Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken)
    {
        var usage = await new CopilotAnalytics(store).GetSurfacesAsync(scope, settings.Range, settings.Team, cancellationToken);
        if (usage is null)
        {
            console.MarkupLineInterpolated($"[yellow]No team '{settings.Team}' had members in {scope} in the range.[/]");
            return;
        }

        if (usage.Team is { } team)
        {
            console.MarkupLineInterpolated($"Team {team.Slug} (id {team.TeamId})");
        }

        if (usage.Suppressed)
        {
            console.MarkupLine("[yellow]Suppressed: fewer active users than the minimum group size.[/]");
            return;
        }

        var totals = new Table().AddColumns("Surface", "Users (range)", "Share of " + (usage.Team is null ? "seats" : "members"), "Share of active", "Source");
        foreach (var figure in usage.Totals.Surfaces)
        {
            totals.AddRow(Markup.Escape(figure.Surface), Format.Number(figure.Users), Format.Percent(figure.ShareOfSeats), Format.Percent(figure.ShareOfActiveUsers), figure.Source);
        }

        console.Write(totals);
        console.MarkupLine($"{Format.Number(usage.Totals.ActiveUsers)} active user(s) in the range (distinct, per-user rows); seats {Format.Number(usage.Totals.Seats)}; members {Format.Number(usage.Totals.Members)}; {usage.SuppressedFigures} figure(s) below the minimum group size left out.");

        string[] columns = [SurfaceKeys.Completions, SurfaceKeys.Chat, SurfaceKeys.AgentMode, SurfaceKeys.CloudAgent, SurfaceKeys.CodeReviewActive, SurfaceKeys.Cli, SurfaceKeys.CopilotApp];
        var days = new Table().AddColumns(["Day", "Active", .. columns]);
        foreach (var day in usage.Days)
        {
            var figures = day.Surfaces.ToDictionary(f => f.Surface, StringComparer.Ordinal);
            days.AddRow(
            [
                Format.Day(day.Day),
                $"{Format.Number(day.ActiveUsers)} ({day.ActiveUsersSource})",
                .. columns.Select(c => figures.TryGetValue(c, out var f) ? $"{Format.Number(f.Users)}{(f.Source == FigureSources.GitHub ? "*" : "")}" : "–"),
            ]);
        }

        console.Write(days);
        console.MarkupLine("* GitHub's aggregate count; other figures are distinct users of the stored per-user rows.");
    }
}
