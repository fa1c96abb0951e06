using System.Globalization;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>Which store a command uses.</summary>
public enum StoreKind
{
    /// <summary>The in-memory store (lives as long as the process).</summary>
    Memory = 0,

    /// <summary>PostgreSQL.</summary>
    Postgres = 1,
}

/// <summary>
/// What a command runs with, resolved from (highest first) the command-line flags, environment variables
/// (<c>GITHUB_TOKEN</c>, <c>GITHUB_SCOPES</c>, <c>DATABASE_URL</c>, <c>DATABASE_SCHEMA</c>, <c>DATABASE_POOL_MIN</c>/<c>_MAX</c>,
/// <c>SYNC_BACKFILL_DAYS</c>, <c>SYNC_RETENTION_DAYS</c>, <c>SYNC_SCHEDULE</c> — the web sample's names and ranges —
/// and <c>CopilotMetrics__…</c>) and <c>appsettings.json</c> (next to the executable, then in the current directory).
/// Holds the token and the connection string but never shows them: <see cref="Describe"/> and <see cref="ToString"/>
/// name only where they came from.
/// </summary>
public sealed class CliSetup
{
    /// <summary>The environment variable read for the token by default.</summary>
    public const string TokenVariable = "GITHUB_TOKEN";

    /// <summary>The environment variable read for the scopes (comma-separated).</summary>
    public const string ScopesVariable = "GITHUB_SCOPES";

    /// <summary>The environment variable read for the connection string.</summary>
    public const string DatabaseVariable = "DATABASE_URL";

    /// <summary>The environment variable read for the PostgreSQL schema.</summary>
    public const string SchemaVariable = "DATABASE_SCHEMA";

    /// <summary>The environment variable read for the connection pool's minimum size (0–1000).</summary>
    public const string PoolMinVariable = "DATABASE_POOL_MIN";

    /// <summary>The environment variable read for the connection pool's maximum size (1–1000).</summary>
    public const string PoolMaxVariable = "DATABASE_POOL_MAX";

    /// <summary>The environment variable read for the sync window in days (1–365).</summary>
    public const string BackfillDaysVariable = "SYNC_BACKFILL_DAYS";

    /// <summary>The environment variable read for the retention in days (0–3650; 0 keeps everything).</summary>
    public const string RetentionDaysVariable = "SYNC_RETENTION_DAYS";

    /// <summary>The environment variable read for the sync schedule (five-field cron, UTC).</summary>
    public const string ScheduleVariable = "SYNC_SCHEDULE";

    private const string BackfillDaysKey = "CopilotMetrics:Sync:BackfillDays";
    private const string RetentionDaysKey = "CopilotMetrics:Sync:RetentionDays";

    private CliSetup(IConfiguration configuration)
    {
        Configuration = configuration;
    }

    /// <summary>The configuration (appsettings.json and environment variables).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The scopes given by flags or configuration (empty when none: then the store's scopes, or the simulator's).</summary>
    public IReadOnlyList<MetricsScope> Scopes { get; private set; } = [];

    /// <summary>Where <see cref="Scopes"/> came from.</summary>
    public string ScopesSource { get; private set; } = "none";

    /// <summary>Whether the commands talk to the offline simulator.</summary>
    public bool Simulator { get; private set; }

    /// <summary>The store.</summary>
    public StoreKind Store { get; private set; }

    /// <summary>The Npgsql connection string (a secret: never print it).</summary>
    internal string? ConnectionString { get; private set; }

    /// <summary>Where the connection string came from.</summary>
    public string? ConnectionStringSource { get; private set; }

    /// <summary>The GitHub token (a secret: never print it).</summary>
    internal string? Token { get; private set; }

    /// <summary>Where the credentials came from, for messages.</summary>
    public string CredentialsSource { get; private set; } = "none";

    /// <summary>Whether GitHub credentials are available (a token, or ScopeTokens/GitHubApp in configuration).</summary>
    public bool HasCredentials { get; private set; }

    /// <summary>The PostgreSQL schema from <c>--schema</c> or <c>DATABASE_SCHEMA</c>; <see langword="null"/> for the store's default.</summary>
    public string? Schema { get; private set; }

    /// <summary>Where <see cref="Schema"/> came from.</summary>
    public string SchemaSource { get; private set; } = "the default";

    /// <summary><c>DATABASE_POOL_MIN</c>, applied to the connection string.</summary>
    public int? PoolMinSize { get; private set; }

    /// <summary><c>DATABASE_POOL_MAX</c>, applied to the connection string.</summary>
    public int? PoolMaxSize { get; private set; }

    /// <summary><c>SYNC_BACKFILL_DAYS</c>: the sync window unless <c>--days</c> is given.</summary>
    public int? BackfillDays { get; private set; }

