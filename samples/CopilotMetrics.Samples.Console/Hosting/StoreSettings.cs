using System.ComponentModel;
using System.Globalization;
using CopilotMetrics.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>The options every command that talks to GitHub or a store shares.</summary>
public class StoreSettings : CommandSettings
{
    /// <summary>The scopes.</summary>
    [CommandOption("--scope <SCOPE>")]
    [Description("A scope to work on: org:NAME or enterprise:SLUG; repeat for several. Default: GITHUB_SCOPES (comma-separated), " +
                 "else CopilotMetrics:Sync:Scopes from appsettings.json/environment; with --simulator, its org:octo-org and enterprise:octo-ent.")]
    public string[] Scopes { get; set; } = [];

    /// <summary>The environment variable holding the token.</summary>
    [CommandOption("--token-env <NAME>")]
    [Description("Read the GitHub token from this environment variable instead of GITHUB_TOKEN. The token is never printed.")]
    public string? TokenEnv { get; set; }

    /// <summary>sqlite, postgres or memory.</summary>
    [CommandOption("--store <STORE>")]
    [Description("sqlite, postgres or memory. Default: postgres when --connection-string or DATABASE_URL is set, else sqlite (a file: see --database). " +
                 "The memory store lives only as long as this process: query, status and export sync into it first.")]
    public string? Store { get; set; }

    /// <summary>The SQLite file.</summary>
    [CommandOption("--database <PATH>")]
    [Description("The SQLite file of --store sqlite (created when missing). Default: SQLITE_PATH, else $XDG_DATA_HOME/copilot-metrics/metrics.db " +
                 "(~/.local/share/copilot-metrics/metrics.db; on Windows and macOS the local application data folder).")]
    public string? Database { get; set; }

    /// <summary>The PostgreSQL connection string.</summary>
    [CommandOption("--connection-string <CS>")]
    [Description("PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…) or a postgres:// URL. Default: DATABASE_URL, " +
                 "else ConnectionStrings:CopilotMetrics. Never printed.")]
    public string? ConnectionString { get; set; }

    /// <summary>The PostgreSQL schema.</summary>
    [CommandOption("--schema <SCHEMA>")]
    [Description("The PostgreSQL schema of the tables (lower-case letters, digits and underscores). Default: DATABASE_SCHEMA, else copilot_metrics.")]
    public string? Schema { get; set; }

    /// <summary>Use the offline simulator.</summary>
    [CommandOption("--simulator")]
    [Description("Talk to the offline GitHub simulator instead of GitHub (no token, no network) — to try every command.")]
    public bool Simulator { get; set; }

    /// <summary>Print the resolved setup and the library's logs (to standard error).</summary>
    [CommandOption("-v|--verbose")]
    [Description("Print the resolved setup (scopes, token source, store — never the token or a password) and logs to standard error.")]
    public bool Verbose { get; set; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Store is not null && !Store.Equals("memory", StringComparison.OrdinalIgnoreCase) && !Store.Equals("postgres", StringComparison.OrdinalIgnoreCase)
            && !Store.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"Unknown --store '{Store}': use sqlite, postgres or memory.");
        }

        if (Database is not null && string.IsNullOrWhiteSpace(Database))
        {
            return ValidationResult.Error("--database needs the path of a SQLite file.");
        }

        foreach (var scope in Scopes)
        {
            if (!MetricsScope.TryParse(scope, out _))
            {
                return ValidationResult.Error($"--scope '{scope}' is not a scope: write org:NAME or enterprise:SLUG.");
            }
        }

        if (TokenEnv is not null && string.IsNullOrWhiteSpace(TokenEnv))
        {
            return ValidationResult.Error("--token-env needs the name of an environment variable.");
        }

        return ValidationResult.Success();
    }

    /// <summary>
    /// The flags that set a configuration key (<c>--schema</c> → <c>CopilotMetrics:Postgres:Schema</c>, <c>sync --days</c>
    /// → <c>CopilotMetrics:Sync:BackfillDays</c>, …): <see cref="CliSetup"/> lays them over the environment's keys, so the
    /// library's validators judge them like any configured value and the messages name the flag.
    /// </summary>
    /// <returns>The flags given.</returns>
    internal virtual IEnumerable<FlagSetting> ConfigurationFlags()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new FlagSetting("--connection-string", SampleEnvironment.ConnectionStringKey, ConnectionString.Trim(), Secret: true);
        }

        if (!string.IsNullOrWhiteSpace(Schema))
        {
            yield return new FlagSetting("--schema", SampleEnvironment.SchemaKey, Schema.Trim());
        }

        if (!string.IsNullOrWhiteSpace(Database))
        {
            yield return new FlagSetting("--database", SampleEnvironment.SqlitePathKey, Database.Trim());
        }
    }

    /// <summary>
    /// Parses <c>--since</c> and <c>--until</c> into a range: until defaults to yesterday (UTC), since to 28 days ending
    /// there; at most a year.
    /// </summary>
    /// <param name="sinceText">The <c>--since</c> text, or <see langword="null"/>.</param>
    /// <param name="untilText">The <c>--until</c> text, or <see langword="null"/>.</param>
    /// <param name="range">The range.</param>
    /// <param name="error">Why it is not a range.</param>
    /// <returns>Whether it parsed.</returns>
    protected static bool TryParseRange(string? sinceText, string? untilText, out DateRange range, out ValidationResult? error)
    {
        range = default;
        if (!TryParseDay(sinceText, "--since", out var since, out error) || !TryParseDay(untilText, "--until", out var until, out error))
        {
            return false;
        }

        // A date GitHub cannot have is refused before any arithmetic, in the web host's words (GitHubDays).
        var (resolved, problem) = GitHubDays.Resolve(since, until, "--since", "--until", CliHooks.Yesterday, 28, CliHooks.Time);
        if (problem is not null)
        {
            error = ValidationResult.Error(problem);
            return false;
        }

        if (resolved.Days > 366)
        {
            error = ValidationResult.Error("The range is longer than a year; GitHub keeps a year of reports.");
            return false;
        }

        range = resolved;
        return true;
    }

    /// <summary>Parses a YYYY-MM-DD option.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <param name="option">The option's name, for the message.</param>
    /// <param name="day">The day.</param>
    /// <param name="error">Why it is not a day.</param>
    /// <returns>Whether it parsed (or was not given).</returns>
    protected static bool TryParseDay(string? text, string option, out DateOnly? day, out ValidationResult? error)
    {
        day = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        error = ValidationResult.Error($"{option} '{text}' is not a day: write YYYY-MM-DD.");
        return false;
    }
}

/// <summary>A flag that sets a configuration key.</summary>
/// <param name="Flag">The flag, for messages (<c>--days</c>).</param>
/// <param name="Key">The key (<c>CopilotMetrics:Sync:BackfillDays</c>).</param>
/// <param name="Value">The value, invariant culture.</param>
/// <param name="Secret">Never quote the value in a message.</param>
internal sealed record FlagSetting(string Flag, string Key, string Value, bool Secret = false)
{
    /// <summary>A whole-number flag.</summary>
    public static FlagSetting Number(string flag, string key, int value) => new(flag, key, value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>A configuration problem: printed as "error: …" and exits with <see cref="ExitCodes.Usage"/>. Never carries a secret.</summary>
public sealed class CliConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public CliConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="inner">The cause.</param>
    public CliConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
