namespace CopilotMetrics;

/// <summary>
/// GitHub's answer to a report request: short-lived signed links to the report's files, in order. The links are
/// secrets until they expire: do not log them (<see cref="ToString"/> shows hosts and paths only).
/// </summary>
public sealed class ReportLinks
{
    internal ReportLinks(MetricsScope scope, ReportType report, DateOnly? requestedDay, IReadOnlyList<Uri> downloadLinks, DateOnly? reportDay, DateOnly? reportStartDay, DateOnly? reportEndDay, string? requestId)
    {
        Scope = scope;
        Report = report;
        RequestedDay = requestedDay;
        DownloadLinks = downloadLinks;
        ReportDay = reportDay;
        ReportStartDay = reportStartDay;
        ReportEndDay = reportEndDay;
        RequestId = requestId;
    }

    /// <summary>The scope asked for.</summary>
    public MetricsScope Scope { get; }

    /// <summary>The report asked for.</summary>
    public ReportType Report { get; }

    /// <summary>The day asked for (1-day reports); <see langword="null"/> for the 28-day "latest" reports.</summary>
    public DateOnly? RequestedDay { get; }

    /// <summary>The signed links to the report's files, in order (there may be several).</summary>
    public IReadOnlyList<Uri> DownloadLinks { get; }

    /// <summary>The day the report covers (1-day reports).</summary>
    public DateOnly? ReportDay { get; }

    /// <summary>The first day of the window (28-day reports).</summary>
    public DateOnly? ReportStartDay { get; }

    /// <summary>The last day of the window (28-day reports).</summary>
    public DateOnly? ReportEndDay { get; }

    /// <summary>GitHub's <c>x-github-request-id</c> for the request, for support.</summary>
    public string? RequestId { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Scope} {Report} {(ReportDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? $"{ReportStartDay:yyyy-MM-dd}..{ReportEndDay:yyyy-MM-dd}")}: " +
        string.Join(", ", DownloadLinks.Select(Redact.Url));
}
