using System.ComponentModel;
using System.Globalization;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>
/// Reads a whole-number option so that a value that is not one gets a message a person can read
/// (<c>--days 'abc' is not a whole number</c>), not the binder's <c>Failed to convert 'abc' to Nullable`1</c>:
/// <see cref="CliErrors.Handle"/> prints the <see cref="FormatException"/> this throws. One subclass per option, which names it.
/// </summary>
/// <param name="option">The option, for the message.</param>
/// <param name="example">A value to show.</param>
internal abstract class WholeNumberConverter(string option, string example) : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        var text = value as string;
        return int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new WholeNumberFormatException($"{option} '{text}' is not a whole number: write digits, such as {option} {example}.");
    }
}

/// <summary>Thrown by <see cref="WholeNumberConverter"/>: its message is the one to print.</summary>
internal sealed class WholeNumberFormatException(string message) : FormatException(message);

internal sealed class DaysOptionConverter() : WholeNumberConverter("--days", "28");

internal sealed class RefreshDaysOptionConverter() : WholeNumberConverter("--refresh-days", "3");

internal sealed class ConcurrencyOptionConverter() : WholeNumberConverter("--concurrency", "4");

internal sealed class LimitOptionConverter() : WholeNumberConverter("--limit", "20");

internal sealed class MaxRecordBytesOptionConverter() : WholeNumberConverter("--max-record-bytes", "67108864");
