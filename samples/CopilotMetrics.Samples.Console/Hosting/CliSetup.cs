using System.Globalization;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>Which store a command uses.</summary>
public enum StoreKind
{
    /// <summary>The in-memory store (lives as long as the process).</summary>
    Memory = 0,

    /// <summary>PostgreSQL.</summary>
    Postgres = 1,

    /// <summary>A SQLite file (the default without a connection string).</summary>
    Sqlite = 2,
}

/// <summary>
/// What a command runs with, resolved from (highest first) the command-line flags, the environment variables of
/// <see cref="SampleEnvironment.Table"/> (<c>GITHUB_TOKEN</c>, <c>GITHUB_SCOPES</c>, <c>DATABASE_URL</c>, <c>DATABASE_SCHEMA</c>,
/// <c>DATABASE_POOL_MIN</c>/<c>_MAX</c>, <c>SYNC_BACKFILL_DAYS</c>, <c>SYNC_RETENTION_DAYS</c>, <c>SYNC_SCHEDULE</c> — the
/// web sample's names, mapped by the same table onto the same keys), <c>CopilotMetrics__…</c> and <c>appsettings.json</c>
/// (next to the executable, then in the current directory). The flags and variables are laid over the configuration as
/// its keys, so the library's options binding and validators judge them; <see cref="Resolve"/> reports every bad value at
/// once, naming the flag or variable that set it. Holds the token and the connection string but never shows them:
/// <see cref="Describe"/> and <see cref="ToString"/> name only where they came from.
/// </summary>
public sealed class CliSetup
{
    /// <summary>The environment variable read for the token by default.</summary>
    public const string TokenVariable = "GITHUB_TOKEN";

    /// <summary>The environment variable read for the scopes (comma-separated).</summary>
    public const string ScopesVariable = "GITHUB_SCOPES";

    /// <summary>The environment variable read for the connection string.</summary>
    public const string DatabaseVariable = "DATABASE_URL";

    /// <summary>The named connection string read when neither a flag nor <c>DATABASE_URL</c> nor <c>CopilotMetrics:Postgres:ConnectionString</c> sets one.</summary>
    private const string NamedConnectionString = "ConnectionStrings:CopilotMetrics";

    /// <summary>The source of a value nothing set.</summary>
    private const string Default = "the default";

    /// <summary>Stands in for the scopes when the options are checked before a command knows them (it reads them from the store; the sync says when there are none).</summary>
    private static readonly MetricsScope ValidationScope = MetricsScope.Organization("validation");

    private CliSetup(IConfiguration configuration, SettingSources sources)
    {
        Configuration = configuration;
        Sources = sources;
    }

    /// <summary>The configuration: appsettings.json, the environment, and over them the keys the variables and flags set.</summary>
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

    /// <summary>The PostgreSQL schema from <c>--schema</c>, <c>DATABASE_SCHEMA</c> or <c>CopilotMetrics:Postgres:Schema</c>; <see langword="null"/> for the store's default.</summary>
    public string? Schema { get; private set; }

    /// <summary>Where <see cref="Schema"/> came from.</summary>
    public string SchemaSource { get; private set; } = "the default";

    /// <summary>The SQLite file of <see cref="StoreKind.Sqlite"/>: <c>--database</c>, <c>SQLITE_PATH</c>, <c>CopilotMetrics:Sqlite:Path</c>, else <see cref="DefaultDatabasePath"/>.</summary>
    public string? DatabasePath { get; private set; }

    /// <summary>Where <see cref="DatabasePath"/> came from.</summary>
    public string DatabasePathSource { get; private set; } = "the default";

    /// <summary>What set each key (a variable, a flag), for messages.</summary>
    internal SettingSources Sources { get; }

