using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CopilotMetrics.Reports.Internal;

/// <summary>
/// Splits a byte stream into complete JSON values without ever holding more than one record (plus one read) in memory.
/// NDJSON lines are the fast path; a value that spans lines (a pretty-printed object, a JSON array of records) is
/// framed with <see cref="Utf8JsonReader.TrySkip"/>.
/// </summary>
internal sealed class ReportFramer : IDisposable
{
    private const int ExcerptChars = 80;

    private readonly Stream _stream;
    private readonly int _maxRecord;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferStart;
    private long _line = 1;
    private bool _eof;
    private bool _bomChecked;
    private bool _discardingLine;
    private Mode _mode;
    private byte _lastByte = (byte)'\n';

    public ReportFramer(Stream stream, ReportReaderOptions options)
    {
        _stream = stream;
        _maxRecord = options.MaxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(options.BufferSize, options.MaxRecordBytes + 1));
    }

    private enum Mode
    {
        Start,
        Lines,
        MultiLineValue,
        Array,
        Failed,
    }

    public long BytesRead { get; private set; }

    /// <summary>Lines in the bytes read so far: line feeds, plus a last line that has no line feed.</summary>
    public long LinesRead => _buffer.Length == 0 ? 0 : CountLinesRead();

    public ReadOnlySpan<byte> Span(in Frame frame) => _buffer.AsSpan(frame.Start, frame.Length);

    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _bufferStart += _pos;
            _end -= _pos;
            _pos = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, (long)_maxRecord + 2));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        BytesRead += read;
        _lastByte = _buffer[_end - 1];
        return true;
    }

    /// <summary>Finds the next value. <see cref="FrameStatus.NeedData"/> asks for <see cref="FillAsync"/>.</summary>
    public FrameStatus Next(out Frame frame, out FrameError error)
    {
        frame = default;
        error = default;
        while (true)
        {
            if (!_bomChecked)
            {
                if (_end - _pos < 3 && !_eof)
                {
                    return FrameStatus.NeedData;
                }

                if (_buffer.AsSpan(_pos, _end - _pos).StartsWith("\uFEFF"u8))
                {
                    _pos += 3;
                }

                _bomChecked = true;
            }

            if (_discardingLine)
            {
                var nl = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n');
                if (nl < 0)
                {
                    _pos = _end;
                    if (_eof)
                    {
                        _discardingLine = false;
                        return FrameStatus.End;
                    }

                    return FrameStatus.NeedData;
                }

                _pos += nl + 1;
                _line++;
                _discardingLine = false;
            }

            switch (_mode)
            {
                case Mode.Start:
                    if (!SkipWhitespace(allowCommas: false))
                    {
                        return _eof ? FrameStatus.End : FrameStatus.NeedData;
                    }

                    if (_buffer[_pos] == (byte)'[')
                    {
                        _mode = Mode.Array;
                        _pos++;
                    }
                    else
                    {
                        _mode = Mode.Lines;
                    }

                    continue;

                case Mode.Lines:
                {
                    var span = _buffer.AsSpan(_pos, _end - _pos);
                    var nl = span.IndexOf((byte)'\n');
                    int lineLength;
                    int next;
                    if (nl < 0)
                    {
                        if (!_eof)
                        {
                            if (span.Length > _maxRecord)
                            {
                                error = TooLong();
                                _pos = _end;
                                _discardingLine = true;
                                return FrameStatus.Error;
                            }

                            return FrameStatus.NeedData;
                        }

                        if (span.IsEmpty)
                        {
                            return FrameStatus.End;
                        }

                        lineLength = span.Length;
                        next = _end;
                    }
                    else
                    {
                        lineLength = nl;
                        next = _pos + nl + 1;
                    }

                    var start = _pos;
                    var line = _line;
                    _pos = next;
                    if (nl >= 0)
                    {
                        _line++;
                    }

                    if (lineLength > _maxRecord)
                    {
                        error = new FrameError($"The line is longer than MaxRecordBytes ({_maxRecord} bytes).", line, _bufferStart + start, Excerpt(_buffer.AsSpan(start, lineLength)), Fatal: false);
                        return FrameStatus.Error;
                    }

                    var content = _buffer.AsSpan(start, lineLength);
                    var trimmed = content.TrimStart(" \t\r"u8);
                    if (trimmed.TrimEnd(" \t\r"u8).IsEmpty)
                    {
                        continue;
                    }

                    var leading = content.Length - trimmed.Length;
                    frame = new Frame(start + leading, lineLength - leading, line, _bufferStart + start + leading, IsLine: true);
                    return FrameStatus.Value;
                }

                case Mode.MultiLineValue:
                case Mode.Array:
                {
                    if (_mode == Mode.Array)
                    {
                        if (!SkipWhitespace(allowCommas: true))
                        {
                            if (_eof)
                            {
                                error = new FrameError("The JSON array is not closed: the file ends before ']'.", _line, _bufferStart + _pos, "", Fatal: true);
                                _mode = Mode.Failed;
                                return FrameStatus.Error;
                            }

                            return FrameStatus.NeedData;
                        }

                        if (_buffer[_pos] == (byte)']')
                        {
                            _pos++;
                            _mode = Mode.Start;
                            continue;
                        }
                    }

                    var inArray = _mode == Mode.Array;
                    var status = FrameValue(out frame, out error);
                    if (status == FrameStatus.Error && inArray)
                    {
                        error = error with { Fatal = true };
                        _mode = Mode.Failed;
                    }

                    return status;
                }

                default:
                    return FrameStatus.End;
            }
        }
    }

    /// <summary>
    /// After a line failed to parse: if it is the start of a JSON value that continues on later lines, rewinds so
    /// that <see cref="Next"/> frames the whole value, and returns <see langword="true"/>.
    /// </summary>
    public bool TryContinueOnNextLines(in Frame frame)
    {
        if (!frame.IsLine)
        {
            return false;
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(frame.Start, frame.Length), isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return false;
            }

            if (reader.TrySkip())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        _pos = frame.Start;
        _line = frame.Line;
        _mode = Mode.MultiLineValue;
        return true;
    }

    private FrameStatus FrameValue(out Frame frame, out FrameError error)
    {
        frame = default;
        error = default;
        var span = _buffer.AsSpan(_pos, _end - _pos);
        var reader = new Utf8JsonReader(span, isFinalBlock: _eof, default);
        int length;
        try
        {
            var complete = reader.Read();
            if (complete && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                complete = reader.TrySkip();
            }

            if (!complete)
            {
                if (span.Length > _maxRecord)
                {
                    error = TooLong();
                    _pos = _end;
                    _discardingLine = true;
                    _mode = Mode.Lines;
                    return FrameStatus.Error;
                }

                return FrameStatus.NeedData;
            }

            length = (int)reader.BytesConsumed;
        }
        catch (JsonException ex)
        {
            var line = _line;
            var offset = _bufferStart + _pos;
            var firstLine = FirstLine(span);
            var reason = _eof && ex.Message.Contains("end of", StringComparison.OrdinalIgnoreCase)
                ? "The file ends in the middle of a JSON value (truncated?)."
                : $"Malformed JSON (found on line {line + (ex.LineNumber ?? 0)}): {ex.Message}";
            error = new FrameError(reason, line, offset, Excerpt(firstLine), Fatal: false);

            // Skip the line the value started on and go on line by line.
            _mode = Mode.Lines;
            _pos += firstLine.Length;
            if (_pos < _end)
            {
                _pos++;
                _line++;
            }

            return FrameStatus.Error;
        }

        frame = new Frame(_pos, length, _line, _bufferStart + _pos, IsLine: false);
        _line += span[..length].Count((byte)'\n');
        _pos += length;
        if (_mode == Mode.MultiLineValue)
        {
            _mode = Mode.Lines;
        }

        return FrameStatus.Value;
    }

    private bool SkipWhitespace(bool allowCommas)
    {
        while (_pos < _end)
        {
            var b = _buffer[_pos];
            if (b == (byte)'\n')
            {
                _line++;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r') && !(allowCommas && b == (byte)','))
            {
                return true;
            }

            _pos++;
        }

        return false;
    }

    private FrameError TooLong() =>
        new($"The record is longer than MaxRecordBytes ({_maxRecord} bytes); raise ReportReaderOptions.MaxRecordBytes if the file is genuine.",
            _line, _bufferStart + _pos, Excerpt(FirstLine(_buffer.AsSpan(_pos, _end - _pos))), Fatal: false);

    private static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> span)
    {
        var nl = span.IndexOf((byte)'\n');
        return nl < 0 ? span : span[..nl];
    }

    internal static string Excerpt(ReadOnlySpan<byte> bytes)
    {
        var slice = bytes.Length > ExcerptChars * 4 ? bytes[..(ExcerptChars * 4)] : bytes;
        var text = Encoding.UTF8.GetString(slice);
        var builder = new StringBuilder(Math.Min(text.Length, ExcerptChars) + 3);
        foreach (var c in text)
        {
            if (builder.Length >= ExcerptChars)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append(c switch { '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private long CountLinesRead()
    {
        // _line counts the line feeds before _pos; the bytes not yet framed may hold more.
        var pending = _buffer.AsSpan(_pos, _end - _pos).Count((byte)'\n');
        return _line - 1 + pending + (_lastByte == (byte)'\n' ? 0 : 1);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

internal enum FrameStatus
{
    Value,
    NeedData,
    Error,
    End,
}

/// <param name="Start">Index in the framer's buffer.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Line">1-based line number on which the value starts.</param>
/// <param name="Offset">Absolute byte offset of the value in the stream.</param>
/// <param name="IsLine">Framed as one NDJSON line.</param>
internal readonly record struct Frame(int Start, int Length, long Line, long Offset, bool IsLine);

internal readonly record struct FrameError(string Reason, long Line, long Offset, string Excerpt, bool Fatal);
