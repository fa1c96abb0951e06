namespace CopilotMetrics;

/// <summary>Facts about <see cref="ReportType"/>.</summary>
public static class ReportTypes
{
    /// <summary>Every report type.</summary>
    public static IReadOnlyList<ReportType> All { get; } =
        [ReportType.Aggregate1Day, ReportType.Aggregate28Day, ReportType.Users1Day, ReportType.Users28Day, ReportType.UserTeams1Day, ReportType.Repositories1Day];

    /// <summary>Whether the report is asked for one day (<c>?day=</c>); the 28-day reports are "latest" only.</summary>
    /// <param name="type">The report.</param>
    /// <returns><see langword="true"/> for the 1-day reports.</returns>
    public static bool IsDaily(this ReportType type) => type is not (ReportType.Aggregate28Day or ReportType.Users28Day);
}
