using CopilotMetrics.Reports;

namespace CopilotMetrics;

internal delegate IAsyncEnumerable<T> ReportParser<T>(Stream utf8Json, ReportReaderOptions? options, ReportReadStatistics? statistics, CancellationToken cancellationToken);
