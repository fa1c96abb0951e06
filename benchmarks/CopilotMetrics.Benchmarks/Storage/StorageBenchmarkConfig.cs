using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// The storage benchmarks run in-process (a mutator, so it applies to whatever job the command line asks for, <c>--job
/// dry</c> included): they share one PostgreSQL server and one loaded data set per run. Adds the P50 and P95 columns
/// and, for the write benchmarks, rows/s.
/// </summary>
public sealed class StorageBenchmarkConfig : ManualConfig
{
    public StorageBenchmarkConfig()
    {
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)).AsMutator());
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new RowsPerSecondColumn());
    }
}

/// <summary>Sizes of the storage benchmarks' data.</summary>
internal static class StorageBenchmarkSize
{
    /// <summary>
    /// Whether this is a smoke run (<c>--job dry</c> on the command line; the storage benchmarks run in this process):
    /// then the data sets are 10× smaller so that CI stays quick. The figures in the README come from full runs.
    /// </summary>
    public static bool Smoke { get; } = IsDryRun(Environment.GetCommandLineArgs());

    private static bool IsDryRun(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] is "--job" or "-j" && args[i + 1].Equals("dry", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>rows/s = <see cref="StorageWriteBenchmarks.Rows"/> / Mean, for the write benchmarks.</summary>
internal sealed class RowsPerSecondColumn : IColumn
{
    public string Id => nameof(RowsPerSecondColumn);

    public string ColumnName => "rows/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Rows written per second: rows per operation / Mean (write benchmarks only)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.Type != typeof(StorageWriteBenchmarks))
        {
            return "-";
        }

        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (StorageWriteBenchmarks.Rows / (mean.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
