using System.ComponentModel;
using System.Globalization;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using CopilotMetrics.Sync;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>The options of the <c>query</c> commands.</summary>
public class QuerySettings : StoreSettings
{
    /// <summary>The first day.</summary>
    [CommandOption("--since <DAY>")]
    [Description("The first day, YYYY-MM-DD. Default: 27 days before --until.")]
    public string? Since { get; set; }

    /// <summary>The last day.</summary>
    [CommandOption("--until <DAY>")]
    [Description("The last day, YYYY-MM-DD. Default: yesterday (UTC).")]
    public string? Until { get; set; }

    /// <summary>The breakdown dimension.</summary>
    [CommandOption("--dimension <DIMENSION>")]
    [Description("breakdown: ide, feature, language, model or all.")]
    [DefaultValue("language")]
    public string Dimension { get; set; } = "language";

    /// <summary>The sort key.</summary>
    [CommandOption("--sort <KEY>")]
    [Description("users: interactions, generations, acceptances, loc-added, active-days or login. teams: slug, members, active, interactions or generations.")]
    public string? Sort { get; set; }

    /// <summary>The most rows.</summary>
    [CommandOption("--limit <N>")]
    [TypeConverter(typeof(LimitOptionConverter))]
    [Description("The most rows per table (users, teams, breakdown), 1–1000.")]
    [DefaultValue(20)]
    public int Limit { get; set; } = 20;

    /// <summary>A team id or slug (surfaces).</summary>
    [CommandOption("--team <TEAM>")]
    [Description("surfaces: one team, by id or slug.")]
    public string? Team { get; set; }

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

        if (!TryParseRange(Since, Until, out var range, out var error))
        {
            return error!;
        }

        Range = range;
        if (Limit is < 1 or > 1000)
        {
            return ValidationResult.Error($"--limit must be between 1 and 1000 (got {Limit}).");
        }

        if (!Dimensions.ContainsKey(Dimension) && !Dimension.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"Unknown --dimension '{Dimension}': use ide, feature, language, model or all.");
        }

        if (Sort is not null && !UserSorts.ContainsKey(Sort) && !TeamSorts.Contains(Sort))
        {
            return ValidationResult.Error($"Unknown --sort '{Sort}': users sort by {string.Join(", ", UserSorts.Keys)}; teams by {string.Join(", ", TeamSorts)}.");
        }

        return ValidationResult.Success();
    }

    /// <summary>The dimensions by name.</summary>
    public static IReadOnlyDictionary<string, BreakdownDimension> Dimensions { get; } = new Dictionary<string, BreakdownDimension>(StringComparer.OrdinalIgnoreCase)
    {
        ["ide"] = BreakdownDimension.Ide,
        ["feature"] = BreakdownDimension.Feature,
        ["language"] = BreakdownDimension.Language,
        ["model"] = BreakdownDimension.Model,
    };

    /// <summary>The user sorts by name.</summary>
    public static IReadOnlyDictionary<string, UserTotalsSort> UserSorts { get; } = new Dictionary<string, UserTotalsSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["interactions"] = UserTotalsSort.Interactions,
        ["generations"] = UserTotalsSort.Generations,
        ["acceptances"] = UserTotalsSort.Acceptances,
        ["loc-added"] = UserTotalsSort.LocAdded,
        ["active-days"] = UserTotalsSort.ActiveDays,
        ["login"] = UserTotalsSort.Login,
    };

    /// <summary>The team sorts.</summary>
    public static IReadOnlySet<string> TeamSorts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "slug", "members", "active", "interactions", "generations" };
}

