using CopilotMetrics.Reports;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// The files the reader benchmarks read: a <c>users-1-day</c> report of 10,000 users generated with the deterministic
/// <see cref="ReportDataGenerator"/>, in two shapes: the June 2026 rows the first figures were measured on, and an
/// October 2026 day that carries every field GitHub added July–September 2026 in the generator's proportions (Copilot app,
/// VS Code Agents window and third-party agents for a minority, CLI customizations for the CLI users). Generated
/// identically in the host process (for the columns) and in each benchmark process.
/// </summary>
public static class ReaderBenchmarkData
{
    public const int Records = 10_000;

    /// <summary>The June 2026 shape (2026-06-03, a Wednesday): the file of the earlier results.</summary>
    public const string OldShape = "2026-06";

    /// <summary>The October 2026 shape (2026-10-07, a Wednesday): every new field.</summary>
    public const string NewShape = "2026-10";

    /// <summary>The day of the June file (also the day the client benchmark fetches).</summary>
    public static readonly DateOnly Day = new(2026, 6, 3);

    /// <summary>The day of the October file.</summary>
    public static readonly DateOnly NewShapeDay = new(2026, 10, 7);

    private static readonly Lazy<byte[]> LazyOld = new(() => Generate(Day));
    private static readonly Lazy<byte[]> LazyNew = new(() => Generate(NewShapeDay));

    public static byte[] File(string shape) => shape == OldShape ? LazyOld.Value : LazyNew.Value;

    public static double AverageLineBytes(string shape) => (double)File(shape).Length / Records;

    private static byte[] Generate(DateOnly day)
    {
        // 16,000 seats give about 10,400 active users on a weekday; the file keeps the first 10,000.
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = 16_000 });
        var records = generator.GenerateUsers(day).Take(Records).ToList();
        if (records.Count != Records)
        {
            throw new InvalidOperationException($"Expected {Records} records on {day}, got {records.Count}.");
        }

        return ReportDataGenerator.ToNdjson<UserDayRecord>(records);
    }
}
