using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// Parses records with the source-generated serializer: used for the small, low-volume reports
/// (aggregate days, user-team pairs, repositories). The per-user report has its own hand-written parser.
/// </summary>
internal class SerializerRecordParser<T>(JsonTypeInfo<T> typeInfo, string expected, params ReportType[] accepted) : RecordParser<T>(expected, accepted)
    where T : ReportObject, IReportRecord
{
    public override void Parse(ReadOnlySpan<byte> json, bool retainRawJson, List<T> output) =>
        output.Add(Deserialize(json, retainRawJson));

    /// <summary>Deserializes one record and checks it: of this report, no negative count.</summary>
    protected T Deserialize(ReadOnlySpan<byte> json, bool retainRawJson)
    {
        T record;
        try
        {
            record = JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new RecordFormatException("Expected a JSON object but found null.", 0);
        }
        catch (JsonException)
        {
            ThrowIfOtherReport(json);
            throw;
        }

        if (ReportShape.HasMarker(record.AdditionalProperties))
        {
            ThrowIfOtherReport(json);
        }

        CountCheck.ThrowIfNegative(record);
        Statistics?.AddUnknownProperties(record);
        if (retainRawJson)
        {
            SetRawJson(record, json.ToArray());
        }

        return record;
    }

    private static void SetRawJson(T record, byte[] raw)
    {
        switch (record)
        {
            case AggregateDayRecord a:
                a.RawJson = raw;
                break;
            case UserTeamRecord u:
                u.RawJson = raw;
                break;
            case RepositoryDayRecord r:
                r.RawJson = raw;
                break;
            case UserDayRecord d:
                d.RawJson = raw;
                break;
        }
    }
}

/// <summary>
/// Aggregate reports: a 1-day file is one day object; a 28-day file is a wrapper whose <c>day_totals</c>
/// entries are yielded one by one (the wrapper's own fields are not records).
/// </summary>
internal sealed class AggregateDayRecordParser() : SerializerRecordParser<AggregateDayRecord>(
    ReportJsonContext.Default.AggregateDayRecord, "an aggregate (organization or enterprise) record", ReportType.Aggregate1Day, ReportType.Aggregate28Day)
{
    public override void Parse(ReadOnlySpan<byte> json, bool retainRawJson, List<AggregateDayRecord> output)
    {
        var reader = new Utf8JsonReader(json);
        JsonRead.StartObject(ref reader);
        var isWrapper = false;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            if (!name.SequenceEqual("day_totals"u8) || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            JsonRead.StartArray(ref reader, name);
            isWrapper = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var entry = json[start..(int)reader.BytesConsumed];
                try
                {
                    output.Add(Deserialize(entry, retainRawJson));
                }
                catch (JsonException ex)
                {
                    throw new RecordFormatException($"day_totals entry: {ex.Message}", start + (ex.BytePositionInLine ?? 0));
                }
                catch (RecordFormatException ex) when (ex.FoundReportType is null)
                {
                    throw new RecordFormatException($"day_totals entry: {ex.Message}", start + ex.BytePosition);
                }
            }
        }

        JsonRead.End(ref reader);
        if (!isWrapper)
        {
            output.Add(Deserialize(json, retainRawJson));
        }
    }
}
