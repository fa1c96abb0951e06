using System.Collections;

namespace CopilotMetrics.Testing;

/// <summary>The faults of a <see cref="GitHubSimulator"/>; safe to change from any thread while requests run.</summary>
public sealed class SimulatorFaultCollection : IReadOnlyCollection<SimulatorFault>
{
    private readonly object _sync = new();
    private readonly Random _random;
    private SimulatorFault[] _faults = [];

    internal SimulatorFaultCollection(int seed) => _random = new Random(seed);

    /// <summary>How many faults there are (used up ones included).</summary>
    public int Count => Volatile.Read(ref _faults).Length;

    /// <summary>Adds a fault; it applies from the next request on.</summary>
    /// <param name="fault">The fault (validated).</param>
    /// <returns>The fault, to check <see cref="SimulatorFault.Applied"/> later.</returns>
    public SimulatorFault Add(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        lock (_sync)
        {
            _faults = [.. _faults, fault];
        }

        return fault;
    }

    /// <summary>Removes a fault.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(SimulatorFault fault)
    {
        lock (_sync)
        {
            var index = Array.IndexOf(_faults, fault);
            if (index < 0)
            {
                return false;
            }

            _faults = [.. _faults.AsSpan(0, index), .. _faults.AsSpan(index + 1)];
            return true;
        }
    }

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _faults = [];
        }
    }

    /// <inheritdoc />
    public IEnumerator<SimulatorFault> GetEnumerator() => ((IEnumerable<SimulatorFault>)Volatile.Read(ref _faults)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The delay of the matching latency faults and the first other matching fault, each use taken.</summary>
    internal (SimulatorFault? Fault, TimeSpan Delay) Resolve(in RequestFacts facts)
    {
        SimulatorFault? chosen = null;
        var delay = TimeSpan.Zero;
        foreach (var fault in Volatile.Read(ref _faults))
        {
            if (!fault.Matches(facts) || (fault.Kind != FaultKind.Latency && chosen is not null) || !fault.TryConsume(Draw))
            {
                continue;
            }

            if (fault.Kind == FaultKind.Latency)
            {
                delay += fault.Delay;
            }
            else
            {
                chosen = fault;
            }
        }

        return (chosen, delay);
    }

    private double Draw()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