/// <summary>The shared part of the <c>query</c> commands: set-up, the in-memory fill, one table per scope.</summary>
public abstract class QueryCommand : AsyncCommand<QuerySettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, QuerySettings settings, CancellationToken cancellationToken) =>
        RunAsync(settings, rules: true, RenderAsync, cancellationToken);

    /// <summary>Sets up the store (syncing the range into the memory store), then renders each scope.</summary>
    /// <param name="settings">The options.</param>
    /// <param name="rules">Whether a rule names each scope before its output (not for JSON).</param>
    /// <param name="render">Renders one scope.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(QuerySettings settings, bool rules, Func<IAnsiConsole, IMetricsReader, MetricsScope, QuerySettings, CancellationToken, Task> render, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var console = AnsiConsole.Console;
        var setup = CliSetup.Resolve(settings);
        if (settings.Verbose)
        {
            CliErrors.Console.MarkupLineInterpolated($"[grey]{setup.Describe()}[/]");
        }

        await using var services = CliServices.Build(setup, setup.Scopes, settings.Verbose, SyncRunner.WindowFor(settings.Range));
        if (await SyncRunner.FillMemoryStoreAsync(setup, services, settings.Range, CliErrors.Console, cancellationToken) is { } exit)
        {
            return exit;
        }

        var store = services.GetRequiredService<IMetricsReader>();
        var scopes = setup.Scopes.Count > 0 ? setup.Scopes : await store.GetScopesAsync(cancellationToken);
        if (scopes.Count == 0)
        {
            console.MarkupLine("[yellow]The store holds no scopes yet.[/] Run 'sync --scope org:NAME' first, or pass --scope.");
            return ExitCodes.Success;
        }

        foreach (var scope in scopes)
        {
            if (rules)
            {
                console.Write(new Rule($"[bold]{Markup.Escape(scope.ToString())}[/], {settings.Range}").LeftJustified());
            }

            await render(console, store, scope, settings, cancellationToken);
        }

        return ExitCodes.Success;
    }

    /// <summary>Queries one scope and prints the result.</summary>
    /// <param name="console">The console.</param>
    /// <param name="store">The store.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="settings">The options.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A task.</returns>
    protected abstract Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken);
}

/// <summary><c>query series</c>: the daily series (GitHub's DAU/WAU/MAU, activity, acceptance rate).</summary>
public sealed class QuerySeriesCommand : QueryCommand
{
    /// <inheritdoc />
    protected override async Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken)
    {
        var series = await store.GetDailySeriesAsync(scope, settings.Range, cancellationToken);
        if (series.Count == 0)
        {
            console.MarkupLine("[grey]No aggregate days stored in the range.[/]");
            return;
        }

        console.Write(StoreTables.Series(series));
        var total = series.Aggregate(default(ActivityCounts), (sum, d) => sum + d.Activity);
        console.MarkupLine($"{series.Count} day(s): acceptance rate [bold]{Format.Percent(total.AcceptanceRate)}[/] ({Format.Number(total.CodeAcceptances)} of {Format.Number(total.CodeGenerations)} generations), {Format.Number(total.LocAdded)} lines added.");
    }
}

/// <summary><c>query breakdown</c>: totals by IDE, feature, language or model.</summary>
public sealed class QueryBreakdownCommand : QueryCommand
{
    /// <inheritdoc />
    protected override async Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken)
    {
        var dimensions = QuerySettings.Dimensions.TryGetValue(settings.Dimension, out var one) ? [one] : QuerySettings.Dimensions.Values.ToArray();
        foreach (var dimension in dimensions)
        {
            var rows = await store.GetBreakdownAsync(scope, settings.Range, dimension, cancellationToken);
            console.Write(StoreTables.Breakdown(rows.Take(settings.Limit), $"by {dimension.ToString().ToUpperInvariant()}"));
            if (rows.Count > settings.Limit)
            {
                console.MarkupLine($"[grey]… {rows.Count - settings.Limit} more (--limit).[/]");
            }
        }
    }
}

