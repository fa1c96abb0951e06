using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CopilotMetrics.Samples.Console.Tests;

/// <summary><c>dotnet copilot-metrics.dll …</c> with its own environment (the machine's GITHUB_TOKEN and DATABASE_URL left out), its output captured.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "copilot-metrics.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "GITHUB_TOKEN", "GITHUB_SCOPES", "DATABASE_URL", "DATABASE_SCHEMA", "SYNC_BACKFILL_DAYS", "SYNC_RETENTION_DAYS", "SQLITE_PATH" })
        {
            start.Environment.Remove(name);
        }

        // The default SQLite file goes to the test's own data folder, never the user's.
        start.Environment["XDG_DATA_HOME"] = TestDataHome.Current;

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var child = new CliProcess(Process.Start(start)!);
        child._process.OutputDataReceived += (_, e) => Append(child._output, e.Data);
        child._process.ErrorDataReceived += (_, e) => Append(child._error, e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs the command to its end (at most <paramref name="limit"/>).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan limit, params string[] args)
    {
        await using var child = Start(environment, args);
        var exit = await child.WaitAsync(limit);
        return (exit, child.Output, child.Error);
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // the output's last lines
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
