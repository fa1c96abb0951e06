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
