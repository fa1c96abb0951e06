using System.Globalization;

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
/// The web sample's settings. The variables the CLI reads too (<c>GITHUB_TOKEN</c>, <c>GITHUB_SCOPES</c>, <c>SYNC_*</c>,
/// <c>DATABASE_*</c>) are mapped by <see cref="SampleEnvironment.Table"/> onto the library's configuration keys, where
/// the options binding and the library's validators take them; the settings only this sample has (<c>DEMO</c>,
/// <c>PER_USER_ACCESS</c>, <c>ADMIN_API_SECRET</c>, <c>LEGACY_CACHE_SECONDS</c>, …) are read and checked here. ASP.NET Core
/// puts the variables into <see cref="IConfiguration"/> under their own names — see README.md. The GitHub token and the
/// database URL are kept out of <see cref="ToString"/> and never logged.
/// </summary>
public sealed class WebSettings
{
    public const int DefaultDirectApiMaxDays = 28;

    public bool Demo { get; init; }

    public IReadOnlyList<MetricsScope> Scopes { get; init; } = [];

    /// <summary>An Npgsql connection string (from DATABASE_URL and DATABASE_POOL_MIN/MAX), or null for no database.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>
    /// The SQLite file of the store (SQLITE_PATH, or <c>--database PATH</c> on the command line), or null. The CLI's
    /// <c>sync</c> may write the same file while this host reads it.
    /// </summary>
    public string? SqlitePath { get; init; }

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

    /// <summary>LEGACY_CACHE_MAX_MB: the most the kept days of <c>/api/metrics</c> may take, in MiB (default 64; 1–4096).</summary>
    public long LegacyCacheBytes { get; init; } = DefaultLegacyCacheMegabytes * 1024L * 1024;

    public const int DefaultLegacyCacheMegabytes = 64;

    /// <summary>How long POST /api/admin/sync waits for the run before answering 202.</summary>
    public TimeSpan AdminSyncWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Answer from the built-in GitHub simulator instead of api.github.com (GITHUB_SIMULATOR; implied by demo).</summary>
    public bool UseSimulator { get; init; }

    /// <summary>The analytics' privacy settings: <c>MIN_GROUP_SIZE</c> (default 5, 0 off) and <c>PSEUDONYM_SECRET</c> (unset: logins shown).</summary>
    public CopilotMetrics.Analytics.AnalyticsOptions Analytics { get; init; } = new();

    /// <summary>What set each mapped key, to name the variable in the library's messages.</summary>
    internal SettingSources Sources { get; init; } = new();

    /// <summary>Whether the data come from a store (Postgres, or in memory in demo/historical mode).</summary>
    public bool HasStore => DatabaseConnectionString is not null || SqlitePath is not null || HistoricalMode || Demo;

    /// <summary>Direct mode: /api/metrics is answered from GitHub on request (no database, historical mode off).</summary>
    public bool DirectMode => !HistoricalMode;

    public string StoreKind => DatabaseConnectionString is not null ? "postgres" : SqlitePath is not null ? "sqlite" : HasStore ? "in-memory" : "none";

    /// <summary>Reads the settings (see <see cref="Read"/>) and throws when any is invalid.</summary>
    /// <exception cref="InvalidOperationException">Invalid configuration; the message lists every problem, naming the variable.</exception>
    public static WebSettings From(IConfigurationManager configuration, bool demoFlag)
    {
        var errors = new List<string>();
        var settings = Read(configuration, demoFlag, errors);
        ThrowIfAny(errors);
        return settings;
    }

