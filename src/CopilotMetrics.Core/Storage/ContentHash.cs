using System.Security.Cryptography;
using System.Text.Json;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Storage;

/// <summary>
/// The content hash every store reports for a stored day: hex SHA-256 over each record's JSON (as
/// <see cref="ReportJson"/> writes it) followed by a line feed, in the order stored. Equal hashes mean equal data, so
/// a sync can tell a late correction from a repeat. Not thread-safe.
/// </summary>
public sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    /// <summary>Starts a hash.</summary>
    public ContentHash()
    {
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>The number of records added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a record and returns its JSON (valid until the next call), which a store may keep.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="record">The record.</param>
    /// <returns>The record's JSON.</returns>
    public ReadOnlySpan<byte> Add<T>(T record)
        where T : ReportObject
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        ReportJson.Write(_writer, record);
        _writer.Flush();
        var json = _buffer.WrittenSpan;
        _hash.AppendData(json);
        _hash.AppendData("\n"u8);
        Count++;
        return json;
    }

    /// <summary>The hex SHA-256 of everything added.</summary>
    /// <returns>Lower-case hex.</returns>
    public string Finish() => Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _hash.Dispose();
    }
}
