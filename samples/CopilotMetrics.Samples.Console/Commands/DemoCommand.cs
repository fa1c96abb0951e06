using CopilotMetrics.Analytics;
using System.Globalization;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>
/// <c>demo</c> (the default): the whole pipeline offline. The offline <see cref="GitHubSimulator"/> stands in for
/// GitHub; the real <see cref="SyncEngine"/> and <see cref="CopilotMetricsClient"/> (retries, signed downloads,
/// streaming parser) sync 90 days of its organization and enterprise into an in-memory store; then the store's
/// queries print the summary tables. No token, no network.
/// </summary>
public sealed class DemoCommand : AsyncCommand
{
    /// <summary>The days synced.</summary>
    public const int Days = 90;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var time = CliHooks.Time;
        var simulator = GitHubSimulator.CreateDefault(time);
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddInMemoryMetricsStore();
        services.AddCopilotMetrics(_ => { })
            .UseGitHubSimulator(simulator)
            .AddSyncEngine(o =>
            {
                o.Scopes.AddRange(simulator.Scopes.Select(s => s.ToString()));
                o.BackfillDays = Days;
                o.MaxConcurrency = 8;
            });
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IMetricsReader>();

        console.MarkupLine($"[bold]CopilotMetrics demo[/] — the sync engine and the real client against an offline GitHub simulator " +
                           $"([blue]{Markup.Escape(string.Join(", ", simulator.Scopes))}[/], no token, no network), into an in-memory store.");
        console.WriteLine();
        var outcome = await SyncRunner.RunAsync(provider, console, $"sync {Days} days", cancellationToken);
        if (outcome.Result is not { } result)
        {
            return CliErrors.Usage(outcome.Error ?? "the sync options are invalid.");
        }

        console.Write(StoreTables.SyncSummary(result));
        if (!result.Succeeded)
        {
            console.Write(StoreTables.Failures(result.Failures.Concat(result.GaveUp), "failed report-days"));
        }

        // GitHub needs about two full days to publish a day: the newest days answer 204 "no report yet". The client
        // returns null for that instead of throwing, and the engine records those days as empty and fetches them again
        // on the next runs (the trailing refresh days) until they arrive.
        var now = time.GetUtcNow();
        var firstScope = simulator.Scopes[0];
        if (SyncEngine.Window(firstScope, now, Days) is { } window)
        {
            var empty = (await provider.GetRequiredService<ISyncStateStore>().GetSyncStatusesAsync(firstScope, window, cancellationToken))
                .Where(s => s.State == SyncDayState.Empty && s.Key.Dataset == SyncDataset.Users).Select(s => s.Key.Day).Order().ToList();
            if (empty.Count > 0)
            {
                console.MarkupLine($"[grey]users-1-day for {StatusCommand.Compact(empty)}: no report yet (204) — GitHub publishes a day within about two days. " +
                                   "Those days are recorded as empty and fetched again by the next syncs.[/]");
            }
        }

        console.WriteLine();
        foreach (var scope in simulator.Scopes)
        {
            await RenderScopeAsync(console, store, scope, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        }

        console.MarkupLine("[grey]Next: 'sync --simulator', 'status --simulator', 'query users --simulator', 'export --format csv --simulator' try every command offline; " +
                           "set GITHUB_TOKEN and pass --scope org:NAME (and DATABASE_URL to keep the data) for the real thing. 'summary' and 'read <file>' show report files.[/]");
        return ExitCodes.Success;
    }

    private static async Task RenderScopeAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, DateOnly today, CancellationToken cancellationToken)
    {
        var all = await store.GetDailySeriesAsync(scope, DateRange.Ending(today, Days + 1), cancellationToken);
        if (all.Count == 0)
        {
            console.MarkupLineInterpolated($"[yellow]{scope}: nothing stored.[/]");
            return;
        }

        var last = all[^1].Day;
        var month = DateRange.Ending(last, 28);
        console.Write(new Rule($"[bold]{Markup.Escape(scope.ToString())}[/]: {Format.Day(all[0].Day)} .. {Format.Day(last)} ({all.Count} days stored)").LeftJustified());
        console.Write(StoreTables.Series(all.TakeLast(14).ToList(), "the last 14 days"));
        var monthSeries = all.Where(d => month.Contains(d.Day)).ToList();
        var activity = monthSeries.Aggregate(default(ActivityCounts), (sum, d) => sum + d.Activity);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"28 days to {Format.Day(last)}: [bold]{all[^1].MonthlyActiveUsers:N0}[/] monthly active users, acceptance rate [bold]{Format.Percent(activity.AcceptanceRate)}[/] ({activity.CodeAcceptances:N0} of {activity.CodeGenerations:N0} generations), {activity.LocAdded:N0} lines added."));

        var tops = new List<Table>();
        foreach (var dimension in new[] { BreakdownDimension.Language, BreakdownDimension.Ide, BreakdownDimension.Feature, BreakdownDimension.Model })
        {
            var rows = await store.GetBreakdownAsync(scope, month, dimension, cancellationToken);
            tops.Add(StoreTables.Breakdown(rows.Take(5), $"top {dimension.ToString().ToLowerInvariant()}s"));
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(tops[0], tops[1]);
        grid.AddRow(tops[2], tops[3]);
        console.Write(grid);

        var teams = await store.GetTeamMetricsAsync(scope, month, cancellationToken);
        console.Write(StoreTables.Teams(teams.OrderByDescending(t => t.ActiveUsers).ThenBy(t => t.Slug, StringComparer.Ordinal).Take(8), $"teams ({teams.Count}), 28 days"));
        var users = await store.GetUserTotalsAsync(scope, month, new UserTotalsQuery { Limit = 8 }, cancellationToken);
        console.Write(StoreTables.Users(users.Items, $"top users of {users.TotalUsers:N0}, 28 days"));

        if (await new CopilotAnalytics(store).GetSeatSummaryAsync(scope, cancellationToken: cancellationToken) is { } seats)
        {
            console.MarkupLine(Format.Escape(char.ToUpperInvariant(SeatText.Describe(seats)[0]) + SeatText.Describe(seats)[1..] + "."));
        }

        console.WriteLine();
    }
}
