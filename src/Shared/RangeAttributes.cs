using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace CopilotMetrics;

/// <summary>
/// A whole-number option between two bounds, inclusive. The options source generator replaces
/// <see cref="RangeAttribute"/> with its own copy that drops <see cref="ValidationAttribute.ErrorMessage"/>
/// (dotnet/runtime#123137), so our messages, which name the configuration key and say what to do, would be lost; a
/// custom attribute keeps them. <c>{0}</c> is the member, <c>{1}</c> and <c>{2}</c> the bounds. Compiled into each
/// package that validates options (shared source, internal).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
internal sealed class IntRangeAttribute(int minimum, int maximum) : ValidationAttribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;

    public override bool IsValid(object? value) => value is not int number || (number >= Minimum && number <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum, Maximum);
}

/// <summary>
/// A <see cref="TimeSpan"/> option between two bounds, inclusive, parsed from the invariant "c" format
/// (<c>1.00:00:00</c>). <see cref="RangeAttribute"/> with a type argument needs reflection that trimming may break,
/// and loses its message in the options source generator; this does neither. Shared source, internal.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
internal sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum, Maximum);
}
