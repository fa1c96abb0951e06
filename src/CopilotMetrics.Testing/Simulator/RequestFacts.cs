namespace CopilotMetrics.Testing;

/// <summary>What the simulator knows about a request when it looks for faults.</summary>
internal readonly record struct RequestFacts(FaultTarget Target, MetricsScope? Scope, ReportType? Report, DateOnly? Day, int? FileIndex);
