namespace CopilotMetrics;

/// <summary>
/// Base of the few exception types CopilotMetrics throws. Catch it to handle every failure of the library in one place;
/// catch a derived type to act on its details.
/// </summary>
public class CopilotMetricsException : Exception
{
    /// <summary>Creates an exception with a message that says what went wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public CopilotMetricsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CopilotMetricsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
