using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CopilotMetrics.Analytics;
using CopilotMetrics.Samples.Console.Hosting;
using CopilotMetrics.Samples.Console.Rendering;
using CopilotMetrics.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Commands;

/// <summary>The options of the analytics <c>query</c> commands (seats, inactive-seats, pull-requests, repositories, ai-credits).</summary>
public sealed class AnalyticsQuerySettings : QuerySettings
{
    /// <summary>The environment variable <c>--pseudonymize</c> reads the secret from.</summary>
    public const string PseudonymSecretVariable = "COPILOT_METRICS_PSEUDONYM_SECRET";

    /// <summary>JSON instead of tables.</summary>
    [CommandOption("--json")]
    [Description("Print the answer as JSON (one object per scope, one per line) instead of tables.")]
    public bool Json { get; set; }

    /// <summary>The seat activity window.</summary>
    [CommandOption("--active-within-days <N>")]
    [Description("seats, inactive-seats: a seat is active when used within this many days before the snapshot, 1–365. Default 30.")]
    public int? ActiveWithinDays { get; set; }

    /// <summary>The minimum group size.</summary>
    [CommandOption("--min-group-size <N>")]
    [Description("Suppress team, repository and breakdown rows of fewer users than this (0 off). Default 5.")]
    public int? MinGroupSize { get; set; }

    /// <summary>Pseudonyms instead of logins.</summary>
    [CommandOption("--pseudonymize")]
    [Description("Replace logins by stable pseudonyms keyed by the secret in COPILOT_METRICS_PSEUDONYM_SECRET (at least 16 characters).")]
    public bool Pseudonymize { get; set; }

    /// <summary>The analytics options, once validated.</summary>
    public AnalyticsOptions Analytics { get; private set; } = new();

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var baseResult = base.Validate();
        if (!baseResult.Successful)
        {
            return baseResult;
        }

        if (AnalyticsFlags.Read(ActiveWithinDays, MinGroupSize, Pseudonymize, out var options) is { } error)
        {
            return ValidationResult.Error(error);
        }

        Analytics = options;
        return ValidationResult.Success();
    }
}

/// <summary>The analytics flags shared by <c>query</c> and <c>export</c>.</summary>
internal static class AnalyticsFlags
{
    /// <summary>The JSON form of the answers: camelCase, enums as text, scopes as text, nulls kept (absent is not zero).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ScopeConverter() },
    };

    /// <summary>Builds the options from the flags; returns the error, or <see langword="null"/>.</summary>
    public static string? Read(int? activeWithinDays, int? minGroupSize, bool pseudonymize, out AnalyticsOptions options)
    {
        options = new AnalyticsOptions();
        if (activeWithinDays is { } days)
        {
            if (days is < 1 or > 365)
            {
                return $"--active-within-days must be between 1 and 365 (got {days}).";
            }

            options.SeatActiveWithinDays = days;
        }

        if (minGroupSize is { } size)
        {
            if (size is < 0 or > 1000)
            {
                return $"--min-group-size must be between 0 (off) and 1000 (got {size}).";
            }

            options.MinimumGroupSize = size;
        }

        if (pseudonymize)
        {
            var secret = CliSetup.ReadEnvironmentVariable(AnalyticsQuerySettings.PseudonymSecretVariable);
            if (string.IsNullOrEmpty(secret) || secret.Length < AnalyticsOptions.MinimumPseudonymSecretLength)
            {
                return $"--pseudonymize needs the secret in {AnalyticsQuerySettings.PseudonymSecretVariable}: at least {AnalyticsOptions.MinimumPseudonymSecretLength} characters.";
            }

            options.PseudonymSecret = secret;
        }

        return null;
    }

    private sealed class ScopeConverter : JsonConverter<MetricsScope>
    {
        public override MetricsScope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            MetricsScope.Parse(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, MetricsScope value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}

/// <summary>The shared part of the analytics queries: the analytics over the store, tables or <c>--json</c>.</summary>
public abstract class AnalyticsQueryCommand : AsyncCommand<AnalyticsQuerySettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, AnalyticsQuerySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return QueryCommand.RunAsync(settings, rules: !settings.Json, async (console, store, scope, _, ct) =>
        {
            var analytics = new CopilotAnalytics(store, settings.Analytics);
            var answer = await QueryAsync(analytics, scope, settings, ct);
            if (settings.Json)
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(answer, AnalyticsFlags.JsonOptions));
            }
            else
            {
                Render(console, answer, settings);
            }
        }, cancellationToken);
    }

    /// <summary>The answer for one scope (what <c>--json</c> prints).</summary>
    /// <param name="analytics">The analytics over the store.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="settings">The options.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The answer.</returns>
    protected abstract Task<object?> QueryAsync(CopilotAnalytics analytics, MetricsScope scope, AnalyticsQuerySettings settings, CancellationToken cancellationToken);

    /// <summary>Prints the answer as tables.</summary>
    /// <param name="console">The console.</param>
    /// <param name="answer">The answer of <see cref="QueryAsync"/>.</param>
    /// <param name="settings">The options.</param>
    protected abstract void Render(IAnsiConsole console, object? answer, AnalyticsQuerySettings settings);

    internal static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "–";
}

