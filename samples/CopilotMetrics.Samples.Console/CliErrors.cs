using Spectre.Console;
using Spectre.Console.Cli;

namespace CopilotMetrics.Samples.Console;

/// <summary>Error output (to standard error) and exit codes shared by the commands.</summary>
public static class CliErrors
{
    /// <summary>A Spectre console on standard error, so errors stay apart from a report piped to a file.</summary>
    public static IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(System.Console.Error),
    });

    /// <summary>The app's exception handler: command-line mistakes exit with <see cref="ExitCodes.Usage"/>, anything else is a bug.</summary>
    public static int Handle(Exception exception, ITypeResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is CommandAppException usage)
        {
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

        Console.MarkupLine("[red]Unexpected error:[/]");
        Console.WriteException(exception, ExceptionFormats.ShortenEverything);
        return ExitCodes.Unexpected;
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