    /// <summary>
    /// Maps the shared variables onto their keys (an in-memory source added to <paramref name="configuration"/>, over the
    /// environment) and reads the settings. What does not parse, and what this sample alone checks, goes to
    /// <paramref name="errors"/>, naming the variable; the library's validators judge the mapped keys when the host is built.
    /// </summary>
    public static WebSettings Read(IConfigurationManager configuration, bool demoFlag, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var sources = SampleEnvironment.AddTo(configuration);
        errors.AddRange(sources.Errors);
        var demo = demoFlag || Bool(configuration, "DEMO", false, errors);
        var scopes = SampleEnvironment.ReadScopes(configuration, sources, errors);
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

        var connectionString = demo ? null : SampleOptions.ConnectionString(configuration, sources, errors);
        var sqlitePath = demo ? null : (configuration[SampleEnvironment.SqlitePathKey] ?? configuration["database"])?.Trim();
        if (string.IsNullOrEmpty(sqlitePath) || connectionString is not null)
        {
            // DATABASE_URL wins when both are set (as in the CLI, where a connection string selects PostgreSQL).
            sqlitePath = null;
        }
        var access = configuration["PER_USER_ACCESS"];
        var perUser = PerUserAccess.Admin;
        if (!string.IsNullOrWhiteSpace(access) && !EnumNames.TryParse(access, out perUser))
        {
            perUser = PerUserAccess.Off; // never wider than asked: the host does not start anyway
            errors.Add($"PER_USER_ACCESS must be off, admin or open (got '{access}').");
        }

        // Empty is "not set" (docker compose passes ${ADMIN_API_SECRET:-}); a secret of white space, or one that starts or
        // ends with it (a Bearer header is trimmed, so it could never match), is a mistake that would otherwise pass.
        var secret = configuration["ADMIN_API_SECRET"];
        if (!string.IsNullOrEmpty(secret) && (string.IsNullOrWhiteSpace(secret) || secret.Trim().Length != secret.Length))
        {
            errors.Add("ADMIN_API_SECRET is blank or starts or ends with white space: set a secret without surrounding white space, or leave it empty to disable the admin endpoints.");
            secret = null;
        }

        var historical = demo || Bool(configuration, "ENABLE_HISTORICAL_MODE", false, errors);
        var analytics = ReadAnalytics(configuration, errors);
        return new WebSettings
        {
            Demo = demo,
            UseSimulator = simulator,
            Sources = sources,
            Scopes = scopes,
            DatabaseConnectionString = connectionString,
            SqlitePath = sqlitePath is null ? null : Path.GetFullPath(sqlitePath),
            HistoricalMode = historical,
            SyncEnabled = Bool(configuration, "SYNC_ENABLED", !demo && (historical || connectionString is not null || sqlitePath is not null), errors),
            DirectApiMaxDays = Int(configuration, "DIRECT_API_MAX_DAYS", DefaultDirectApiMaxDays, 1, 365, errors),
            AdminSecret = string.IsNullOrEmpty(secret) ? null : secret,
            PerUserAccess = perUser,
            OtelConsole = Bool(configuration, "OTEL_CONSOLE", false, errors),
            AdminSyncWait = TimeSpan.FromMilliseconds(Int(configuration, "ADMIN_SYNC_WAIT_MS", 2000, 0, 60_000, errors)),
            LegacyCacheDuration = TimeSpan.FromSeconds(Int(configuration, "LEGACY_CACHE_SECONDS", DefaultLegacyCacheSeconds, 0, 86_400, errors)),
            LegacyCacheBytes = Int(configuration, "LEGACY_CACHE_MAX_MB", DefaultLegacyCacheMegabytes, 1, 4096, errors) * 1024L * 1024,
            Analytics = analytics,
        };
    }

    /// <summary><c>MIN_GROUP_SIZE</c> (0–1000, default 5) and <c>PSEUDONYM_SECRET</c> (empty: off; else at least 16 characters, no surrounding white space).</summary>
    private static CopilotMetrics.Analytics.AnalyticsOptions ReadAnalytics(IConfiguration configuration, List<string> errors)
    {
        var options = new CopilotMetrics.Analytics.AnalyticsOptions
        {
            MinimumGroupSize = Int(configuration, "MIN_GROUP_SIZE", CopilotMetrics.Analytics.AnalyticsOptions.DefaultMinimumGroupSize, 0, 1000, errors),
        };
        var secret = configuration["PSEUDONYM_SECRET"];
        if (!string.IsNullOrEmpty(secret))
        {
            if (secret.Trim().Length != secret.Length || secret.Length < CopilotMetrics.Analytics.AnalyticsOptions.MinimumPseudonymSecretLength)
            {
                errors.Add($"PSEUDONYM_SECRET must have at least {CopilotMetrics.Analytics.AnalyticsOptions.MinimumPseudonymSecretLength} characters and no surrounding white space (or be empty to show logins).");
            }
            else
            {
                options.PseudonymSecret = secret;
            }
        }

        return options;
    }

    /// <summary>Throws when there are errors: one exception that lists them all (distinct), for a start-up failure.</summary>
    /// <exception cref="InvalidOperationException">There are errors.</exception>
    public static void ThrowIfAny(IEnumerable<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, distinct));
        }
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

    /// <summary>A setting only this sample has, with its range (the shared variables' ranges are the library's).</summary>
    private static int Int(IConfiguration configuration, string key, int fallback, int min, int max, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (SampleEnvironment.TryParseWholeNumber(text, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{key} must be a whole number between {min} and {max} (got '{text}').");
        return fallback;
    }
}
