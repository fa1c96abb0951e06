using System.IO.Compression;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Samples.Console.Reporting;

/// <summary>
/// Opens report files (plain or gzip-compressed) and streams them through <see cref="ReportReader"/> into a
/// <see cref="ReportSummary"/>. Nothing is loaded whole: memory stays bounded by the reader's buffer and the summary.
/// </summary>
public static class ReportFile
{
    private const int FileBufferSize = 64 * 1024;

    /// <summary>
    /// Whether the file is gzip-compressed, by its first two bytes (the gzip magic number 1f 8b) rather than its
    /// name: a <c>.gz</c> download is decompressed, and a plain file that happens to be named <c>.gz</c> still reads.
    /// </summary>
    public static bool IsGzip(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        Span<byte> magic = stackalloc byte[2];
        return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>
    /// Opens a file for reading: the file's bytes are counted (for progress, reported through
    /// <paramref name="onFileBytesRead"/>) and, for gzip files, decompressed on the fly.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="gzip">Decompress with <see cref="GZipStream"/>.</param>
    /// <param name="onFileBytesRead">Called with the bytes read from the file so far; optional.</param>
    /// <returns>The stream of report bytes; dispose it.</returns>
    public static Stream OpenRead(string path, bool gzip, Action<long>? onFileBytesRead = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        Stream stream = onFileBytesRead is null ? file : new CountingStream(file, onFileBytesRead);
        return gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false) : stream;
    }

    /// <summary>Detects a file's kind from its first record (opens the file, peeks, closes it).</summary>
    public static async Task<DetectionResult> DetectKindAsync(string path, bool gzip, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(path, gzip);
        return await ReportKindDetector.DetectAsync(stream, cancellationToken);
    }

    /// <summary>Reads every record of <paramref name="stream"/> as <see cref="ReportSummary.Kind"/> into <paramref name="summary"/>.</summary>
    /// <exception cref="ReportFormatException">A malformed record under <see cref="MalformedLineHandling.Throw"/>.</exception>
    public static async Task SummarizeAsync(Stream stream, ReportSummary summary, ReportReaderOptions options, ReportReadStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        switch (summary.Kind)
        {
            case ReportKind.Users:
                await foreach (var record in ReportReader.ReadUsersAsync(stream, options, statistics, cancellationToken))
                {
                    summary.Add(record);
                }

                break;

            case ReportKind.Aggregate:
                await foreach (var record in ReportReader.ReadAggregateDaysAsync(stream, options, statistics, cancellationToken))
                {
                    summary.Add(record);
                }

                break;

            case ReportKind.UserTeams:
                await foreach (var record in ReportReader.ReadUserTeamsAsync(stream, options, statistics, cancellationToken))
                {
                    summary.Add(record);
                }

                break;

            case ReportKind.Repositories:
                await foreach (var record in ReportReader.ReadRepositoriesAsync(stream, options, statistics, cancellationToken))
                {
                    summary.Add(record);
                }

                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(summary), summary.Kind, "Unknown report kind.");
        }
    }
}
