using System.Net;

namespace CopilotMetrics;

/// <summary>
/// A report file could not be downloaded whole: a failed status from the file host, an expired link that stayed
/// expired after the links were requested again, or a body cut short. Nothing of a failed file should be stored.
/// </summary>
public sealed class ReportDownloadException : CopilotMetricsException
{
    internal ReportDownloadException(string message, string location, HttpStatusCode? statusCode, bool isTruncated, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
        StatusCode = statusCode;
        IsTruncated = isTruncated;
    }

    /// <summary>Host and path of the file (the signed query string is never kept).</summary>
    public string Location { get; }

    /// <summary>The file host's status, when it answered with an error.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The body ended before its declared length, or the connection dropped mid-body.</summary>
    public bool IsTruncated { get; }
}
