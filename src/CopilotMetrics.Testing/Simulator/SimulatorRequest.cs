using System.Net;

namespace CopilotMetrics.Testing;

/// <summary>A request the <see cref="GitHubSimulator"/> answered, as logged in <see cref="GitHubSimulator.Requests"/>.</summary>
public sealed class SimulatorRequest
{
    internal SimulatorRequest()
    {
    }

    /// <summary>When the request arrived, on the simulator's clock.</summary>
    public DateTimeOffset Timestamp { get; internal init; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; internal init; } = "";

    /// <summary>The host the request went to.</summary>
    public string Host { get; internal init; } = "";

    /// <summary>The path (unescaped), for example <c>/orgs/octo-org/copilot/metrics/reports/users-1-day</c>.</summary>
    public string Path { get; internal init; } = "";

    /// <summary>The query string with its leading <c>?</c>, or empty. Download queries carry the link signature.</summary>
    public string Query { get; internal init; } = "";

    /// <summary>Whether the request carried an <c>Authorization</c> header.</summary>
    public bool HasAuthorization { get; internal init; }

    /// <summary>The status the simulator answered with.</summary>
    public HttpStatusCode StatusCode { get; internal set; }

    /// <summary>The endpoint: envelope, download or seats; <see cref="FaultTarget.None"/> for a request that matched none.</summary>
    public FaultTarget Target { get; internal set; }

    /// <summary>The organization or enterprise the request was about, when known.</summary>
    public MetricsScope? Scope { get; internal set; }

    /// <summary>The report, for envelopes and downloads.</summary>
    public ReportType? Report { get; internal set; }

    /// <summary>The day asked for (1-day reports) or the window's last day (28-day reports).</summary>
    public DateOnly? Day { get; internal set; }

    /// <summary>The file of the report (0-based), for downloads.</summary>
    public int? FileIndex { get; internal set; }

    /// <summary>The fault applied to the request, if any (latency faults are not recorded here).</summary>
    public FaultKind? Fault { get; internal set; }

    /// <summary>The <c>x-github-request-id</c> the simulator answered with.</summary>
    public string RequestId { get; internal init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Host}{Path} -> {(int)StatusCode}" + (Fault is { } f ? $" ({f})" : "");
}