/// <summary><c>query teams</c>: team metrics (membership joined to the per-user rows day by day).</summary>
public sealed class QueryTeamsCommand : QueryCommand
{
    /// <inheritdoc />
    protected override async Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken)
    {
        var teams = await store.GetTeamMetricsAsync(scope, settings.Range, cancellationToken);
        IEnumerable<TeamMetrics> sorted = settings.Sort?.ToUpperInvariant() switch
        {
            "MEMBERS" => teams.OrderByDescending(t => t.Members).ThenBy(t => t.Slug, StringComparer.Ordinal),
            "ACTIVE" => teams.OrderByDescending(t => t.ActiveUsers).ThenBy(t => t.Slug, StringComparer.Ordinal),
            "INTERACTIONS" => teams.OrderByDescending(t => t.Activity.UserInitiatedInteractions).ThenBy(t => t.Slug, StringComparer.Ordinal),
            "GENERATIONS" => teams.OrderByDescending(t => t.Activity.CodeGenerations).ThenBy(t => t.Slug, StringComparer.Ordinal),
            _ => teams,
        };
        console.Write(StoreTables.Teams(sorted.Take(settings.Limit)));
        console.MarkupLine($"{teams.Count} team(s){(teams.Count > settings.Limit ? $", {settings.Limit} shown (--limit)" : "")}. A user in several teams counts in each.");
    }
}

/// <summary><c>query users</c>: per-user totals, sorted and limited.</summary>
public sealed class QueryUsersCommand : QueryCommand
{
    /// <inheritdoc />
    protected override async Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken)
    {
        var sort = settings.Sort is not null && QuerySettings.UserSorts.TryGetValue(settings.Sort, out var s) ? s : UserTotalsSort.Interactions;
        var query = new UserTotalsQuery { SortBy = sort, Descending = sort != UserTotalsSort.Login, Limit = settings.Limit };
        var page = await store.GetUserTotalsAsync(scope, settings.Range, query, cancellationToken);
        console.Write(StoreTables.Users(page.Items));
        console.MarkupLine($"{Format.Number(page.TotalUsers)} active user(s) in the range{(page.TotalUsers > page.Items.Count ? $", top {page.Items.Count} by {sort.ToString().ToLowerInvariant()}" : "")}.");
    }
}

/// <summary><c>query active</c>: daily, 7-day and 28-day active users recomputed from the per-user rows.</summary>
public sealed class QueryActiveCommand : QueryCommand
{
    /// <inheritdoc />
    protected override async Task RenderAsync(IAnsiConsole console, IMetricsReader store, MetricsScope scope, QuerySettings settings, CancellationToken cancellationToken)
    {
        var points = await store.GetActiveUsersAsync(scope, settings.Range, cancellationToken);
        console.Write(StoreTables.Active(points));
        if (await UndercountWarningAsync(store, scope, settings.Range, CliHooks.Yesterday, cancellationToken) is { } warning)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
    }

    /// <summary>
    /// A day's 7- and 28-day counts need the per-user rows of the 6 and 27 days before it: when some of the 27 days
    /// before the range (since the scope's first report day) are not synced, the first days of the range are
    /// undercounted. The in-memory store syncs from <c>--since</c> only, so there it is always so.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="range">The range shown.</param>
    /// <param name="yesterday">The last day a sync window ends on.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The warning, or <see langword="null"/> when the counts are complete.</returns>
    internal static async Task<string?> UndercountWarningAsync(IMetricsReader store, MetricsScope scope, DateRange range, DateOnly yesterday, CancellationToken cancellationToken)
    {
        var firstReportDay = scope.Kind == ScopeKind.Enterprise ? SyncEngine.FirstEnterpriseDay : SyncEngine.FirstOrganizationDay;
        var lookbackStart = range.From.AddDays(-27) > firstReportDay ? range.From.AddDays(-27) : firstReportDay;
        if (lookbackStart >= range.From)
        {
            return null;
        }

        var missing = await store.GetMissingDaysAsync(scope, SyncDataset.Users, new DateRange(lookbackStart, range.From.AddDays(-1)), cancellationToken);
        if (missing.Count == 0)
        {
            return null;
        }

        var since = missing[0];
        var days = yesterday.DayNumber - since.DayNumber + 1;
        return string.Create(CultureInfo.InvariantCulture,
            $"7/28-day counts are undercounted until {missing.Count} more day(s) are synced ({since:yyyy-MM-dd}..{range.From.AddDays(-1):yyyy-MM-dd}): " +
            $"use --since {since:yyyy-MM-dd} (the memory store syncs from --since), or 'sync --days {days}' into PostgreSQL.");
    }
}
