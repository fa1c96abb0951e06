using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace CopilotMetrics;

/// <summary>
/// A <see cref="TimeSpan"/> option between two bounds, inclusive, parsed from the invariant "c" format
/// (<c>1.00:00:00</c>). <see cref="RangeAttribute"/> with a type argument needs reflection that trimming may break;
/// this does not. Compiled into each package that validates options (shared source, internal).
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
