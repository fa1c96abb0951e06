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
/// (<c>GITHUB_TOKEN</c>, <c>GITHUB_SCOPES</c>, <c>DATABASE_URL</c>, <c>CopilotMetrics__…</c>) and <c>appsettings.json</c>
/// (next to the executable, then in the current directory). Holds the token and the connection string but never
/// shows them: <see cref="Describe"/> and <see cref="ToString"/> name only where they came from.
/// </summary>
public sealed class CliSetup
{
    /// <summary>The environment variable read for the token by default.</summary>
    public const string TokenVariable = "GITHUB_TOKEN";

    /// <summary>The environment variable read for the scopes (comma-separated).</summary>
    public const string ScopesVariable = "GITHUB_SCOPES";

    /// <summary>The environment variable read for the connection string.</summary>
    public const string DatabaseVariable = "DATABASE_URL";

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

        builder.AddEnvironmentVariables();
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
        return $"scopes: {scopes} [{ScopesSource}]; source: {github}; store: {store}";
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>Turns a <c>postgres://user:pass@host:port/db?sslmode=require</c> URL into an Npgsql connection string; other text is returned as is.</summary>
    /// <param name="value">The URL or connection string.</param>
    /// <returns>The connection string.</returns>
    /// <exception cref="CliConfigurationException">A malformed URL (the message does not include it).</exception>
    public static string ToNpgsqlConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (!trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new CliConfigurationException("The database URL is malformed: write postgres://USER:PASSWORD@HOST:PORT/DATABASE.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var text = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                builder["SSL Mode"] = text;
            }
        }

        return builder.ConnectionString;
    }

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
            var token = Environment.GetEnvironmentVariable(variable.Trim());
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

            var converted = ToNpgsqlConnectionString(connection);
            try
            {
                _ = new NpgsqlConnectionStringBuilder(converted);
            }
            catch (ArgumentException)
            {
                // The exception's message may quote the connection string (and its password): say where it came from instead.
                throw new CliConfigurationException($"The connection string from {ConnectionStringSource} is not valid: write Host=…;Database=…;Username=…;Password=… or postgres://USER:PASSWORD@HOST:PORT/DATABASE.");
            }

            ConnectionString = converted;
        }
    }

    private string SafeConnectionSummary()
    {
        if (ConnectionString is null)
        {
            return "no connection string";
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"host {builder.Host ?? "?"}, database {builder.Database ?? "(default)"}, user {builder.Username ?? "(default)"}";
    }
}
