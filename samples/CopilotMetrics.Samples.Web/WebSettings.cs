using System.Globalization;
using CopilotMetrics.Storage.Postgres;

namespace CopilotMetrics.Samples.Web;

/// <summary>How per-user data (<c>/api/users</c>) is exposed.</summary>
public enum PerUserAccess
{
    /// <summary>Never: the endpoint answers 404.</summary>
    Off = 0,

    /// <summary>Only with the admin secret.</summary>
    Admin = 1,

    /// <summary>To everyone who can reach the dashboard.</summary>
    Open = 2,
}

/// <summary>
/// The web sample's settings, read from the design's environment variables (which ASP.NET Core puts into
/// <see cref="IConfiguration"/> under their own names) — see README.md for the mapping. The GitHub token and the
/// database URL are kept out of <see cref="ToString"/> and never logged.
/// </summary>
public sealed class WebSettings
{
    public const int DefaultDirectApiMaxDays = 28;

    public bool Demo { get; init; }

    public IReadOnlyList<MetricsScope> Scopes { get; init; } = [];

    /// <summary>An Npgsql connection string (from DATABASE_URL), or null for no database.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>DATABASE_SCHEMA: the Postgres schema of the tables (default copilot_metrics).</summary>
    public string? DatabaseSchema { get; init; }

    public bool HistoricalMode { get; init; }

    /// <summary>Whether the integrated scheduled sync runs (SYNC_ENABLED).</summary>
    public bool SyncEnabled { get; init; }

    public int DirectApiMaxDays { get; init; } = DefaultDirectApiMaxDays;

    public string? AdminSecret { get; init; }

    public PerUserAccess PerUserAccess { get; init; } = PerUserAccess.Admin;

    public bool OtelConsole { get; init; }

    /// <summary>
    /// LEGACY_CACHE_SECONDS: how long historical mode keeps the projected days of <c>/api/metrics</c> (0 = not at all;
    /// default 300, the design's five minutes). A sync of this process drops them at once.
    /// </summary>
    public TimeSpan LegacyCacheDuration { get; init; } = TimeSpan.FromSeconds(DefaultLegacyCacheSeconds);

    public const int DefaultLegacyCacheSeconds = 300;

    /// <summary>How long POST /api/admin/sync waits for the run before answering 202.</summary>
    public TimeSpan AdminSyncWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Answer from the built-in GitHub simulator instead of api.github.com (GITHUB_SIMULATOR; implied by demo).</summary>
    public bool UseSimulator { get; init; }

    /// <summary>GITHUB_TOKEN. Never logged.</summary>
    internal string? GitHubToken { get; init; }

    public string? SyncSchedule { get; init; }

    public int? SyncRetentionDays { get; init; }

    /// <summary>SYNC_BACKFILL_DAYS; the demo defaults to 90.</summary>
    public int? SyncBackfillDays { get; init; }

    /// <summary>Whether the data come from a store (Postgres, or in memory in demo/historical mode).</summary>
    public bool HasStore => DatabaseConnectionString is not null || HistoricalMode || Demo;

    /// <summary>Direct mode: /api/metrics is answered from GitHub on request (no database, historical mode off).</summary>
    public bool DirectMode => !HistoricalMode;

    public string StoreKind => DatabaseConnectionString is not null ? "postgres" : HasStore ? "in-memory" : "none";

    public static WebSettings From(IConfiguration configuration, bool demoFlag)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var demo = demoFlag || Bool(configuration, "DEMO", false, errors);
        var scopes = new List<MetricsScope>();
        var scopeText = configuration["GITHUB_SCOPES"];
        if (!string.IsNullOrWhiteSpace(scopeText))
        {
            foreach (var part in scopeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (MetricsScope.TryParse(part, out var scope))
                {
                    scopes.Add(scope);
                }
                else
                {
                    errors.Add($"GITHUB_SCOPES entry '{part}' is not a scope: write org:NAME or enterprise:SLUG, comma-separated.");
                }
            }
        }

