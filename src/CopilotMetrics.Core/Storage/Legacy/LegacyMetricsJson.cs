using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CopilotMetrics.Storage.Legacy;

/// <summary>
/// Serializes <see cref="LegacyMetricsDay"/> lists as the retired <c>/copilot/metrics</c> API answered: a JSON array
/// of day objects with snake_case names, <see langword="null"/> values written out. Source-generated metadata
/// (no reflection; trimming and AOT safe).
/// </summary>
public static class LegacyMetricsJson
{
    /// <summary>The metadata of the legacy types, to combine into your own <see cref="JsonSerializerOptions"/>.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => LegacyMetricsJsonContext.Default;

    /// <summary>Serializes days to a JSON array.</summary>
    /// <param name="days">The days.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(IReadOnlyList<LegacyMetricsDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return JsonSerializer.Serialize(days, LegacyMetricsJsonContext.Default.IReadOnlyListLegacyMetricsDay);
    }

    /// <summary>Serializes days to a UTF-8 JSON array.</summary>
    /// <param name="days">The days.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] SerializeToUtf8Bytes(IReadOnlyList<LegacyMetricsDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return JsonSerializer.SerializeToUtf8Bytes(days, LegacyMetricsJsonContext.Default.IReadOnlyListLegacyMetricsDay);
    }

    /// <summary>Serializes one day to a UTF-8 JSON object: an element of the array <see cref="SerializeToUtf8Bytes(IReadOnlyList{LegacyMetricsDay})"/> writes, byte for byte (for caching days apart).</summary>
    /// <param name="day">The day.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] SerializeToUtf8Bytes(LegacyMetricsDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        return JsonSerializer.SerializeToUtf8Bytes(day, LegacyMetricsJsonContext.Default.LegacyMetricsDay);
    }

    /// <summary>Writes days as a UTF-8 JSON array to a stream (for example an HTTP response body).</summary>
    /// <param name="utf8Json">The stream; not disposed.</param>
    /// <param name="days">The days.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the array is written.</returns>
    public static Task SerializeAsync(Stream utf8Json, IReadOnlyList<LegacyMetricsDay> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(days);
        return JsonSerializer.SerializeAsync(utf8Json, days, LegacyMetricsJsonContext.Default.IReadOnlyListLegacyMetricsDay, cancellationToken);
    }

    /// <summary>Reads a JSON array of legacy day objects (a projection's output or a saved legacy API response).</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The days.</returns>
    /// <exception cref="JsonException">The JSON is not an array of day objects.</exception>
    public static IReadOnlyList<LegacyMetricsDay> Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, LegacyMetricsJsonContext.Default.IReadOnlyListLegacyMetricsDay) ?? throw new JsonException("The JSON is null.");
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<LegacyMetricsDay>))]
[JsonSerializable(typeof(LegacyMetricsDay))]
internal sealed partial class LegacyMetricsJsonContext : JsonSerializerContext
{
}
