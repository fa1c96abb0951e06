using CopilotMetrics.Auth;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CopilotMetrics;

/// <summary>The named <see cref="HttpClient"/>s CopilotMetrics registers.</summary>
internal static class HttpClientNames
{
    public const string Api = "CopilotMetrics.GitHubApi";
    public const string Downloads = "CopilotMetrics.Downloads";
}
