using CopilotMetrics.Reports.Internal;

namespace CopilotMetrics.Reports;

/// <summary>
/// Counts what a read saw. Pass one instance to several reads (for example every file of one report) to add them up.
/// Not thread-safe: give each concurrent read its own.
/// </summary>
public sealed class ReportReadStatistics
{
    private readonly List<ReportFormatException> _skipped = [];
    private Dictionary<string, long>? _unknown;

    /// <summary>The most skipped-line errors kept in <see cref="SkippedLineErrors"/>; the count goes on past it.</summary>
    public const int MaxKeptErrors = 100;

    /// <summary>A name for the file being read (a file name or a URL path, never a signed query string), quoted in errors.</summary>
    public string? SourceName { get; set; }

    /// <summary>Records yielded.</summary>
    public long Records { get; internal set; }

    /// <summary>Lines read, counted by line feeds (a last line without one counts too).</summary>
    public long Lines { get; internal set; }

    /// <summary>Bytes read from the streams.</summary>
    public long BytesRead { get; internal set; }

    /// <summary>Malformed lines skipped under <see cref="MalformedLineHandling.Skip"/>.</summary>
    public long SkippedLines { get; internal set; }

    /// <summary>The first <see cref="MaxKeptErrors"/> skipped lines, with line numbers and reasons.</summary>
    public IReadOnlyList<ReportFormatException> SkippedLineErrors => _skipped;

    /// <summary>The most distinct unknown property paths kept in <see cref="UnknownProperties"/>; a file cannot make it grow past this.</summary>
    public const int MaxKeptUnknownProperties = 100;

    /// <summary>The longest unknown property path kept, in characters; a longer one is counted in <see cref="UnknownPropertiesNotKept"/>.</summary>
    public const int MaxUnknownPropertyPathLength = 200;

    /// <summary>
    /// Properties no record type models, by path (<c>totals_by_x</c>, <c>totals_by_ide[].new_field</c>,
    /// <c>pull_requests.new_counter</c>), with how many objects carried each (every entry of a list counts). They are
    /// still kept, in <see cref="ReportObject.AdditionalProperties"/>. At most <see cref="MaxKeptUnknownProperties"/>
    /// paths; names only, never values.
    /// </summary>
    public IReadOnlyDictionary<string, long> UnknownProperties => (IReadOnlyDictionary<string, long>?)_unknown ?? EmptyUnknown;

    /// <summary>Occurrences of unknown properties whose paths were not kept: past <see cref="MaxKeptUnknownProperties"/> paths, or longer than <see cref="MaxUnknownPropertyPathLength"/>.</summary>
    public long UnknownPropertiesNotKept { get; private set; }

    private static readonly Dictionary<string, long> EmptyUnknown = [];

    internal void AddUnknownProperties(ReportObject record) => UnknownPropertyWalk.Collect(record, this);

    internal void AddUnknownProperty(string path)
    {
        _unknown ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (_unknown.TryGetValue(path, out var count))
        {
            _unknown[path] = count + 1;
        }
        else if (_unknown.Count < MaxKeptUnknownProperties && path.Length <= MaxUnknownPropertyPathLength)
        {
            _unknown[path] = 1;
        }
        else
        {
            UnknownPropertiesNotKept++;
        }
    }

    internal void AddSkipped(ReportFormatException error)
    {
        SkippedLines++;
        if (_skipped.Count < MaxKeptErrors)
        {
            _skipped.Add(error);
        }
    }
}
