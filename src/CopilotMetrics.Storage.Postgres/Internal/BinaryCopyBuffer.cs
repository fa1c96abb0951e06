using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// Encodes rows in PostgreSQL's binary COPY format into a reusable buffer, for a raw binary COPY stream: the per-user
/// rows of a day go out in large blocks with no per-value call overhead.
/// </summary>
internal sealed class BinaryCopyBuffer
{
    /// <summary>Days between 0001-01-01 and PostgreSQL's date epoch, 2000-01-01.</summary>
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    /// <summary>"PGCOPY\n\377\r\n\0".</summary>
    private static readonly byte[] Signature = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly ArrayBufferWriter<byte> _buffer;

    public BinaryCopyBuffer(int capacity)
    {
        _buffer = new ArrayBufferWriter<byte>(capacity);
    }

    public int Length => _buffer.WrittenCount;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>The signature, flags and header extension that start a binary COPY.</summary>
    public void Header()
    {
        _buffer.Write(Signature);
        Int32(0);
        Int32(0);
    }

    /// <summary>The end-of-data marker.</summary>
    public void Trailer() => Int16(-1);

    public void StartRow(short fields) => Int16(fields);

    public void Null() => Int32(-1);

    public void Int2(short value)
    {
        Int32(2);
        Int16(value);
    }

    public void Int4(int value)
    {
        Int32(4);
        Int32(value);
    }

    public void Int8(long value)
    {
        Int32(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Float8(double value)
    {
        Int32(8);
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Bool(bool value)
    {
        Int32(1);
        _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _buffer.Advance(1);
    }

    public void Date(DateOnly value) => Int4(value.DayNumber - PostgresEpochDay);

    public void Text(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = _buffer.GetSpan(4 + max);
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _buffer.Advance(4 + length);
    }

    private void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }
}
