namespace CopilotMetrics.Testing;

/// <summary>Which of the simulator's endpoints a fault applies to (and which endpoint a logged request went to).</summary>
[Flags]
public enum FaultTarget
{
    /// <summary>No endpoint: a request the simulator could not route.</summary>
    None = 0,

    /// <summary>The report endpoints on the API host, which answer with the envelope of signed links.</summary>
    Envelope = 1,

    /// <summary>The signed report file downloads on the download host.</summary>
    Download = 2,

    /// <summary>The seats endpoints (<c>…/copilot/billing/seats</c>).</summary>
    Seats = 4,

    /// <summary>Every endpoint.</summary>
    Any = Envelope | Download | Seats,
}
