using System.Diagnostics;
using System.Globalization;
using CopilotMetrics.Benchmarks.Storage;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// CPU seconds used so far by the measured process, the simulator server, the PostgreSQL cluster and the whole machine
/// (busy time of every core from /proc/stat), so that a stage can say who used the cores, including other work on a
/// shared machine.
/// </summary>
internal readonly record struct CpuSnapshot(double Self, double Server, double Postgres, double Machine)
{
    public static CpuSnapshot Take(SimulatorProcess? server)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot(
            self.TotalProcessorTime.TotalSeconds,
            server?.CpuTime.TotalSeconds ?? 0,
            BenchmarkPostgres.CpuTime()?.TotalSeconds ?? 0,
            MachineBusySeconds());
    }

    public static CpuSnapshot operator -(CpuSnapshot a, CpuSnapshot b) => new(a.Self - b.Self, a.Server - b.Server, a.Postgres - b.Postgres, a.Machine - b.Machine);

    /// <summary>CPU seconds used by processes other than these three.</summary>
    public double Others => Math.Max(0, Machine - Self - Server - Postgres);

    /// <summary>"this process 12.3 s (41 µs/user-day), simulator server …, PostgreSQL …, other processes …; cores busy".</summary>
    public string Describe(long userDays, TimeSpan wall, bool withServer)
    {
        string Per(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:N1} s, {seconds * 1e6 / Math.Max(1, userDays):N0} µs/user-day");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"CPU: this process {Per(Self)}{(withServer ? $"; simulator server {Per(Server)}" : "")}; PostgreSQL {Per(Postgres)}; other processes {Others:N1} s; {Machine / wall.TotalSeconds:N2} of {Environment.ProcessorCount} cores busy");
    }

    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        foreach (var i in new[] { 1, 2, 3, 6, 7, 8 })
        {
            busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        return busy / 100.0;
    }
}

/// <summary>This process's garbage collections, pauses, allocations and JIT time so far.</summary>
internal readonly record struct RuntimeSnapshot(int Gen0, int Gen1, int Gen2, TimeSpan Pauses, long Allocated, TimeSpan Jit)
{
    public static RuntimeSnapshot Take() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), System.Runtime.JitInfo.GetCompilationTime());

    public static RuntimeSnapshot operator -(RuntimeSnapshot a, RuntimeSnapshot b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pauses - b.Pauses, a.Allocated - b.Allocated, a.Jit - b.Jit);

    public string Describe(long userDays) => string.Create(
        CultureInfo.InvariantCulture,
        $"GC: {Gen0:N0}/{Gen1:N0}/{Gen2:N0} collections (gen0/1/2, each counted in the lower ones), {Pauses.TotalSeconds:N2} s paused; allocated {Allocated / 1e9:N2} GB ({Allocated / (double)Math.Max(1, userDays):N0} B/user-day); JIT {Jit.TotalSeconds:N2} s");
}
