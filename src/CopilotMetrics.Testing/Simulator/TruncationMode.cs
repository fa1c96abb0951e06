namespace CopilotMetrics.Testing;

/// <summary>How a <see cref="FaultKind.TruncatedBody"/> fault cuts a download short.</summary>
public enum TruncationMode
{
    /// <summary>The full <c>Content-Length</c> is declared but only about half of the bytes are sent.</summary>
    ShortBody = 0,

    /// <summary>About half of the bytes are sent, then reading the body throws <see cref="IOException"/> (a dropped connection).</summary>
    DroppedConnection = 1,
}
