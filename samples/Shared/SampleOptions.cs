using System.Text.RegularExpressions;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CopilotMetrics.Samples.SampleEnvironment;

namespace CopilotMetrics.Samples;

/// <summary>What both samples do with the mapped keys: the store's connection string and options, the sync's derived defaults, and the validators' verdict in the variables' words.</summary>
internal static partial class SampleOptions
{
    /// <summary>
    /// The Npgsql connection string from <see cref="ConnectionStringKey"/> (a <c>postgres://</c> URL or an Npgsql
    /// connection string) with the pool sizes of <see cref="MinPoolSizeKey"/>/<see cref="MaxPoolSizeKey"/> applied, through
    /// the library's <see cref="PostgresConnectionString"/>, which judges them; <see langword="null"/> when no connection
    /// string is set or it is invalid (then <paramref name="errors"/> says why, naming the variables and never quoting
    /// the connection string: it carries the password).
    /// </summary>
    public static string? ConnectionString(IConfiguration configuration, SettingSources sources, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        var value = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var min = PoolSize(configuration, sources, MinPoolSizeKey, errors, out var minValid);
        var max = PoolSize(configuration, sources, MaxPoolSizeKey, errors, out var maxValid);
        if (!minValid || !maxValid)
        {
            return null;
        }

        try
        {
            return PostgresConnectionString.FromUrlOrConnectionString(value, min, max);
        }
        catch (FormatException e)
        {
            // The library's message says which shape is expected and never quotes the value.
            errors.Add($"{sources.Name(ConnectionStringKey)}: {e.Message}");
        }
        catch (ArgumentOutOfRangeException e)
        {
            var key = e.ParamName == "maxPoolSize" ? MaxPoolSizeKey : MinPoolSizeKey;
            errors.Add($"{sources.Name(key)}: {WithoutParameter(e)} (got '{configuration[key]}').");
        }
        catch (ArgumentException e)
        {
            // The minimum exceeds the maximum: name what set each of them.
            var minimum = min is null ? $"the Minimum Pool Size of {sources.Name(ConnectionStringKey)}" : sources.Name(MinPoolSizeKey);
            var maximum = max is null ? $"the Maximum Pool Size of {sources.Name(ConnectionStringKey)}" : sources.Name(MaxPoolSizeKey);
            errors.Add(min is null && max is null ? $"{sources.Name(ConnectionStringKey)}: {WithoutParameter(e)}." : $"{minimum} and {maximum}: {WithoutParameter(e)}.");
        }

        return null;
    }

    /// <summary>The store's options: the <see cref="PostgresSection"/> section bound onto them, and the connection string from <see cref="ConnectionString"/>.</summary>
    public static void ConfigurePostgres(PostgresStoreOptions options, IConfiguration configuration, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.GetSection(PostgresSection).Bind(options);
        options.ConnectionString = connectionString;
    }

    /// <summary>
    /// The store's options as <see cref="Validate{TOptions}"/> judges them, and <c>CopilotMetrics:Postgres:SchemaMode</c>
    /// by its text: one of its names (the binder would take <c>1</c> or <c>Migrate,Validate</c> too).
    /// </summary>
    public static void ValidatePostgres(IServiceProvider services, IConfiguration configuration, SettingSources sources, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        EnumNames.Check<SchemaMode>(configuration.GetSection(PostgresSection), nameof(PostgresStoreOptions.SchemaMode), errors);
        Validate<PostgresStoreOptions>(services, sources, errors, PostgresSection);
    }

    /// <summary>
    /// The sync's derived defaults, after binding: the refresh window follows a backfill window shorter than it unless
    /// <see cref="RefreshDaysKey"/> is set (a set value is the validator's to judge).
    /// </summary>
    public static void ApplySyncDefaults(SyncOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[RefreshDaysKey]))
        {
            options.RefreshDays = Math.Max(0, Math.Min(options.RefreshDays, options.BackfillDays));
        }
    }

    /// <summary>
    /// Resolves <typeparamref name="TOptions"/> — binding, then the library's validators — and adds what is wrong to
    /// <paramref name="errors"/> in the variables' words (<see cref="SettingSources.Explain"/>). A message that names a
    /// property alone (<c>Schema '…' is not …</c>, or data annotations' <c>BackfillDays: The field SyncOptions.BackfillDays must be …</c>)
    /// is first put in terms of its key (<c>CopilotMetrics:Sync:BackfillDays must be …</c>). A value the binder cannot
    /// convert (a key set in appsettings.json or as <c>CopilotMetrics__…</c>) is reported with the binder's message, which names the key.
    /// </summary>
    /// <param name="services">The provider.</param>
    /// <param name="sources">What set the keys.</param>
    /// <param name="errors">Where the messages go.</param>
    /// <param name="section">The options' configuration section (<c>CopilotMetrics:Sync</c>).</param>
    public static void Validate<TOptions>(IServiceProvider services, SettingSources sources, List<string> errors, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            errors.AddRange(e.Failures.Select(f => sources.Explain(Qualify(f, section, typeof(TOptions)))));
        }
        catch (InvalidOperationException e)
        {
            errors.Add(e.Message);
        }
    }

    /// <summary>The message in terms of the configuration key it is about, when it names a property of the options alone.</summary>
    internal static string Qualify(string failure, string section, Type options)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(options);
        var keyed = KeyedMessage().Match(failure);
        if (keyed.Success)
        {
            return keyed.Groups["message"].Value;
        }

        var field = DataAnnotationsMessage().Match(failure);
        if (field.Success)
        {
            return $"{section}:{field.Groups["member"].Value.Replace('.', ':')} {field.Groups["rest"].Value}";
        }

        var first = failure.Split(' ', 2)[0];
        return options.GetProperty(first) is not null ? $"{section}:{failure}" : failure;
    }

    /// <summary>The library's own message behind the member the options source generator puts first: <c>Member: CopilotMetrics:… must be …</c>.</summary>
    [GeneratedRegex(@"^[\w.]+: (?<message>CopilotMetrics:.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex KeyedMessage();

    /// <summary>The data-annotations default, <c>Member: The field Type.Member must be …</c> (what the options source generator writes for a standard attribute: its [Range] ignores ErrorMessage, dotnet/runtime#123137, which is why the library's own options use attributes of their own).</summary>
    [GeneratedRegex(@"^(?<member>[\w.]+): The field [\w.]+ (?<rest>.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DataAnnotationsMessage();

    private static int? PoolSize(IConfiguration configuration, SettingSources sources, string key, List<string> errors, out bool valid)
    {
        valid = true;
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TryParseWholeNumber(text, out var value))
        {
            return value;
        }

        // Only a key set in appsettings.json gets here: a variable that does not parse is not mapped.
        valid = false;
        errors.Add($"{sources.Name(key)} must be a whole number (got '{text}').");
        return null;
    }

    private static string WithoutParameter(ArgumentException e)
    {
        var message = e.Message;
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (parameter < 0 ? message : message[..parameter]).Trim().TrimEnd('.');
    }
}