        foreach (var configured in configuration.GetSection("CopilotMetrics:Sync:Scopes").GetChildren())
        {
            if (MetricsScope.TryParse(configured.Value, out var scope) && !scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        var simulator = demo || Bool(configuration, "GITHUB_SIMULATOR", false, errors);
        if (scopes.Count == 0 && simulator)
        {
            scopes.Add(MetricsScope.Organization("octo-org"));
            scopes.Add(MetricsScope.Enterprise("octo-ent"));
        }
        else if (scopes.Count == 0)
        {
            errors.Add("GITHUB_SCOPES is empty: list the organizations and enterprises to show, e.g. GITHUB_SCOPES=org:my-org,enterprise:my-ent (or run with --demo).");
        }

        string? connectionString = null;
        var databaseUrl = configuration["DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(databaseUrl) && !demo)
        {
            try
            {
                connectionString = PostgresConnectionString.FromUrlOrConnectionString(databaseUrl, Int(configuration, "DATABASE_POOL_MIN", null, 0, 1000, errors), Int(configuration, "DATABASE_POOL_MAX", null, 1, 1000, errors));
            }
            catch (FormatException)
            {
                // The message must not echo the URL: it carries the password.
                errors.Add("DATABASE_URL is neither postgres://user:password@host:port/database nor an Npgsql connection string.");
            }
            catch (ArgumentException)
            {
                // The pool sizes are in range (checked above), so the minimum exceeds the maximum.
                errors.Add("DATABASE_POOL_MIN must not exceed DATABASE_POOL_MAX (or the connection string's Maximum Pool Size, 100 when not set).");
            }
        }

        var access = configuration["PER_USER_ACCESS"];
        var perUser = PerUserAccess.Admin;
        if (!string.IsNullOrWhiteSpace(access) && !Enum.TryParse(access.Trim(), ignoreCase: true, out perUser))
        {
            errors.Add($"PER_USER_ACCESS must be off, admin or open (got '{access}').");
        }

        var secret = configuration["ADMIN_API_SECRET"];
        var historical = demo || Bool(configuration, "ENABLE_HISTORICAL_MODE", false, errors);
        var settings = new WebSettings
        {
            Demo = demo,
            UseSimulator = simulator,
            GitHubToken = string.IsNullOrWhiteSpace(configuration["GITHUB_TOKEN"]) ? null : configuration["GITHUB_TOKEN"]!.Trim(),
            SyncSchedule = string.IsNullOrWhiteSpace(configuration["SYNC_SCHEDULE"]) ? null : configuration["SYNC_SCHEDULE"]!.Trim(),
            SyncRetentionDays = Int(configuration, "SYNC_RETENTION_DAYS", null, 0, 3650, errors),
            SyncBackfillDays = Int(configuration, "SYNC_BACKFILL_DAYS", null, 1, 365, errors),
            Scopes = scopes,
            DatabaseConnectionString = connectionString,
            DatabaseSchema = string.IsNullOrWhiteSpace(configuration["DATABASE_SCHEMA"]) ? null : configuration["DATABASE_SCHEMA"]!.Trim(),
            HistoricalMode = historical,
            SyncEnabled = Bool(configuration, "SYNC_ENABLED", !demo && (historical || connectionString is not null), errors),
            DirectApiMaxDays = Int(configuration, "DIRECT_API_MAX_DAYS", DefaultDirectApiMaxDays, 1, 365, errors)!.Value,
            AdminSecret = string.IsNullOrEmpty(secret) ? null : secret,
            PerUserAccess = perUser,
            OtelConsole = Bool(configuration, "OTEL_CONSOLE", false, errors),
            AdminSyncWait = TimeSpan.FromMilliseconds(Int(configuration, "ADMIN_SYNC_WAIT_MS", 2000, 0, 60_000, errors)!.Value),
            LegacyCacheDuration = TimeSpan.FromSeconds(Int(configuration, "LEGACY_CACHE_SECONDS", DefaultLegacyCacheSeconds, 0, 86_400, errors)!.Value),
        };
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return settings;
    }

    /// <summary>A description for the start-up log: no token, no connection string.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"mode={(DirectMode ? "direct" : "historical")} store={StoreKind} demo={Demo} scopes=[{string.Join(", ", Scopes)}] sync={SyncEnabled} directApiMaxDays={DirectApiMaxDays} admin={(AdminSecret is null ? "disabled" : "enabled")} perUserAccess={PerUserAccess.ToString().ToLowerInvariant()}");

    private static bool Bool(IConfiguration configuration, string key, bool fallback, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                errors.Add($"{key} must be true or false (got '{text}').");
                return fallback;
        }
    }

    private static int? Int(IConfiguration configuration, string key, int? fallback, int min, int max, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{key} must be a whole number between {min} and {max} (got '{text}').");
        return fallback;
    }
}
