using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>
/// The process-wide pieces the commands share: the clock, the simulator behind <c>--simulator</c> and the store behind
/// <c>--store memory</c>. In the real tool a process runs one command, so both start empty; tests run several commands
/// in one process and replace or reset them between tests.
/// </summary>
public static class CliHooks
{
    private static readonly Lock Gate = new();
    private static GitHubSimulator? _simulator;
    private static InMemoryMetricsStore? _memoryStore;
    private static TimeProvider _time = TimeProvider.System;

    /// <summary>
    /// The clock of the commands ("yesterday", the sync window), the sync engine, the in-memory store and the simulator;
    /// <see cref="TimeProvider.System"/> until set. Set it before the first command (tests set a fake clock).
    /// </summary>
    public static TimeProvider Time
    {
        get
        {
            lock (Gate)
            {
                return _time;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (Gate)
            {
                _time = value;
            }
        }
    }

    /// <summary>
    /// The environment variable that slows the simulator's report downloads by this many milliseconds each — a testing
    /// aid (the crash tests kill a sync mid-download); not read unless <c>--simulator</c> is given.
    /// </summary>
    public const string SimulatorLatencyVariable = "COPILOT_METRICS_SIMULATOR_LATENCY_MS";

    /// <summary>
    /// The simulator used by <c>--simulator</c>; <see cref="GitHubSimulator.CreateDefault"/> until set, its downloads
    /// slowed by <see cref="SimulatorLatencyVariable"/> when that is set.
    /// </summary>
    public static GitHubSimulator Simulator
    {
        get
        {
            lock (Gate)
            {
                return _simulator ??= CreateSimulator(_time);
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (Gate)
            {
                _simulator = value;
            }
        }
    }

    /// <summary>The store used by <c>--store memory</c>: one per process.</summary>
    public static InMemoryMetricsStore MemoryStore
    {
        get
        {
            lock (Gate)
            {
                return _memoryStore ??= new InMemoryMetricsStore(_time);
            }
        }
    }

    /// <summary>
    /// The environment variables the commands read (configuration, <c>--token-env</c>) instead of the process environment;
    /// <see langword="null"/> (the default) reads the process environment. Tests set it rather than change the real one.
    /// </summary>
    public static IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; set; }

    /// <summary>Yesterday (UTC) by <see cref="Time"/>: the last day a sync window or a query range ends on by default.</summary>
    public static DateOnly Yesterday => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddDays(-1);

    /// <summary>Opens standard output for <c>export</c> without <c>--output</c> (tests replace it).</summary>
    public static Func<Stream> OpenStandardOutput { get; set; } = System.Console.OpenStandardOutput;

    private static GitHubSimulator CreateSimulator(TimeProvider time)
    {
        var simulator = GitHubSimulator.CreateDefault(time);
        var latency = EnvironmentVariables is { } injected ? injected.GetValueOrDefault(SimulatorLatencyVariable) : Environment.GetEnvironmentVariable(SimulatorLatencyVariable);
        if (int.TryParse(latency, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0)
        {
            simulator.Faults.Add(new SimulatorFault { Target = FaultTarget.Download, Kind = FaultKind.Latency, Delay = TimeSpan.FromMilliseconds(milliseconds) });
        }

        return simulator;
    }

    /// <summary>Forgets the simulator, the in-memory store, the clock and the injected environment (tests).</summary>
    public static void Reset()
    {
        lock (Gate)
        {
            _simulator = null;
            _memoryStore = null;
            _time = TimeProvider.System;
            OpenStandardOutput = System.Console.OpenStandardOutput;
            EnvironmentVariables = null;
        }
    }
}
