using System.Diagnostics;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// Samples the process's working set and managed heap (allocated bytes, garbage included) every 20 ms until disposed,
/// keeping the highest of each: the peak of one stage, where <see cref="Process.PeakWorkingSet64"/> only has the
/// process's lifetime peak.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _workingSet;
    private long _managed;
    private long _afterGc;

    public MemorySampler() => _loop = Task.Run(LoopAsync);

    /// <summary>COPILOT_METRICS_LIVE_MEMORY=1: force a full collection twice a second to read the live bytes (slows the run).</summary>
    private static bool Live { get; } = Environment.GetEnvironmentVariable("COPILOT_METRICS_LIVE_MEMORY") == "1";

    public long PeakWorkingSet => Interlocked.Read(ref _workingSet);

    public long PeakManaged => Interlocked.Read(ref _managed);

    /// <summary>The largest heap a full blocking collection left behind, or with <see cref="Live"/> the largest live bytes seen.</summary>
    public long PeakAfterGc => Interlocked.Read(ref _afterGc);

    public override string ToString() =>
        $"peak working set {PeakWorkingSet / 1048576.0:N0} MiB, peak managed heap {PeakManaged / 1048576.0:N0} MiB ({(Live ? "live" : "after a full GC")} at most {PeakAfterGc / 1048576.0:N0} MiB)";

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var samples = 0;
        do
        {
            process.Refresh();
            Max(ref _workingSet, process.WorkingSet64);
            Max(ref _managed, GC.GetTotalMemory(false));
            if (Live && ++samples % 25 == 0)
            {
                Max(ref _afterGc, GC.GetTotalMemory(forceFullCollection: true)); // attribution runs only: live bytes, twice a second
            }
            else if (!Live)
            {
                Max(ref _afterGc, GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
            }
        }
        while (await Tick(timer));

        async Task<bool> Tick(PeriodicTimer t)
        {
            try
            {
                return await t.WaitForNextTickAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private static void Max(ref long field, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, current) != current)
        {
        }
    }
}
