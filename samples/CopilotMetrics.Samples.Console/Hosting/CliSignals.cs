using System.Runtime.InteropServices;

namespace CopilotMetrics.Samples.Console.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (<c>kill</c>, <c>docker stop</c>, a pod's end) cancel the running command through its
/// token: it stops between records, the sync engine releases its claims, and the process exits with
/// <see cref="ExitCodes.Cancelled"/> (130) or <see cref="ExitCodes.Terminated"/> (143). A second signal ends the
/// process at once (the default action).
/// </summary>
public sealed class CliSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    /// <summary>Registers the handlers.</summary>
    public CliSignals()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The exit code for a cancelled command: 143 after SIGTERM, else 130.</summary>
    public int CancelledExitCode => Volatile.Read(ref _signal) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;

    /// <summary>The name of the signal received, or <see langword="null"/>.</summary>
    public string? Received => Volatile.Read(ref _signal) switch
    {
        0 => null,
        (int)PosixSignal.SIGTERM => "SIGTERM",
        _ => "Ctrl+C (SIGINT)",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) != 0)
        {
            return; // the second signal: the default action ends the process
        }

        context.Cancel = true;
        _cancellation.Cancel();
    }
}
