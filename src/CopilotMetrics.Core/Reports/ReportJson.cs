using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CopilotMetrics.Reports;

/// <summary>
/// Serializes report records with source-generated System.Text.Json metadata (no reflection; trimming and AOT safe).
/// Properties that were unknown when a record was read are written back, so a record survives a round trip.
/// </summary>
public static class ReportJson
{
    /// <summary>The metadata for every report type, to combine into your own <see cref="JsonSerializerOptions"/>.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => ReportJsonContext.Default;

    /// <summary>Writes a record, or any report object, as JSON.</summary>
    /// <typeparam name="T">A report type, such as <see cref="UserDayRecord"/>.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The record.</param>
    public static void Write<T>(Utf8JsonWriter writer, T value)
        where T : ReportObject =>
        JsonSerializer.Serialize(writer, value, TypeInfo<T>());

    /// <summary>Serializes a record, or any report object, to UTF-8 JSON.</summary>
    /// <typeparam name="T">A report type, such as <see cref="UserDayRecord"/>.</typeparam>
    /// <param name="value">The record.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] SerializeToUtf8Bytes<T>(T value)
        where T : ReportObject =>
        JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    /// <summary>Serializes a record, or any report object, to a JSON string.</summary>
    /// <typeparam name="T">A report type, such as <see cref="UserDayRecord"/>.</typeparam>
    /// <param name="value">The record.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize<T>(T value)
        where T : ReportObject =>
        JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>Deserializes one record, or any report object, with the source-generated metadata.</summary>
    /// <typeparam name="T">A report type, such as <see cref="AggregateReport"/>.</typeparam>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The object.</returns>
    /// <exception cref="JsonException">The JSON is invalid or does not fit <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
        where T : ReportObject =>
        JsonSerializer.Deserialize(utf8Json, TypeInfo<T>()) ?? throw new JsonException("The JSON is null.");

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)ReportJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a report type.");
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserDayRecord))]
[JsonSerializable(typeof(AggregateDayRecord))]
[JsonSerializable(typeof(AggregateReport))]
[JsonSerializable(typeof(UserTeamRecord))]
[JsonSerializable(typeof(RepositoryDayRecord))]
[JsonSerializable(typeof(PullRequestTotals))]
[JsonSerializable(typeof(PullRequestReviewTimes))]
[JsonSerializable(typeof(CopilotAppTotals))]
[JsonSerializable(typeof(ThirdPartyAgentTotals))]
[JsonSerializable(typeof(VscodeAgentTotals))]
[JsonSerializable(typeof(SkillTotals))]
[JsonSerializable(typeof(CustomAgentTotals))]
[JsonSerializable(typeof(McpTotals))]
[JsonSerializable(typeof(SlashCommandTotals))]
[JsonSerializable(typeof(PluginTotals))]
[JsonSerializable(typeof(CopilotMetrics.Seats.CopilotSeat))]
[JsonSerializable(typeof(CopilotMetrics.Billing.AiCreditUsageReport))]
[JsonSerializable(typeof(CopilotMetrics.Billing.AiCreditUsageItem))]
[JsonSerializable(typeof(CopilotMetrics.Billing.CopilotBilling))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
}