    /// <summary><c>SYNC_RETENTION_DAYS</c>: data older than this many days is deleted after a sync (0 keeps everything).</summary>
    public int? RetentionDays { get; private set; }

    /// <summary><c>SYNC_SCHEDULE</c>: validated and passed on; the CLI itself runs once per call.</summary>
    public string? Schedule { get; private set; }

    /// <summary>Reads the configuration and applies the flags.</summary>
    /// <param name="settings">The flags.</param>
    /// <returns>The setup.</returns>
    /// <exception cref="CliConfigurationException">Something is set wrongly (the message says what, without secrets).</exception>
    public static CliSetup Resolve(StoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new ConfigurationBuilder();
        var besideExe = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var inCurrentDirectory = Path.GetFullPath("appsettings.json");
        builder.AddJsonFile(besideExe, optional: true, reloadOnChange: false);
        if (!string.Equals(besideExe, inCurrentDirectory, StringComparison.Ordinal))
        {
            builder.AddJsonFile(inCurrentDirectory, optional: true, reloadOnChange: false);
        }

        if (CliHooks.EnvironmentVariables is { } injected)
        {
            // Tests: the same mapping as the environment-variable provider (A__B is A:B), without the process environment.
            builder.AddInMemoryCollection(injected.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), v.Value)));
        }
        else
        {
            builder.AddEnvironmentVariables();
        }

        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliConfigurationException($"appsettings.json is not valid JSON: {ex.Message}", ex);
        }

        var setup = new CliSetup(configuration) { Simulator = settings.Simulator };
        setup.ResolveScopes(settings);
        setup.ResolveCredentials(settings);
        setup.ResolveEnvironmentSettings(settings);
        setup.ResolveStore(settings);
        return setup;
    }

    /// <summary>Fails unless GitHub can be reached: credentials are set, or <c>--simulator</c>.</summary>
    /// <param name="why">What needs GitHub, for the message.</param>
    /// <exception cref="CliConfigurationException">No credentials.</exception>
    public void RequireGitHub(string why)
    {
        if (Simulator || HasCredentials)
        {
            return;
        }

        throw new CliConfigurationException(
            $"No GitHub token: {why} needs one. Set {TokenVariable} (a token with read:org, or manage_billing:copilot / read:enterprise for an enterprise), " +
            "pass --token-env NAME to read it from another variable, set CopilotMetrics__Token / CopilotMetrics:Token in appsettings.json — " +
            "or add --simulator to try it against the offline simulator.");
    }

    /// <summary>A one-line description of the setup, without the token or the password.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        var scopes = Scopes.Count == 0 ? "(from the store)" : string.Join(", ", Scopes);
        var github = Simulator ? "offline simulator" : $"GitHub, credentials from {CredentialsSource}";
        var store = Store == StoreKind.Memory ? "memory (this process only)" : $"postgres ({SafeConnectionSummary()}, from {ConnectionStringSource})";
        var sync = new List<string>();
        if (BackfillDays is { } backfill)
        {
            sync.Add(string.Create(CultureInfo.InvariantCulture, $"window {backfill} days [{BackfillDaysVariable}]"));
        }

        if (RetentionDays is { } retention)
        {
            sync.Add(string.Create(CultureInfo.InvariantCulture, $"retention {retention} days [{RetentionDaysVariable}]"));
        }

        if (Schedule is { } schedule)
        {
            sync.Add($"schedule '{schedule}' UTC [{ScheduleVariable}; this tool runs once per call: schedule it with cron]");
        }

        return $"scopes: {scopes} [{ScopesSource}]; source: {github}; store: {store}" + (sync.Count == 0 ? "" : $"; sync: {string.Join(", ", sync)}");
    }

    /// <summary>The sync window: <paramref name="days"/> (the <c>--days</c> flag), else <c>SYNC_BACKFILL_DAYS</c>, else <c>CopilotMetrics:Sync:BackfillDays</c>, else 28.</summary>
    /// <param name="days">The flag's value, or <see langword="null"/> when not given.</param>
    /// <returns>The days and where they came from.</returns>
    /// <exception cref="CliConfigurationException"><c>CopilotMetrics:Sync:BackfillDays</c> is out of range.</exception>
    public (int Days, string Source) SyncWindow(int? days)
    {
        if (days is { } flag)
        {
            return (flag, "--days");
        }

        if (BackfillDays is { } environment)
        {
            return (environment, BackfillDaysVariable);
        }

        if (ConfiguredInt(BackfillDaysKey) is { } configured)
        {
            return configured is >= 1 and <= 365 ? (configured, BackfillDaysKey)
                : throw new CliConfigurationException(string.Create(CultureInfo.InvariantCulture, $"{BackfillDaysKey} must be between 1 and 365 (got {configured}); GitHub keeps a year of reports."));
        }

        return (new SyncOptions().BackfillDays, "the default");
    }

    /// <summary>The retention: <c>SYNC_RETENTION_DAYS</c>, else <c>CopilotMetrics:Sync:RetentionDays</c>, else 0 (keep everything).</summary>
    /// <returns>The days and where they came from.</returns>
    public (int Days, string Source) Retention() =>
        RetentionDays is { } environment ? (environment, RetentionDaysVariable)
        : ConfiguredInt(RetentionDaysKey) is { } configured ? (configured, RetentionDaysKey)
        : (0, "the default");

    /// <summary>Fails when the retention would delete part of the sync window.</summary>
    /// <param name="days">The sync window.</param>
    /// <param name="source">Where it came from, for the message.</param>
    /// <exception cref="CliConfigurationException">The retention is shorter than the window.</exception>
    public void RequireRetentionCovers(int days, string source)
    {
        var (retention, retentionSource) = Retention();
        if (retention > 0 && retention < days)
        {
            throw new CliConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"{retentionSource} is {retention} days, shorter than the sync window of {days} days (from {source}): set it to 0 to keep everything, or to at least {days}."));
        }
    }

    /// <summary>Applies the environment's sync settings (<c>SYNC_*</c>) over the configured options; the commands' flags come after.</summary>
    /// <param name="options">The options bound from configuration.</param>
    internal void ApplyTo(SyncOptions options)
    {
        if (BackfillDays is { } backfill)
        {
            options.BackfillDays = backfill;
            options.RefreshDays = Math.Min(options.RefreshDays, backfill);
        }

        if (RetentionDays is { } retention)
        {
            options.RetentionDays = retention;
        }

        if (Schedule is { } schedule)
        {
            options.Schedule = schedule;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    private void ResolveScopes(StoreSettings settings)
    {
        var texts = new List<string>();
        if (settings.Scopes.Length > 0)
        {
            texts.AddRange(settings.Scopes);
            ScopesSource = "--scope";
        }
        else if (Configuration[ScopesVariable] is { Length: > 0 } fromEnvironment)
        {
            texts.AddRange(fromEnvironment.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            ScopesSource = ScopesVariable;
        }
        else
        {
            texts.AddRange(Configuration.GetSection("CopilotMetrics:Sync:Scopes").GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0));
            ScopesSource = texts.Count > 0 ? "CopilotMetrics:Sync:Scopes" : "none";
        }

        var scopes = new List<MetricsScope>();
        foreach (var text in texts)
        {
            if (!MetricsScope.TryParse(text, out var scope))
            {
                throw new CliConfigurationException($"'{text}' from {ScopesSource} is not a scope: write org:NAME or enterprise:SLUG (comma-separated in {ScopesVariable}).");
            }

            if (!scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        if (scopes.Count == 0 && Simulator)
        {
            scopes.AddRange(CliHooks.Simulator.Scopes);
            ScopesSource = "the simulator's scopes";
        }

        Scopes = scopes;
    }

    private void ResolveCredentials(StoreSettings settings)
    {
        if (settings.TokenEnv is { } variable)
        {
            var token = ReadEnvironmentVariable(variable.Trim());
            if (string.IsNullOrWhiteSpace(token) && !Simulator)
            {
                throw new CliConfigurationException($"--token-env {variable}: the environment variable {variable} is not set or empty. Set it to a GitHub token, or use {TokenVariable}.");
            }

            Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
            CredentialsSource = $"environment variable {variable}";
        }
        else if (Configuration[TokenVariable] is { Length: > 0 } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            Token = fromEnvironment.Trim();
            CredentialsSource = TokenVariable;
        }
        else if (Configuration["CopilotMetrics:Token"] is { Length: > 0 } fromConfiguration && !string.IsNullOrWhiteSpace(fromConfiguration))
        {
            Token = fromConfiguration.Trim();
            CredentialsSource = "CopilotMetrics:Token";
        }

        var scopeTokens = Configuration.GetSection("CopilotMetrics:ScopeTokens").GetChildren().Any();
        var app = Configuration.GetSection("CopilotMetrics:GitHubApp").GetChildren().Any();
        if (Token is null && (scopeTokens || app))
        {
            CredentialsSource = scopeTokens ? "CopilotMetrics:ScopeTokens" : "CopilotMetrics:GitHubApp";
        }

        HasCredentials = Token is not null || scopeTokens || app;
        if (Simulator)
        {
            CredentialsSource = "the simulator (GitHub credentials ignored)";
        }
    }

    private void ResolveStore(StoreSettings settings)
    {
        string? connection = null;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            connection = settings.ConnectionString;
            ConnectionStringSource = "--connection-string";
        }
        else if (Configuration[DatabaseVariable] is { } url && !string.IsNullOrWhiteSpace(url))
        {
            connection = url;
            ConnectionStringSource = DatabaseVariable;
        }
        else if (Configuration.GetConnectionString("CopilotMetrics") is { } named && !string.IsNullOrWhiteSpace(named))
        {
            connection = named;
            ConnectionStringSource = "ConnectionStrings:CopilotMetrics";
        }

        Store = settings.Store switch
        {
            null => connection is null ? StoreKind.Memory : StoreKind.Postgres,
            var s when s.Equals("postgres", StringComparison.OrdinalIgnoreCase) => StoreKind.Postgres,
            _ => StoreKind.Memory,
        };

        if (Store == StoreKind.Postgres)
        {
            if (connection is null)
            {
                throw new CliConfigurationException($"--store postgres needs a connection string: pass --connection-string, set {DatabaseVariable} (postgres://USER:PASSWORD@HOST:PORT/DATABASE) or ConnectionStrings:CopilotMetrics.");
            }

            try
            {
                ConnectionString = PostgresConnectionString.FromUrlOrConnectionString(connection, PoolMinSize, PoolMaxSize);
            }
            catch (FormatException)
            {
                // Neither message quotes the value (it carries the password): say where it came from instead.
                var url = connection.TrimStart().StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || connection.TrimStart().StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
                throw new CliConfigurationException(url
                    ? $"The database URL from {ConnectionStringSource} is malformed: write postgres://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode @, : and / in the password)."
                    : $"The connection string from {ConnectionStringSource} is not valid: write Host=…;Database=…;Username=…;Password=… or postgres://USER:PASSWORD@HOST:PORT/DATABASE.");
            }
            catch (ArgumentException)
            {
                throw new CliConfigurationException($"{PoolMinVariable} must not exceed {PoolMaxVariable} (or the connection string's Maximum Pool Size, 100 when not set).");
            }
        }
    }

    /// <summary>Reads an environment variable: the process's, or the one <see cref="CliHooks.EnvironmentVariables"/> injects.</summary>
    private static string? ReadEnvironmentVariable(string name) =>
        CliHooks.EnvironmentVariables is { } injected
            ? injected.TryGetValue(name, out var value) ? value : null
            : Environment.GetEnvironmentVariable(name);

    /// <summary>The web sample's variables: SYNC_*, DATABASE_SCHEMA, DATABASE_POOL_*; every bad value is reported at once.</summary>
    private void ResolveEnvironmentSettings(StoreSettings settings)
    {
        var errors = new List<string>();
        BackfillDays = ReadInt(BackfillDaysVariable, 1, 365, errors);
        RetentionDays = ReadInt(RetentionDaysVariable, 0, 3650, errors);
        PoolMinSize = ReadInt(PoolMinVariable, 0, 1000, errors);
        PoolMaxSize = ReadInt(PoolMaxVariable, 1, 1000, errors);
        if (PoolMinSize > PoolMaxSize)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{PoolMinVariable} ({PoolMinSize}) must not exceed {PoolMaxVariable} ({PoolMaxSize})."));
        }

        if (Configuration[ScheduleVariable] is { } schedule && !string.IsNullOrWhiteSpace(schedule))
        {
            Schedule = schedule.Trim();
            if (!Cronos.CronExpression.TryParse(Schedule, out _))
            {
                errors.Add($"{ScheduleVariable} must be a five-field cron expression in UTC, such as '0 6 * * *' (got '{schedule}').");
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.Schema))
        {
            (Schema, SchemaSource) = (settings.Schema.Trim(), "--schema");
        }
        else if (Configuration[SchemaVariable] is { } schema && !string.IsNullOrWhiteSpace(schema))
        {
            (Schema, SchemaSource) = (schema.Trim(), SchemaVariable);
        }

        if (Schema is not null)
        {
            try
            {
                new PostgresStoreOptions { ConnectionString = "Host=localhost", Schema = Schema }.Validate();
            }
            catch (ArgumentException)
            {
                errors.Add($"{SchemaSource} '{Schema}' is not a schema name: use 1-63 lower-case letters, digits and underscores, starting with a letter or underscore.");
            }
        }

        if (errors.Count > 0)
        {
            throw new CliConfigurationException(errors.Count == 1 ? errors[0] : string.Join(Environment.NewLine + "  ", ["invalid configuration:", .. errors]));
        }
    }

    private int? ReadInt(string key, int min, int max, List<string> errors)
    {
        var text = Configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{key} must be a whole number between {min} and {max} (got '{text}').");
        return null;
    }

    private int? ConfiguredInt(string key) =>
        int.TryParse(Configuration[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private string SafeConnectionSummary()
    {
        if (ConnectionString is null)
        {
            return "no connection string";
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"host {builder.Host ?? "?"}, database {builder.Database ?? "(default)"}, user {builder.Username ?? "(default)"}, schema {Schema ?? PostgresStoreOptions.DefaultSchema} [{SchemaSource}]";
    }
}
