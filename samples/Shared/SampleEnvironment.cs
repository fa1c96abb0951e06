using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace CopilotMetrics.Samples;

/// <summary>What a variable's value must parse as before it reaches its key: parseability only, the library's validators judge the ranges.</summary>
internal enum SettingKind
{
    /// <summary>Any text.</summary>
    Text = 0,

    /// <summary>Any text, never quoted in a message (a token; a database URL carries a password).</summary>
    Secret = 1,

    /// <summary>A whole number (<see cref="int"/>, invariant culture).</summary>
    WholeNumber = 2,

    /// <summary>A list separated by commas, semicolons or spaces: written to <c>Key:0</c>, <c>Key:1</c>, … followed by the key's configured entries.</summary>
    List = 3,
}

/// <summary>One row of <see cref="SampleEnvironment.Table"/>: an environment variable, the configuration key it feeds, and an example value.</summary>
internal sealed record EnvironmentSetting(string Variable, string Key, SettingKind Kind, string Example);

/// <summary>
/// The environment variables both samples (the <c>copilot-metrics</c> CLI and the web host) read, mapped onto the
/// configuration keys the library binds (<c>CopilotMetrics</c> → <c>CopilotMetricsOptions</c>, <c>CopilotMetrics:Sync</c> →
/// <c>SyncOptions</c>) and the samples' <c>CopilotMetrics:Postgres</c> section (→ <c>PostgresStoreOptions</c> and the
/// connection string). <see cref="Map"/> lays them as an in-memory source over the environment, so the options binding
/// and the library's validators see them; this layer checks only that a value parses as its option's type, and
/// <see cref="SettingSources.Explain"/> names the variable in the validators' messages. Compiled into both samples.
/// </summary>
internal static class SampleEnvironment
{
    public const string TokenKey = "CopilotMetrics:Token";
    public const string SyncSection = "CopilotMetrics:Sync";
    public const string ScopesKey = "CopilotMetrics:Sync:Scopes";
    public const string BackfillDaysKey = "CopilotMetrics:Sync:BackfillDays";
    public const string RefreshDaysKey = "CopilotMetrics:Sync:RefreshDays";
    public const string RetentionDaysKey = "CopilotMetrics:Sync:RetentionDays";
    public const string ScheduleKey = "CopilotMetrics:Sync:Schedule";
    public const string MaxConcurrencyKey = "CopilotMetrics:Sync:MaxConcurrency";
    public const string SkipMalformedLinesKey = "CopilotMetrics:Sync:SkipMalformedLines";
    public const string PostgresSection = "CopilotMetrics:Postgres";
    public const string ConnectionStringKey = "CopilotMetrics:Postgres:ConnectionString";
    public const string SchemaKey = "CopilotMetrics:Postgres:Schema";
    public const string MinPoolSizeKey = "CopilotMetrics:Postgres:MinPoolSize";
    public const string MaxPoolSizeKey = "CopilotMetrics:Postgres:MaxPoolSize";
    public const string SqliteSection = "CopilotMetrics:Sqlite";
    public const string SqlitePathKey = "CopilotMetrics:Sqlite:Path";

    private static readonly char[] ListSeparators = [',', ';', ' '];

    /// <summary>The mapping: environment variable → configuration key.</summary>
    public static IReadOnlyList<EnvironmentSetting> Table { get; } =
    [
        new("GITHUB_TOKEN", TokenKey, SettingKind.Secret, "ghp_example"),
        new("GITHUB_SCOPES", ScopesKey, SettingKind.List, "org:my-org,enterprise:my-ent"),
        new("SYNC_BACKFILL_DAYS", BackfillDaysKey, SettingKind.WholeNumber, "40"),
        new("SYNC_RETENTION_DAYS", RetentionDaysKey, SettingKind.WholeNumber, "400"),
        new("SYNC_SCHEDULE", ScheduleKey, SettingKind.Text, "30 7 * * *"),
        new("DATABASE_URL", ConnectionStringKey, SettingKind.Secret, "postgres://app:secret@db.example:5432/metrics?sslmode=require"),
        new("DATABASE_SCHEMA", SchemaKey, SettingKind.Text, "copilot_metrics_example"),
        new("DATABASE_POOL_MIN", MinPoolSizeKey, SettingKind.WholeNumber, "2"),
        new("DATABASE_POOL_MAX", MaxPoolSizeKey, SettingKind.WholeNumber, "20"),
        new("SQLITE_PATH", SqlitePathKey, SettingKind.Text, "/var/lib/copilot-metrics/metrics.db"),
    ];

    /// <summary>
    /// Reads the variables of <see cref="Table"/> from <paramref name="environment"/> (where they stand under their own
    /// names: the environment-variable provider, or <c>appsettings.json</c>/the command line with those names) and
    /// returns the keys they feed. A blank variable is not mapped; a value that does not parse as its type is not mapped
    /// either, and is reported in <see cref="SettingSources.Errors"/>.
    /// </summary>
    public static SettingSources Map(IConfiguration environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var sources = new SettingSources();
        foreach (var setting in Table)
        {
            var text = environment[setting.Variable]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            switch (setting.Kind)
            {
                case SettingKind.WholeNumber when !TryParseWholeNumber(text, out _):
                    sources.AddError($"{setting.Variable} ({setting.Key}) must be a whole number (got '{text}').");
                    break;
                case SettingKind.List:
                    MapList(environment, setting, text, sources);
                    break;
                default:
                    sources.Set(setting.Variable, setting.Key, text, secret: setting.Kind == SettingKind.Secret);
                    break;
            }
        }

        return sources;
    }

