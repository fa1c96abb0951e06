using System.ComponentModel.DataAnnotations;

namespace CopilotMetrics.Reports;

/// <summary>Options of <see cref="ReportReader"/>.</summary>
public sealed class ReportReaderOptions
{
    /// <summary>The default options.</summary>
    public static ReportReaderOptions Default { get; } = new();

    /// <summary>
    /// The largest record (one NDJSON line, or one multi-line JSON value) accepted, in bytes. A longer one is a
    /// <see cref="ReportFormatException"/> instead of unbounded buffering. Default 16 MiB; a whole 28-day
    /// aggregate report is one record.
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int MaxRecordBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>What to do with a malformed line. Default <see cref="MalformedLineHandling.Throw"/>.</summary>
    [EnumDataType(typeof(MalformedLineHandling), ErrorMessage = "The field {0} must be Throw or Skip.")]
    public MalformedLineHandling MalformedLines { get; set; } = MalformedLineHandling.Throw;

    /// <summary>
    /// Keep each record's original bytes in <see cref="IReportRecord.RawJson"/>. Off by default: it costs one
    /// copy of the record.
    /// </summary>
    public bool RetainRawJson { get; set; }

    /// <summary>The size of the buffer the reader starts with (grown up to <see cref="MaxRecordBytes"/> as needed). Default 64 KiB.</summary>
    [Range(16, int.MaxValue)]
    public int BufferSize { get; set; } = 64 * 1024;

    internal void Validate()
    {
        if (MaxRecordBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "MaxRecordBytes must be at least 1024.");
        }

        if (BufferSize < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "BufferSize must be at least 16.");
        }

        if (!Enum.IsDefined(MalformedLines))
        {
            throw new ArgumentOutOfRangeException(nameof(MalformedLines), MalformedLines, "Unknown MalformedLineHandling value.");
        }
    }
}
