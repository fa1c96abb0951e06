using System.Globalization;
using Spectre.Console;

namespace CopilotMetrics.Samples.Console.Rendering;

/// <summary>Number, size and date formatting for the console output (invariant culture, so output is the same everywhere).</summary>
internal static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Number(long value) => value.ToString("N0", Culture);

    public static string Number(long? value) => value is { } v ? v.ToString("N0", Culture) : Dash;

    public static string Decimal(double value) => value.ToString("N1", Culture);

    public static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.0", Culture) + " %" : Dash;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Culture);

    /// <summary>"2026-05-07 .. 2026-06-03 (28 days)", or a dash.</summary>
    public static string DayRange(DateOnly? first, DateOnly? last, int count)
    {
        if (first is not { } from || last is not { } to)
        {
            return Dash;
        }

        var days = count == 1 ? "1 day" : $"{Number(count)} days";
        return from == to ? $"{Day(from)} ({days})" : $"{Day(from)} .. {Day(to)} ({days})";
    }

    /// <summary>"2.3 KiB (2,398 bytes)".</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{Number(bytes)} bytes" : $"{value.ToString("0.0", Culture)} {units[unit]} ({Number(bytes)} bytes)";
    }

    /// <summary>"12.3 MiB/s".</summary>
    public static string Rate(double bytesPerSecond)
    {
        string[] units = ["bytes/s", "KiB/s", "MiB/s", "GiB/s"];
        var unit = 0;
        while (bytesPerSecond >= 1024 && unit < units.Length - 1)
        {
            bytesPerSecond /= 1024;
            unit++;
        }

        return $"{bytesPerSecond.ToString(unit == 0 ? "0" : "0.0", Culture)} {units[unit]}";
    }

    /// <summary>Lines added, green with a plus sign (plain 0 when none).</summary>
    public static string Added(long lines) => lines == 0 ? "0" : $"[green]+{Number(lines)}[/]";

    /// <summary>Lines deleted, red with a minus sign (plain 0 when none).</summary>
    public static string Deleted(long lines) => lines == 0 ? "0" : $"[red]-{Number(lines)}[/]";

    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalSeconds < 1 ? $"{elapsed.TotalMilliseconds.ToString("0", Culture)} ms" : $"{elapsed.TotalSeconds.ToString("0.0", Culture)} s";

    /// <summary>Escapes text for Spectre markup (file names, logins and excerpts come from data).</summary>
    public static string Escape(string? text) => Markup.Escape(text ?? "");

    public const string Dash = "[grey]–[/]";
}
