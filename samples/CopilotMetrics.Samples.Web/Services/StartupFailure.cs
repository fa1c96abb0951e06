using System.Data.Common;
using System.Net.Sockets;
using System.Reflection;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// Why the host could not start, as one line and an exit code (the CLI's codes): 2 for a bad setting (every problem,
/// as <see cref="WebSettings.ThrowIfAny"/> lists them), 4 for a database that cannot be reached or refuses the
/// connection. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class StartupFailure
{
    /// <summary>A bad setting.</summary>
    public const int Configuration = 2;

    /// <summary>The database (or another service the start needs) is unreachable.</summary>
    public const int Unavailable = 4;

    /// <summary>Whether this process is the sample itself (not a test host that runs its entry point and wants the exception).</summary>
    public static bool IsOwnProcess => Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    /// <summary>The exit code for a start-up failure this host explains, or <see langword="null"/> for a bug.</summary>
    public static int? ExitCode(Exception exception) => Unwrap(exception) switch
    {
        InvalidOperationException { Message: var m } when m.StartsWith("Invalid configuration:", StringComparison.Ordinal) => Configuration,
        Microsoft.Extensions.Options.OptionsValidationException => Configuration,
        InvalidDataException => Configuration, // appsettings.json is not valid JSON
        DbException or SocketException or TimeoutException => Unavailable,
        _ => null,
    };

    /// <summary>The line to print: what failed and what to check, never a connection string.</summary>
    public static string Describe(Exception exception)
    {
        var inner = Unwrap(exception);
        var message = inner.Message.ReplaceLineEndings("; ").Replace("Invalid configuration:; ", "Invalid configuration: ", StringComparison.Ordinal);
        return ExitCode(exception) == Unavailable
            ? $"error: the database is unreachable: {message} Check DATABASE_URL and that the database accepts connections."
            : $"error: {message}";
    }

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }
}
