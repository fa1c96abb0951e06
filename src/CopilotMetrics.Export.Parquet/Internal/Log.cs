using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Export.Parquet.Internal;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Exported {Scope} {Range} to Parquet: {Partitions} partitions, {Rows} rows, {Bytes} bytes.")]
    public static partial void Exported(ILogger logger, string scope, string range, int partitions, long rows, long bytes);

    [LoggerMessage(2, LogLevel.Debug, "Exported {Scope} {Dataset} {Day} to Parquet: {Partitions} partitions, {Rows} rows.")]
    public static partial void ExportedDay(ILogger logger, string scope, string dataset, DateOnly day, int partitions, long rows);
}
