using CopilotMetrics.Samples.Console;
using CopilotMetrics.Samples.Console.Hosting;
using Microsoft.Extensions.Time.Testing;
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

/// <summary>
/// The environment the commands see, injected through <see cref="CliHooks.EnvironmentVariables"/>: tests never change the
/// process environment, and the machine's own GITHUB_TOKEN or DATABASE_URL never leak into them.
/// </summary>
internal static class TestEnvironment
{
    /// <summary>
    /// Makes these the only environment variables the commands see (until <see cref="CliHooks.Reset"/>), with
    /// <c>XDG_DATA_HOME</c> set to the test's own data folder (<see cref="TestDataHome"/>) unless given.
    /// </summary>
    public static void Set(params (string Name, string? Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        environment.TryAdd("XDG_DATA_HOME", TestDataHome.Current);
        CliHooks.EnvironmentVariables = environment;
    }
}

/// <summary>
/// The data folder of the current test: a new temp folder for each test (<see cref="TestClock.Reset"/>), also set as this
/// process's <c>XDG_DATA_HOME</c> — so the CLI's default SQLite file is never the real user's, and no test sees another's.
/// </summary>
internal static class TestDataHome
{
    public static string Current { get; private set; } = Renew();

    public static string Renew()
    {
        Current = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "copilot-metrics-cli-tests", Guid.NewGuid().ToString("N")[..12])).FullName;
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Current);
        return Current;
    }
}

/// <summary>
/// The commands' clock in tests: a <see cref="FakeTimeProvider"/> at a fixed instant shared by the commands, the sync
/// engine, the in-memory store and the simulator (<see cref="CliHooks.Time"/>), so that "yesterday" never moves under a test.
/// </summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The day a sync window and a query range end on by default.</summary>
    public static readonly DateOnly Yesterday = new(2026, 6, 14);

    /// <summary>Forgets the previous test's state and sets the clock (call before anything reads <see cref="CliHooks.Simulator"/> or the memory store).</summary>
    public static FakeTimeProvider Reset()
    {
        CliHooks.Reset();
        TestDataHome.Renew();
        var time = new FakeTimeProvider(Now);
        CliHooks.Time = time;
        return time;
    }
}
