using CopilotMetrics.Samples.Console.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console;

/// <summary>Error output (to standard error) and exit codes shared by the commands.</summary>
public static class CliErrors
{
    /// <summary>A Spectre console on standard error, so errors stay apart from a report piped to a file.</summary>
    /// <remarks>Settable so that tests can capture it.</remarks>
    public static IAnsiConsole Console { get; set; } = CreateErrorConsole();

    private static IAnsiConsole CreateErrorConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        if (System.Console.IsErrorRedirected)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
        }

        return console;
    }

    /// <summary>The process's signal handlers (Program.cs sets them), for the exit code of a cancelled command; <see langword="null"/> in tests.</summary>
    public static CliSignals? Signals { get; set; }

    /// <summary>
    /// The app's exception handler: command-line mistakes exit with <see cref="ExitCodes.Usage"/>, a cancelled command
    /// with <see cref="ExitCodes.Cancelled"/> or <see cref="ExitCodes.Terminated"/>, output that cannot be written with
    /// <see cref="ExitCodes.OutputFailed"/> — each with one line —; anything else is a bug.
    /// </summary>
    public static int Handle(Exception exception, ITypeResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Find<OperationCanceledException>(exception) is not null && Signals?.Token.IsCancellationRequested != false)
        {
            var signal = Signals?.Received;
            Console.MarkupLineInterpolated($"[yellow]Cancelled{(signal is null ? "" : $" by {signal}")}:[/] stopped between records; what was stored stays, and sync claims were released. Run the command again to finish.");
            return Signals?.CancelledExitCode ?? ExitCodes.Cancelled;
        }

        if (exception is IOException io and not FileNotFoundException and not DirectoryNotFoundException)
        {
            Console.MarkupLineInterpolated($"[red]error:[/] writing the output failed: {io.Message}");
            return ExitCodes.OutputFailed;
        }

        if (exception is CommandAppException usage)
        {
            if (usage.InnerException is WholeNumberFormatException number)
            {
                Usage(number.Message);
                return ExitCodes.Usage;
            }

            if (usage.Pretty is { } pretty)
            {
                Console.Write(pretty);
            }
            else
            {
                Usage(usage.Message);
            }

            Console.MarkupLine("[grey]Run[/] copilot-metrics --help [grey]for the commands and options.[/]");
            return ExitCodes.Usage;
        }

        switch (exception)
        {
            case CliConfigurationException configuration:
                return Usage(configuration.Message);
            case System.Data.Common.DbException:
                Console.MarkupLineInterpolated($"[red]error:[/] the store failed: {exception.Message}");
                Console.MarkupLine("[grey]Check --connection-string / DATABASE_URL and that the database is reachable.[/]");
                return ExitCodes.Unavailable;
            case HttpRequestException http:
                Console.MarkupLineInterpolated($"[red]error:[/] the network failed: {http.Message}");
                return ExitCodes.Unavailable;
        }

        Console.MarkupLine("[red]Unexpected error:[/]");
        Console.WriteException(exception, ExceptionFormats.ShortenEverything);
        return ExitCodes.Unexpected;
    }

    /// <summary>The exception or the first of its inner exceptions that is a <typeparamref name="T"/>.</summary>
    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Prints "error: message" and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Usage(string message)
    {
        Console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return ExitCodes.Usage;
    }

    /// <summary>Prints a malformed-record error and returns <see cref="ExitCodes.MalformedRecord"/>.</summary>
    public static int Malformed(string message, string? hint)
    {
        Console.MarkupLineInterpolated($"[red]error:[/] {message}");
        if (hint is not null)
        {
            Console.MarkupLineInterpolated($"[grey]{hint}[/]");
        }

        return ExitCodes.MalformedRecord;
    }
}
