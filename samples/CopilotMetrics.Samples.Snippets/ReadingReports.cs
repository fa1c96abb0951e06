#region reading-reports-usings
using CopilotMetrics.Reports;
#endregion

namespace CopilotMetrics.Samples.Snippets;

/// <summary>The README's "Reading reports in your code", compiled (the README shows the region without the method around it).</summary>
internal static class ReadingReports
{
    /// <summary>Reads a per-user report file and prints one line per user.</summary>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>A task.</returns>
    public static async Task ReadAsync(CancellationToken ct)
    {
        #region reading-reports
        var statistics = new ReportReadStatistics { SourceName = "users-1-day.ndjson" };
        await using var file = File.OpenRead("users-1-day.ndjson");
        await foreach (UserDayRecord user in ReportReader.ReadUsersAsync(file, statistics: statistics, cancellationToken: ct))
        {
            Console.WriteLine($"{user.Day} {user.UserLogin}: {user.CodeAcceptanceActivityCount}/{user.CodeGenerationActivityCount}");
        }
        #endregion
    }
}
