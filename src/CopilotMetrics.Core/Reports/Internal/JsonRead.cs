using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace CopilotMetrics.Reports.Internal;

/// <summary>A record was well-formed JSON but not a valid record.</summary>
internal sealed class RecordFormatException(string message, long bytePosition, ReportType? foundReportType = null) : Exception(message)
{
    /// <summary>Byte position inside the record.</summary>
    public long BytePosition { get; } = bytePosition;

    /// <summary>Set when the record is of another report than the one being read: the report it looks like.</summary>
    public ReportType? FoundReportType { get; } = foundReportType;
}

/// <summary>Small helpers for hand-written parsers over <see cref="Utf8JsonReader"/>.</summary>
internal static class JsonRead
{
    public static void StartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RecordFormatException($"Expected a JSON object but found {Describe(reader.TokenType)}.", reader.TokenStartIndex);
        }
    }

    /// <summary>Moves to the next property's value; <see langword="false"/> at the end of the object.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = default;
            return false;
        }

        name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        reader.Read();
        return true;
    }

    /// <summary>After the top-level value: only whitespace may follow.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new RecordFormatException("Unexpected content after the record.", reader.TokenStartIndex);
        }
    }

    public static long Int64(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        throw WrongType(ref reader, name, "an integer");
    }

    /// <summary>A count or a sum: a whole number, 0 or more. A negative one makes the record malformed.</summary>
    public static long Count(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value >= 0 ? value : throw Negative(ref reader, name, value);
        }

        throw WrongType(ref reader, name, "a count (a whole number, 0 or more)");
    }

    /// <summary>A count that may be <c>null</c>.</summary>
    public static long? NullableCount(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name) =>
        reader.TokenType == JsonTokenType.Null ? null : Count(ref reader, name);

    public static int Int32(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }

        throw WrongType(ref reader, name, "an integer");
    }

    public static double? NullableDouble(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value))
        {
            return value;
        }

        throw WrongType(ref reader, name, "a number");
    }

    public static bool Boolean(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw WrongType(ref reader, name, "true or false"),
    };

    public static bool? NullableBoolean(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name) =>
        reader.TokenType == JsonTokenType.Null ? null : Boolean(ref reader, name);

    public static string? String(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, Utf8StringPool? pool)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw WrongType(ref reader, name, "a string");
        }

        return pool is null || reader.ValueIsEscaped ? reader.GetString() : pool.Get(reader.ValueSpan);
    }

    public static DateOnly Date(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name) =>
        NullableDate(ref reader, name) ?? throw WrongType(ref reader, name, "a date (YYYY-MM-DD)");

    public static DateOnly? NullableDate(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            var s = reader.ValueSpan;
            if (s.Length == 10 && s[4] == (byte)'-' && s[7] == (byte)'-'
                && Utf8Parser.TryParse(s[..4], out int year, out var a) && a == 4
                && Utf8Parser.TryParse(s.Slice(5, 2), out int month, out var b) && b == 2
                && Utf8Parser.TryParse(s.Slice(8, 2), out int day, out var c) && c == 2
                && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                return new DateOnly(year, month, day);
            }
        }

        throw WrongType(ref reader, name, "a date (YYYY-MM-DD)");
    }

    public static DateTimeOffset? NullableTimestamp(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        throw WrongType(ref reader, name, "an ISO 8601 timestamp");
    }

    /// <summary>Keeps a property this library does not model.</summary>
    public static void Unknown(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ref Dictionary<string, JsonElement>? extra)
    {
        extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        extra[Encoding.UTF8.GetString(name)] = JsonElement.ParseValue(ref reader);
    }

    public static void StartArray(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(ref reader, name, "an array");
        }
    }

    public static RecordFormatException Missing(string name, long position) =>
        new($"The required property '{name}' is missing.", position);

    /// <summary>The error for a negative count; <paramref name="path"/> names it (<c>pull_requests.total_created</c>).</summary>
    public static RecordFormatException Negative(string path, long value, long position) =>
        new($"The count '{path}' is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; counts and sums are never negative.", position);

    private static RecordFormatException Negative(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, long value) =>
        Negative(Encoding.UTF8.GetString(name), value, reader.TokenStartIndex);

    private static RecordFormatException WrongType(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, string expected) =>
        new($"The property '{Encoding.UTF8.GetString(name)}' should be {expected} but is {Describe(reader.TokenType)}{Value(ref reader)}.", reader.TokenStartIndex);

    private static string Value(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.Number && reader.ValueSpan.Length <= 40
            ? " " + Encoding.UTF8.GetString(reader.ValueSpan)
            : "";

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };
}