    /// <summary>Maps the variables of <paramref name="configuration"/> and adds them to it as an in-memory source, over everything added before.</summary>
    public static SettingSources AddTo(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sources = Map(configuration);
        configuration.AddInMemoryCollection(sources.Values);
        return sources;
    }

    /// <summary>Parses a whole number the way the configuration binder reads an <see cref="int"/> (invariant culture, surrounding white space allowed).</summary>
    public static bool TryParseWholeNumber(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// The scopes at <see cref="ScopesKey"/> (GITHUB_SCOPES first, then the configured entries), without duplicates.
    /// An entry that is not a scope is reported with the library's words and the variable that fed it.
    /// </summary>
    public static List<MetricsScope> ReadScopes(IConfiguration configuration, SettingSources sources, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        var scopes = new List<MetricsScope>();
        foreach (var entry in configuration.GetSection(ScopesKey).GetChildren())
        {
            var text = entry.Value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (!MetricsScope.TryParse(text, out var scope))
            {
                errors.Add(sources.Explain($"{ScopesKey} entry '{text}' is not a scope: write org:NAME or enterprise:SLUG."));
            }
            else if (!scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        return scopes;
    }

    private static void MapList(IConfiguration environment, EnvironmentSetting setting, string text, SettingSources sources)
    {
        // The variable's entries first, then the configured ones (an overlay cannot remove a key below it, so the
        // configured entries are written again after the variable's instead of being left at their own indexes).
        var entries = new List<string>();
        foreach (var entry in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                     .Concat(environment.GetSection(setting.Key).GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0)))
        {
            if (!entries.Contains(entry, StringComparer.OrdinalIgnoreCase))
            {
                entries.Add(entry);
            }
        }

        sources.Set(setting.Variable, setting.Key, null, secret: false);
        for (var i = 0; i < entries.Count; i++)
        {
            sources.Set(null, string.Create(CultureInfo.InvariantCulture, $"{setting.Key}:{i}"), entries[i], secret: false);
        }
    }
}

/// <summary>
/// The keys the environment variables (and, in the CLI, the flags) set, what set each, and the values that did not
/// parse: an in-memory configuration source to add after the environment, and the words to name a key in a message.
/// </summary>
internal sealed class SettingSources
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Source> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _errors = [];

    /// <summary>The values that did not parse as their option's type, one message each, naming the variable.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The keys and their values, for <c>AddInMemoryCollection</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Values => _values;

    /// <summary>What set <paramref name="key"/> (<c>SYNC_BACKFILL_DAYS</c>, <c>--days</c>, …), or <see langword="null"/> when nothing here did.</summary>
    public string? SourceOf(string key) => _sources.TryGetValue(key, out var source) ? source.Name : null;

    /// <summary>The key as a message names it: <c>SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays)</c>, or the key alone when nothing here set it.</summary>
    public string Name(string key) => SourceOf(key) is { } source ? $"{source} ({key})" : key;

    /// <summary>Sets <paramref name="key"/> (over a value set before); <paramref name="source"/> names what set it, <see langword="null"/> for none.</summary>
    public void Set(string? source, string key, string? value, bool secret)
    {
        if (value is not null)
        {
            _values[key] = value;
        }

        if (source is not null)
        {
            _sources[key] = new Source(source, value, secret);
        }
    }

    /// <summary>Adds a message to <see cref="Errors"/>.</summary>
    public void AddError(string message) => _errors.Add(message);

    /// <summary>
    /// A validator's message with the variable that fed its key: <c>CopilotMetrics:Sync:BackfillDays must be between 1 and 365</c>
    /// becomes <c>SYNC_BACKFILL_DAYS (CopilotMetrics:Sync:BackfillDays) must be between 1 and 365 (got '366').</c> The value
    /// is added unless the message has it already or it is a secret; another key of the same section that the message
    /// names (<c>… at least BackfillDays (10)</c>) gets where it came from. A message that does not start with a key set
    /// here is returned as it is (it names the configured key, see <see cref="SampleOptions.Validate{TOptions}"/>).
    /// </summary>
    /// <param name="failure">The message.</param>
    public string Explain(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        foreach (var (key, source) in _sources.OrderByDescending(s => s.Key.Length))
        {
            if (!StartsWithName(failure, key))
            {
                continue;
            }

            var rest = failure[key.Length..].TrimEnd();
            var period = rest.EndsWith('.') ? "." : "";
            rest = rest.TrimEnd('.');
            if (!source.Secret && source.Value is { } value && !rest.Contains(value, StringComparison.Ordinal))
            {
                rest += $" (got '{value}')";
            }

            var notes = new List<string>();
            var parent = key[..key.LastIndexOf(':')];
            foreach (var (other, otherSource) in _sources)
            {
                var property = other[(other.LastIndexOf(':') + 1)..];
                if (!string.Equals(other, key, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(other[..Math.Max(0, other.LastIndexOf(':'))], parent, StringComparison.OrdinalIgnoreCase)
                    && Regex.IsMatch(rest, $@"\b{Regex.Escape(property)}\b", RegexOptions.CultureInvariant))
                {
                    notes.Add($"{property} from {otherSource.Name}");
                }
            }

            return $"{source.Name} ({key}){rest}{(notes.Count == 0 ? "" : "; " + string.Join(", ", notes))}{period}";
        }

        return failure;
    }

    private static bool StartsWithName(string failure, string name) =>
        failure.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (failure.Length == name.Length || failure[name.Length] is ' ' or ',');

    private sealed record Source(string Name, string? Value, bool Secret);
}
