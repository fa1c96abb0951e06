using CopilotMetrics.Reports;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// The file the reader benchmarks read: a <c>users-1-day</c> report of 10,000 users generated with the
/// deterministic <see cref="ReportDataGenerator"/>. Generated identically in the host process (for the columns)
/// and in each benchmark process.
/// </summary>
public static class ReaderBenchmarkData
{
    public const int Records = 10_000;

    public static readonly DateOnly Day = new(2026, 6, 3);

    private static readonly Lazy<byte[]> LazyFile = new(Generate);

    public static byte[] File => LazyFile.Value;

    public static double AverageLineBytes => (double)File.Length / Records;

    private static byte[] Generate()
    {
        // 16,000 seats give about 10,400 active users on a weekday; the file keeps the first 10,000.
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = 16_000 });
        var records = generator.GenerateUsers(Day).Take(Records).ToList();
        if (records.Count != Records)
        {
            throw new InvalidOperationException($"Expected {Records} records, got {records.Count}.");
        }

        return ReportDataGenerator.ToNdjson<UserDayRecord>(records);
    }
}
