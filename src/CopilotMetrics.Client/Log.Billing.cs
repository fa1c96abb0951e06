using Microsoft.Extensions.Logging;

namespace CopilotMetrics;

/// <content>The billing endpoints' log messages.</content>
internal static partial class Log
{
    [LoggerMessage(1009, LogLevel.Debug, "Requesting AI credit usage of {Scope} for {Period}")]
    public static partial void RequestingAiCreditUsage(ILogger logger, MetricsScope scope, string period);

    [LoggerMessage(1010, LogLevel.Debug, "AI credit usage of {Scope} for {Period}: {Items} item(s), {Credits} credits")]
    public static partial void AiCreditUsage(ILogger logger, MetricsScope scope, string period, int items, decimal credits);

    [LoggerMessage(1011, LogLevel.Debug, "Requesting the Copilot subscription of {Scope}")]
    public static partial void RequestingCopilotBilling(ILogger logger, MetricsScope scope);
}