/// <summary><c>query seats</c>: the latest snapshot's seats, counted the one way every host counts them.</summary>
public sealed class QuerySeatsCommand : AnalyticsQueryCommand
{
    /// <inheritdoc />
    protected override async Task<object?> QueryAsync(CopilotAnalytics analytics, MetricsScope scope, AnalyticsQuerySettings settings, CancellationToken cancellationToken) =>
        await analytics.GetSeatSummaryAsync(scope, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override void Render(IAnsiConsole console, object? answer, AnalyticsQuerySettings settings)
    {
        if (answer is not SeatSummary s)
        {
            console.MarkupLine("[grey]No seat snapshot stored.[/]");
            return;
        }

        console.MarkupLine(Format.Escape(SeatText.Describe(s)));
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]seats by last editor[/]").AddColumn("Editor").AddColumn(new TableColumn("Seats").RightAligned());
        foreach (var e in s.ByEditor)
        {
            table.AddRow(Format.Escape(e.Key), Format.Number(e.Seats));
        }

        console.Write(table);
    }
}

/// <summary><c>query inactive-seats</c>: the inactive and never-used seats, for reclaiming licences.</summary>
public sealed class QueryInactiveSeatsCommand : AnalyticsQueryCommand
{
    /// <inheritdoc />
    protected override async Task<object?> QueryAsync(CopilotAnalytics analytics, MetricsScope scope, AnalyticsQuerySettings settings, CancellationToken cancellationToken) =>
        await analytics.GetInactiveSeatsAsync(scope, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override void Render(IAnsiConsole console, object? answer, AnalyticsQuerySettings settings)
    {
        if (answer is not InactiveSeatList list)
        {
            console.MarkupLine("[grey]No seat snapshot stored.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]inactive seats[/] ({Format.Number(list.Seats.Count)})")
            .AddColumn("Login").AddColumn("Last activity").AddColumn("Editor").AddColumn("Assigned since").AddColumn("Team").AddColumn("Pending cancellation");
        foreach (var s in list.Seats.Take(settings.Limit))
        {
            table.AddRow(Format.Escape(s.Login), Time(s.LastActivityAt), Format.Escape(s.LastActivityEditor ?? "–"), Time(s.AssignedSince), Format.Escape(s.Team ?? "–"),
                s.PendingCancellationDate is { } p ? Format.Day(p) : "–");
        }

        console.Write(table);
        console.MarkupLine(Format.Escape(SeatText.Describe(list.Summary)) + (list.Seats.Count > settings.Limit ? $"; {settings.Limit} shown (--limit)" : "") + ".");
    }
}
