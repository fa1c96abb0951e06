using System.Buffers;
using System.Text;
using System.Text.Json;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Export.Parquet.Internal;

/// <summary>The JSON text of nested objects, lists and unknown properties, for the tables' JSON columns.</summary>
internal static class JsonText
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The object as GitHub's JSON, or <see langword="null"/>.</summary>
    public static string? Of<T>(T? value)
        where T : ReportObject =>
        value is null ? null : Write(value, static (writer, v) => ReportJson.Write(writer, v));

    /// <summary>The list as a JSON array, or <see langword="null"/> when it is empty.</summary>
    public static string? Of<T>(IReadOnlyList<T>? list)
        where T : ReportObject =>
        list is null || list.Count == 0 ? null : Write(list, static (writer, items) =>
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                ReportJson.Write(writer, item);
            }

            writer.WriteEndArray();
        });

    /// <summary>The properties this library does not model, as one JSON object, or <see langword="null"/> when there are none.</summary>
    public static string? Additional(ReportObject value) =>
        value.AdditionalProperties is not { Count: > 0 } properties ? null : Write(properties, static (writer, items) =>
        {
            writer.WriteStartObject();
            foreach (var (name, element) in items)
            {
                writer.WritePropertyName(name);
                element.WriteTo(writer);
            }

            writer.WriteEndObject();
        });

    private static string Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
