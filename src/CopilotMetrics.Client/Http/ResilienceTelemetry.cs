using Polly.Telemetry;

namespace CopilotMetrics.Http;

/// <summary>
/// The telemetry of the client's two resilience pipelines: Polly logs every execution attempt, and at Information a
/// successful one (a 28-day sync of one organization makes some 170 of them). Here successful attempts and finished
/// executions are logged at Debug; retried and failed attempts, timeouts and retries keep their Warning and Error.
/// Only these pipelines change: the application's other pipelines keep the global <see cref="TelemetryOptions"/>.
/// </summary>
internal static class ResilienceTelemetry
{
    /// <summary>Polly's event for one attempt (<c>Handled</c> false: it succeeded or was not retried).</summary>
    internal const string ExecutionAttempt = "ExecutionAttempt";

    /// <summary>Polly's event for a finished pipeline execution.</summary>
    internal const string PipelineExecuted = "PipelineExecuted";

    /// <summary>
    /// A copy of the application's telemetry options (its logger factory, listeners, enrichers and result formatter
    /// kept) with the quiet severities, unless the application set a <see cref="TelemetryOptions.SeverityProvider"/>
    /// of its own: then its choice stands.
    /// </summary>
    /// <param name="global">The options the application configured (<c>services.Configure&lt;TelemetryOptions&gt;</c>).</param>
    /// <returns>The options for the client's pipelines.</returns>
    public static TelemetryOptions For(TelemetryOptions global)
    {
        var options = new TelemetryOptions(global);
        options.SeverityProvider ??= Severity;
        return options;
    }

    /// <summary>The severity of an event of the client's pipelines.</summary>
    /// <param name="args">The event.</param>
    /// <returns>Debug for a successful attempt or a finished execution, the event's own severity otherwise.</returns>
    internal static ResilienceEventSeverity Severity(SeverityProviderArguments args) =>
        args.Event is { Severity: ResilienceEventSeverity.Information, EventName: ExecutionAttempt or PipelineExecuted }
            ? ResilienceEventSeverity.Debug
            : args.Event.Severity;
}
