using CopilotMetrics.Samples.Console;
using CopilotMetrics.Samples.Console.Hosting;
using Spectre.Console;

// The commands share process-wide state (AnsiConsole.Console, the in-memory store, the simulator): one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary>Runs <c>copilot-metrics</c> in-process through its <c>CommandApp</c>, capturing standard output and error.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previousOut = AnsiConsole.Console;
        var previousErr = CliErrors.Console;
        AnsiConsole.Console = Capture(output);
        CliErrors.Console = Capture(error);
        try
        {
            var exit = await CliApp.Create().RunAsync(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            AnsiConsole.Console = previousOut;
            CliErrors.Console = previousErr;
        }
    }

    private static IAnsiConsole Capture(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 250;
        return console;
    }
}

/// <summary>Sets environment variables for one test and puts the old values back.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Clears every variable the CLI reads, so the machine's own settings do not leak into a test.</summary>
    public static EnvironmentScope Clean(params (string Name, string? Value)[] extra) =>
        new([("GITHUB_TOKEN", null), ("GITHUB_SCOPES", null), ("DATABASE_URL", null), ("CopilotMetrics__Token", null), .. extra]);

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