    /// <summary>Reads the configuration, lays the variables and flags over it, and checks it with the library's validators.</summary>
    /// <param name="settings">The flags.</param>
    /// <returns>The setup.</returns>
    /// <exception cref="CliConfigurationException">Something is set wrongly (the message says what, every problem at once, without secrets).</exception>
    public static CliSetup Resolve(StoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new ConfigurationManager();
        var besideExe = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var inCurrentDirectory = Path.GetFullPath("appsettings.json");
        try
        {
            configuration.AddJsonFile(besideExe, optional: true, reloadOnChange: false);
            if (!string.Equals(besideExe, inCurrentDirectory, StringComparison.Ordinal))
            {
                configuration.AddJsonFile(inCurrentDirectory, optional: true, reloadOnChange: false);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new CliConfigurationException($"appsettings.json is not valid JSON: {ex.Message}", ex);
        }

        if (CliHooks.EnvironmentVariables is { } injected)
        {
            // Tests: the same mapping as the environment-variable provider (A__B is A:B), without the process environment.
            configuration.AddInMemoryCollection(injected.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), v.Value)));
        }
        else
        {
            configuration.AddEnvironmentVariables();
        }

        // The variables onto their keys, then the flags over them; one in-memory source on top of the environment.
        var sources = SampleEnvironment.Map(configuration);
        var errors = new List<string>(sources.Errors);
        foreach (var flag in settings.ConfigurationFlags())
        {
            sources.Set(flag.Flag, flag.Key, flag.Value, flag.Secret);
        }

        AddTokenFromVariable(settings, sources, errors);
        if (string.IsNullOrWhiteSpace(configuration[SampleEnvironment.ConnectionStringKey]) && sources.SourceOf(SampleEnvironment.ConnectionStringKey) is null
            && configuration[NamedConnectionString] is { } named && !string.IsNullOrWhiteSpace(named))
        {
            sources.Set(NamedConnectionString, SampleEnvironment.ConnectionStringKey, named.Trim(), secret: true);
        }

        configuration.AddInMemoryCollection(sources.Values);

        var setup = new CliSetup(configuration, sources) { Simulator = settings.Simulator };
        setup.ResolveScopes(settings, errors);
        setup.ResolveCredentials();
        setup.ResolveStore(settings, errors);
        setup.Validate(errors);
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 0)
        {
            throw new CliConfigurationException(distinct.Count == 1 ? distinct[0] : string.Join(Environment.NewLine + "  ", ["invalid configuration:", .. distinct]));
        }

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
        var store = DescribeStore();
        var sync = new List<string>();
        if (SyncWindow() is (var backfill, var backfillSource) && backfillSource != Default)
        {
            sync.Add(string.Create(CultureInfo.InvariantCulture, $"window {backfill} days [{backfillSource}]"));
        }

        if (Retention() is (var retention, var retentionSource) && retentionSource != Default)
        {
            sync.Add(string.Create(CultureInfo.InvariantCulture, $"retention {retention} days [{retentionSource}]"));
        }

        if (Configuration[SampleEnvironment.ScheduleKey] is { Length: > 0 } schedule)
        {
            sync.Add($"schedule '{schedule}' UTC [{Sources.SourceOf(SampleEnvironment.ScheduleKey) ?? SampleEnvironment.ScheduleKey}; this tool runs once per call: schedule it with cron]");
        }

        return $"scopes: {scopes} [{ScopesSource}]; source: {github}; store: {store}" + (sync.Count == 0 ? "" : $"; sync: {string.Join(", ", sync)}");
    }

    /// <summary>The store and where it is (the SQLite file, the PostgreSQL host and database), without a password.</summary>
    /// <returns>The description.</returns>
    public string DescribeStore() => Store switch
    {
        StoreKind.Memory => "memory (this process only)",
        StoreKind.Sqlite => $"sqlite ({DatabasePath} [{DatabasePathSource}])",
        _ => $"postgres ({SafeConnectionSummary()}, from {ConnectionStringSource})",
    };

    /// <summary>
    /// The sync window, <c>CopilotMetrics:Sync:BackfillDays</c>: from the <c>--days</c> flag, else <c>SYNC_BACKFILL_DAYS</c>,
    /// else configuration, else the library's default (28). <see cref="Resolve"/> has had the library judge it.
    /// </summary>
    /// <returns>The days and where they came from.</returns>
    public (int Days, string Source) SyncWindow() => Configured(SampleEnvironment.BackfillDaysKey, new SyncOptions().BackfillDays);

    /// <summary>The retention, <c>CopilotMetrics:Sync:RetentionDays</c>: from <c>SYNC_RETENTION_DAYS</c>, else configuration, else 0 (keep everything).</summary>
    /// <returns>The days and where they came from.</returns>
    public (int Days, string Source) Retention() => Configured(SampleEnvironment.RetentionDaysKey, new SyncOptions().RetentionDays);

    /// <summary>A message of the library (one failure a line, as <see cref="SyncJob"/> reports them) in the words of the variables and flags that set its keys.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message, each line explained.</returns>
    public string Explain(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Join(Environment.NewLine, message.Split('\n').Select(line => Sources.Explain(line.TrimEnd('\r'))));
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary><c>--token-env NAME</c>: the token from that variable, over <c>GITHUB_TOKEN</c> and configuration.</summary>
    private static void AddTokenFromVariable(StoreSettings settings, SettingSources sources, List<string> errors)
    {
        if (settings.TokenEnv is not { } variable)
        {
            return;
        }

        var name = variable.Trim();
        var token = ReadEnvironmentVariable(name);
        if (!string.IsNullOrWhiteSpace(token))
        {
            sources.Set($"environment variable {name}", SampleEnvironment.TokenKey, token.Trim(), secret: true);
        }
        else if (!settings.Simulator)
        {
            errors.Add($"--token-env {variable}: the environment variable {variable} is not set or empty. Set it to a GitHub token, or use {TokenVariable}.");
        }
    }

    /// <summary>Reads an environment variable: the process's, or the one <see cref="CliHooks.EnvironmentVariables"/> injects.</summary>
    internal static string? ReadEnvironmentVariable(string name) =>
        CliHooks.EnvironmentVariables is { } injected
            ? injected.TryGetValue(name, out var value) ? value : null
            : Environment.GetEnvironmentVariable(name);

    private (int Days, string Source) Configured(string key, int fallback) =>
        SampleEnvironment.TryParseWholeNumber(Configuration[key], out var value) ? (value, Sources.SourceOf(key) ?? key) : (fallback, Default);

    private void ResolveScopes(StoreSettings settings, List<string> errors)
    {
        var scopes = new List<MetricsScope>();
        if (settings.Scopes.Length > 0)
        {
            // StoreSettings.Validate has parsed them.
            foreach (var text in settings.Scopes)
            {
                if (MetricsScope.TryParse(text, out var scope) && !scopes.Contains(scope))
                {
                    scopes.Add(scope);
                }
            }

            ScopesSource = "--scope";
        }
        else
        {
            scopes = SampleEnvironment.ReadScopes(Configuration, Sources, errors);
            ScopesSource = scopes.Count == 0 ? "none" : Sources.SourceOf(SampleEnvironment.ScopesKey) ?? SampleEnvironment.ScopesKey;
        }

        if (scopes.Count == 0 && Simulator)
        {
            scopes.AddRange(CliHooks.Simulator.Scopes);
            ScopesSource = "the simulator's scopes";
        }

        Scopes = scopes;
    }

    private void ResolveCredentials()
    {
        if (Configuration[SampleEnvironment.TokenKey] is { } token && !string.IsNullOrWhiteSpace(token))
        {
            Token = token.Trim();
            CredentialsSource = Sources.SourceOf(SampleEnvironment.TokenKey) ?? SampleEnvironment.TokenKey;
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

    private void ResolveStore(StoreSettings settings, List<string> errors)
    {
        var connection = Configuration[SampleEnvironment.ConnectionStringKey];
        if (!string.IsNullOrWhiteSpace(connection))
        {
            ConnectionStringSource = Sources.SourceOf(SampleEnvironment.ConnectionStringKey) ?? SampleEnvironment.ConnectionStringKey;
        }

        Store = settings.Store switch
        {
            null => string.IsNullOrWhiteSpace(connection) ? StoreKind.Sqlite : StoreKind.Postgres,
            var s when s.Equals("postgres", StringComparison.OrdinalIgnoreCase) => StoreKind.Postgres,
            var s when s.Equals("sqlite", StringComparison.OrdinalIgnoreCase) => StoreKind.Sqlite,
            _ => StoreKind.Memory,
        };

        // The SQLite file is resolved whatever the store (copy-store reads it while writing another store).
        if (Configuration[SampleEnvironment.SqlitePathKey] is { } path && !string.IsNullOrWhiteSpace(path))
        {
            (DatabasePath, DatabasePathSource) = (Path.GetFullPath(path.Trim()), Sources.SourceOf(SampleEnvironment.SqlitePathKey) ?? SampleEnvironment.SqlitePathKey);
        }
        else
        {
            DatabasePath = DefaultDatabasePath(ReadEnvironmentVariable);
            DatabasePathSource = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? "the default: the local application data folder" : "the default: $XDG_DATA_HOME, else ~/.local/share";
        }

        if (Store == StoreKind.Sqlite)
        {
            return;
        }

        if (Configuration[SampleEnvironment.SchemaKey] is { } schema && !string.IsNullOrWhiteSpace(schema))
        {
            (Schema, SchemaSource) = (schema.Trim(), Sources.SourceOf(SampleEnvironment.SchemaKey) ?? SampleEnvironment.SchemaKey);
        }

        if (Store != StoreKind.Postgres)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            errors.Add($"--store postgres needs a connection string: pass --connection-string, set {DatabaseVariable} (postgres://USER:PASSWORD@HOST:PORT/DATABASE), {SampleEnvironment.ConnectionStringKey} or {NamedConnectionString}.");
            return;
        }

        ConnectionString = SampleOptions.ConnectionString(Configuration, Sources, errors);
    }

    /// <summary>
    /// The default SQLite file: <c>copilot-metrics/metrics.db</c> under <c>$XDG_DATA_HOME</c> (when set to an absolute
    /// path), else <c>~/.local/share</c>; on Windows and macOS under <see cref="Environment.SpecialFolder.LocalApplicationData"/>.
    /// </summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>The full path.</returns>
    public static string DefaultDatabasePath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string root;
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        }
        else if (environment("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            root = xdg;
        }
        else
        {
            var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
            root = Path.Combine(home, ".local", "share");
        }

        return Path.GetFullPath(Path.Combine(root, "copilot-metrics", "metrics.db"));
    }

    /// <summary>The library's validators over the sync options and, for PostgreSQL, the store's options, as the command will register them.</summary>
    private void Validate(List<string> errors)
    {
        var services = new ServiceCollection();
        CliServices.AddStoreAndSync(services, this, Scopes.Count > 0 ? Scopes : [ValidationScope], configureSync: null);

        // A missing or invalid connection string is reported apart; a stand-in lets the store's other options be judged at once.
        services.PostConfigure<PostgresStoreOptions>(o => o.ConnectionString ??= "Host=stand-in");
        using var provider = services.BuildServiceProvider();
        SampleOptions.Validate<SyncOptions>(provider, Sources, errors, SampleEnvironment.SyncSection);
        if (Store == StoreKind.Postgres)
        {
            SampleOptions.ValidatePostgres(provider, Configuration, Sources, errors);
        }
        else if (Store == StoreKind.Sqlite)
        {
            SampleOptions.Validate<CopilotMetrics.Storage.Sqlite.SqliteStoreOptions>(provider, Sources, errors, SampleEnvironment.SqliteSection);
        }
    }

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
