using System.Runtime.CompilerServices;
using System.Text.Json;
using CopilotMetrics.Reports.Internal;

namespace CopilotMetrics.Reports;

/// <summary>
/// Streams the records of a Copilot usage metrics report file. Accepts NDJSON (LF or CRLF, blank lines, a UTF-8
/// byte order mark, a last line without a newline), a file that is one JSON object, a JSON array of records and,
/// for aggregate reports, the 28-day wrapper (whose day records are yielded). Memory stays bounded by the largest
/// record, never the file; cancellation is checked between records.
/// </summary>
/// <remarks>
/// A malformed record (broken JSON, a wrong type, a missing required property, a negative count) throws
/// <see cref="ReportFormatException"/> (with line number, byte offset and an excerpt) after every good record before it has
/// been yielded, or is skipped and counted under <see cref="MalformedLineHandling.Skip"/>. A record of another report (a
/// per-user row handed to <see cref="ReadAggregateDaysAsync"/>, for example) always throws, with
/// <see cref="ReportFormatException.FoundReportType"/> set: skipping it would turn a wrong file into an empty read. The
/// stream is read, never disposed.
/// </remarks>
public static class ReportReader
{
    /// <summary>Reads a <c>users-1-day</c> or <c>users-28-day</c> report: one record per user and day.</summary>
    /// <param name="utf8Json">The report file's bytes.</param>
    /// <param name="options">Reader options; <see cref="ReportReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, in file order.</returns>
    public static IAsyncEnumerable<UserDayRecord> ReadUsersAsync(Stream utf8Json, ReportReaderOptions? options = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadAsync(utf8Json, new UserDayRecordParser(), options, statistics, cancellationToken);

    /// <summary>Reads an aggregate report (<c>organization-1-day</c>, <c>enterprise-1-day</c> or their 28-day wrappers): one record per day.</summary>
    /// <param name="utf8Json">The report file's bytes.</param>
    /// <param name="options">Reader options; <see cref="ReportReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The day records, in file order.</returns>
    public static IAsyncEnumerable<AggregateDayRecord> ReadAggregateDaysAsync(Stream utf8Json, ReportReaderOptions? options = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadAsync(utf8Json, new AggregateDayRecordParser(), options, statistics, cancellationToken);

    /// <summary>Reads a <c>user-teams-1-day</c> report: one record per user and team.</summary>
    /// <param name="utf8Json">The report file's bytes.</param>
    /// <param name="options">Reader options; <see cref="ReportReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, in file order.</returns>
    public static IAsyncEnumerable<UserTeamRecord> ReadUserTeamsAsync(Stream utf8Json, ReportReaderOptions? options = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadAsync(utf8Json, new SerializerRecordParser<UserTeamRecord>(ReportJsonContext.Default.UserTeamRecord, "a user-teams-1-day record", ReportType.UserTeams1Day), options, statistics, cancellationToken);

    /// <summary>Reads a <c>repos-1-day</c> report: one record per repository.</summary>
    /// <param name="utf8Json">The report file's bytes.</param>
    /// <param name="options">Reader options; <see cref="ReportReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="statistics">Receives counts and skipped lines; optional.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, in file order.</returns>
    public static IAsyncEnumerable<RepositoryDayRecord> ReadRepositoriesAsync(Stream utf8Json, ReportReaderOptions? options = null, ReportReadStatistics? statistics = null, CancellationToken cancellationToken = default) =>
        ReadAsync(utf8Json, new SerializerRecordParser<RepositoryDayRecord>(ReportJsonContext.Default.RepositoryDayRecord, "a repos-1-day record", ReportType.Repositories1Day), options, statistics, cancellationToken);

    private static IAsyncEnumerable<T> ReadAsync<T>(Stream utf8Json, RecordParser<T> parser, ReportReaderOptions? options, ReportReadStatistics? statistics, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        options ??= ReportReaderOptions.Default;
        options.Validate();
        parser.Statistics = statistics;
        return ReadCoreAsync(utf8Json, parser, options, statistics, cancellationToken);
    }

    private static async IAsyncEnumerable<T> ReadCoreAsync<T>(Stream utf8Json, RecordParser<T> parser, ReportReaderOptions options, ReportReadStatistics? statistics, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var framer = new ReportFramer(utf8Json, options);
        var batch = new List<T>();
        long bytesReported = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var status = framer.Next(out var frame, out var frameError);
                ReportFormatException? error = null;
                switch (status)
                {
                    case FrameStatus.NeedData:
                        await framer.FillAsync(cancellationToken).ConfigureAwait(false);
                        if (statistics is not null)
                        {
                            statistics.BytesRead += framer.BytesRead - bytesReported;
                            bytesReported = framer.BytesRead;
                        }

                        continue;

                    case FrameStatus.End:
                        yield break;

                    case FrameStatus.Error:
                        error = new ReportFormatException(frameError.Reason, statistics?.SourceName, frameError.Line, frameError.Offset, frameError.Excerpt, null);
                        if (frameError.Fatal)
                        {
                            throw error;
                        }

                        break;

                    case FrameStatus.Value:
                        batch.Clear();
                        error = TryParse(framer, frame, parser, options.RetainRawJson, batch, statistics?.SourceName);
                        if (error is null)
                        {
                            foreach (var record in batch)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                if (statistics is not null)
                                {
                                    statistics.Records++;
                                }

                                yield return record;
                            }

                            continue;
                        }

                        if (error.FoundReportType is null && framer.TryContinueOnNextLines(frame))
                        {
                            continue;
                        }

                        break;
                }

                // A record of another report is never skipped: skipping would turn a wrong file into an empty read.
                if (options.MalformedLines == MalformedLineHandling.Throw || error!.FoundReportType is not null)
                {
                    throw error!;
                }

                statistics?.AddSkipped(error!);
            }
        }
        finally
        {
            if (statistics is not null)
            {
                statistics.Lines += framer.LinesRead;
            }
        }
    }

    private static ReportFormatException? TryParse<T>(ReportFramer framer, in Frame frame, RecordParser<T> parser, bool retainRawJson, List<T> output, string? source)
        where T : class
    {
        var json = framer.Span(frame);
        try
        {
            parser.Parse(json, retainRawJson, output);
            return null;
        }
        catch (JsonException ex)
        {
            var (line, offset) = Locate(json, frame, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            return new ReportFormatException(Reason(ex), source, line, offset, ReportFramer.Excerpt(json), ex);
        }
        catch (RecordFormatException ex)
        {
            var position = (int)Math.Clamp(ex.BytePosition, 0, json.Length);
            var lines = json[..position].Count((byte)'\n');
            return new ReportFormatException(ex.Message, source, frame.Line + lines, frame.Offset + position, ReportFramer.Excerpt(json), ex, ex.FoundReportType);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return new ReportFormatException(ex.Message, source, frame.Line, frame.Offset, ReportFramer.Excerpt(json), ex);
        }
    }

    private static string Reason(JsonException ex)
    {
        // The serializer's messages start with the path; keep them, minus the trailing location we report ourselves.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static (long Line, long Offset) Locate(ReadOnlySpan<byte> json, in Frame frame, long lineInValue, long byteInLine)
    {
        var lineStart = 0;
        for (var i = 0; i < lineInValue; i++)
        {
            var next = json[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        return (frame.Line + lineInValue, frame.Offset + lineStart + byteInLine);
    }
}
