using System.Diagnostics;
using System.Globalization;
using System.Net;
using CopilotMetrics.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// <c>simulator-server &lt;seats&gt; &lt;latencyMs&gt; &lt;nowUnixMs&gt;</c>: the sync benchmark's GitHub, in a process of
/// its own. A Kestrel app on two loopback ports (the API and the download host, which must differ as GitHub's do) that
/// hands every request to <see cref="GitHubSimulator"/>'s handler and streams its answer back: the same simulator as
/// in process (same data, per-request latency, gzip downloads, no faults), behind real HTTP. It prints
/// <c>api=&lt;url&gt; downloads=&lt;url&gt;</c> once listening and stops when its standard input closes (the parent ended).
/// </summary>
internal static class SimulatorServer
{
    public const string Mode = "simulator-server";

    public static async Task<int> RunAsync(string[] args)
    {
        var seats = int.Parse(args[0], CultureInfo.InvariantCulture);
        var latency = TimeSpan.FromMilliseconds(int.Parse(args[1], CultureInfo.InvariantCulture));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[2], CultureInfo.InvariantCulture));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MinResponseDataRate = null; // the sync reads as fast as it stores: never cut it off
            kestrel.Limits.MaxResponseBufferSize = 256 * 1024;
        });
        await using var app = builder.Build();
        GitHubSimulator? simulator = null;
        HttpMessageInvoker? invoker = null;
        app.Run(context => ForwardAsync(context, simulator!, invoker!));
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        simulator = SyncBackfillMode.NewSimulator(seats, latency, new SyncBackfillMode.ShiftedTimeProvider(now), addresses[0], addresses[1], gzip: true);
        invoker = new HttpMessageInvoker(simulator.CreateHandler());
        Console.WriteLine($"api={simulator.ApiBaseAddress} downloads={simulator.DownloadBaseAddress}");

        // Until the parent closes our standard input (or dies).
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    private static async Task ForwardAsync(HttpContext context, GitHubSimulator simulator, HttpMessageInvoker invoker)
    {
        var port = context.Connection.LocalPort;
        var root = simulator.ApiBaseAddress.Port == port ? simulator.ApiBaseAddress : simulator.DownloadBaseAddress;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(root, target));
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await invoker.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}

/// <summary>The parent's side of <see cref="SimulatorServer"/>: starts it, knows its addresses and its CPU time, stops it.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, Uri api, Uri downloads)
    {
        _process = process;
        ApiBaseAddress = api;
        DownloadBaseAddress = downloads;
    }

    public Uri ApiBaseAddress { get; }

    public Uri DownloadBaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>The server's CPU time so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The server's peak working set (its own memory, not the measured process's).</summary>
    public long PeakWorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>Starts <c>dotnet &lt;this dll&gt; simulator-server …</c> and waits for its addresses.</summary>
    public static async Task<SimulatorProcess> StartAsync(int seats, TimeSpan latency, DateTimeOffset now)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SimulatorServer).Assembly.Location);
        }

        foreach (var argument in new[]
                 {
                     SimulatorServer.Mode, seats.ToString(CultureInfo.InvariantCulture), ((int)latency.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                     now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the simulator server.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (line is null || !line.StartsWith("api=", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The simulator server did not start: {line}");
        }

        var parts = line.Split(' ');
        return new SimulatorProcess(process, new Uri(parts[0]["api=".Length..]), new Uri(parts[1]["downloads=".Length..]));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
