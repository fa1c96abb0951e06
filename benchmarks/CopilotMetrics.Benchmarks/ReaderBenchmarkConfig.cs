using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CopilotMetrics.Benchmarks;

/// <summary>Adds throughput (MB/s) and allocation-per-record columns to the reader benchmarks.</summary>
public sealed class ReaderBenchmarkConfig : ManualConfig
{
    public ReaderBenchmarkConfig()
    {
        AddColumn(new ThroughputColumn(), new AllocatedPerRecordColumn());
    }
}

/// <summary>MB/s: the file's bytes (10^6 per MB) divided by the mean time per operation (one whole file).</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "File megabytes (10^6 B) read per second: file bytes / Mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (ReaderBenchmarkData.File(ShapeOf(benchmarkCase)).Length / 1e6 / (mean.Value / 1e9)).ToString("N1", CultureInfo.InvariantCulture) : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    /// <summary>The file shape a case reads (its <c>Shape</c> parameter).</summary>
    internal static string ShapeOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ReaderBenchmarks.Shape))?.Value as string ?? ReaderBenchmarkData.NewShape;
}

/// <summary>Bytes allocated per record, and that as a multiple of the average line length.</summary>
internal sealed class AllocatedPerRecordColumn : IColumn
{
    public string Id => nameof(AllocatedPerRecordColumn);

    public string ColumnName => "Alloc/record";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Allocated bytes per record (Allocated / 10,000) and, in brackets, as a multiple of the average line length of the file read";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report is null || report.ResultStatistics is null)
        {
            return "NA";
        }

        var perRecord = (double)report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase)! / ReaderBenchmarkData.Records;
        var ratio = perRecord / ReaderBenchmarkData.AverageLineBytes(ThroughputColumn.ShapeOf(benchmarkCase));
        return string.Create(CultureInfo.InvariantCulture, $"{perRecord:N0} B ({ratio:N2}x)");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
