using System.Text.Json;

namespace CopilotMetrics.Samples.Console.Reporting;

/// <summary>
/// Tells the kind of a report from the property names of its first record: <c>day_totals</c> or
/// <c>daily_active_users</c> → aggregate; <c>team_id</c> → user-teams; <c>user_id</c> → users;
/// <c>repo_id</c> or <c>repo_name</c> → repos. Only the first <see cref="PeekBytes"/> bytes are looked at.
/// </summary>
public static class ReportKindDetector
{
    /// <summary>How many bytes of the start of a file are enough to detect its kind.</summary>
    public const int PeekBytes = 64 * 1024;

    /// <summary>
    /// Reads up to <see cref="PeekBytes"/> bytes from <paramref name="stream"/> and detects the kind. The stream is
    /// consumed: re-open the file (or rewind) to read the records.
    /// </summary>
    /// <returns>The kind (<see langword="null"/> when no record in the peeked bytes says), and whether the file is empty.</returns>
    public static async Task<DetectionResult> DetectAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[PeekBytes];
        var length = 0;
        var endOfStream = false;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                endOfStream = true;
                break;
            }

            length += read;
        }

        var head = buffer.AsSpan(0, length);
        var content = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        var empty = endOfStream && content.Trim(" \t\r\n"u8).IsEmpty;
        return new DetectionResult(Detect(head, endOfStream), empty);
    }

    /// <summary>Detects the kind from the start of a file.</summary>
    /// <param name="head">The first bytes of the file (UTF-8).</param>
    /// <param name="isWholeFile">Whether <paramref name="head"/> is the whole file.</param>
    /// <returns>The kind, or <see langword="null"/> when no record says.</returns>
    public static ReportKind? Detect(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        // Try the first record; when it is not JSON (a malformed first line), try the record on the next line.
        while (!head.IsEmpty)
        {
            var kind = DetectFirstRecord(head, isWholeFile);
            if (kind is not null)
            {
                return kind;
            }

            var newline = head.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            head = head[(newline + 1)..];
        }

        return null;
    }

    private static ReportKind? DetectFirstRecord(ReadOnlySpan<byte> json, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock, default);
        bool team = false, user = false, repo = false;
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            // A file may be a JSON array of records rather than NDJSON.
            if (reader.TokenType == JsonTokenType.StartArray && !reader.Read())
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var recordDepth = reader.CurrentDepth;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == recordDepth)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != recordDepth + 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("day_totals"u8) || reader.ValueTextEquals("daily_active_users"u8))
                {
                    return ReportKind.Aggregate;
                }

                team |= reader.ValueTextEquals("team_id"u8);
                user |= reader.ValueTextEquals("user_id"u8);
                repo |= reader.ValueTextEquals("repo_id"u8) || reader.ValueTextEquals("repo_name"u8);
            }
        }
        catch (JsonException)
        {
            // Malformed after some properties: decide from what was seen, if anything.
        }

        return team ? ReportKind.UserTeams
            : user ? ReportKind.Users
            : repo ? ReportKind.Repositories
            : null;
    }
}

/// <summary>The outcome of <see cref="ReportKindDetector.DetectAsync"/>.</summary>
/// <param name="Kind">The detected kind, or <see langword="null"/>.</param>
/// <param name="IsEmpty">The file holds nothing but white space.</param>
public readonly record struct DetectionResult(ReportKind? Kind, bool IsEmpty);
