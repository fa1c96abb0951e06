using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CopilotMetrics;

/// <summary>
/// Enum settings by their documented names only. <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> and the
/// configuration binder (through <c>EnumConverter</c>) also take numbers (<c>5</c>, <c>-1</c>) and comma-joined names
/// (<c>admin,open</c>), which turn into values nobody wrote, undefined ones or other members; these take one defined
/// name, ignoring ASCII case and surrounding white space, and nothing else. Shared source, internal: compiled into each
/// package and sample that reads an enum from configuration.
/// </summary>
internal static class EnumNames
{
    /// <summary>Parses <paramref name="text"/> as one of the names of <typeparamref name="TEnum"/>.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse<TEnum>(name);
                return true;
            }
        }

        return false;
    }

    /// <summary>The names, for a message: <c>Off, Admin, Open</c>.</summary>
    public static string List<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());

    /// <summary>
    /// Adds a message to <paramref name="failures"/> for each value at <paramref name="key"/> of
    /// <paramref name="configuration"/> (the key's own value, and each entry of a list) that is not a name of <typeparamref name="TEnum"/>.
    /// </summary>
    public static void Check<TEnum>(IConfiguration configuration, string key, List<string> failures)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(failures);
        var section = configuration.GetSection(key);
        var path = section.Path;
        if (section.Value is { } scalar && !string.IsNullOrWhiteSpace(scalar) && !TryParse<TEnum>(scalar, out _))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path} '{scalar}' is not one of {List<TEnum>()} (one name, not a number or a list)."));
        }

        foreach (var entry in section.GetChildren())
        {
            if (entry.Value is { } text && !TryParse<TEnum>(text, out _))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{entry.Path} '{text}' is not one of {List<TEnum>()} (one name, not a number or a list)."));
            }
        }
    }
}

/// <summary>
/// Validates the enum settings of options bound from <paramref name="configuration"/> by their text, which the bound
/// values no longer show (<c>Users,Aggregate</c> binds as a member of its own). Registered next to the binding.
/// </summary>
/// <typeparam name="TOptions">The options.</typeparam>
/// <param name="configuration">The section the options are bound from.</param>
/// <param name="check">Adds a message for each bad value of the section.</param>
internal sealed class ConfiguredEnumsValidator<TOptions>(IConfiguration configuration, Action<IConfiguration, List<string>> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        check(configuration, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
