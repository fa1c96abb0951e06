using BenchmarkDotNet.Attributes;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// Fetch + parse of a 10,000-user <c>users-1-day</c> report through the real client (envelope request, signed
/// download, length check, streaming parse) from the in-process <see cref="GitHubSimulator"/>, next to the reader
/// alone on the same bytes. Goal: fetch + parse at least 0.8× the reader-only throughput.
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks
{
    private static readonly MetricsScope Scope = MetricsScope.Organization("bench-org");
    private ServiceProvider _provider = null!;
    private CopilotMetricsClient _client = null!;
    private byte[] _file = [];

    [GlobalSetup]
    public async Task Setup()
    {
        // Two days after the report day, so the simulator serves it; same generator settings as ReaderBenchmarkData.
        var time = new FakeTimeProvider(new DateTimeOffset(ReaderBenchmarkData.Day.AddDays(2), new TimeOnly(12, 0), TimeSpan.Zero));
        var options = new GitHubSimulatorOptions();
        options.Scopes.Add(new SimulatedScope { Scope = Scope, Data = new ReportDataGeneratorOptions { Seed = 1, Users = 10_000 * 16 / 10 } });
        var simulator = new GitHubSimulator(options, time);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddCopilotMetrics(_ => { }).UseGitHubSimulator(simulator);
        _provider = services.BuildServiceProvider();
        _client = _provider.GetRequiredService<CopilotMetricsClient>();

        // The exact bytes the client downloads (the simulator caches the generated file after the first read).
        var links = await _client.GetReportLinksAsync(Scope, ReportType.Users1Day, ReaderBenchmarkData.Day) ?? throw new InvalidOperationException("no report");
        await using var stream = await _client.OpenReportFileAsync(links, 0);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        _file = copy.ToArray();
        Console.WriteLine($"// client benchmark file: {_file.Length:N0} bytes, {_file.AsSpan().Count((byte)'\n'):N0} lines");
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<long> ReaderOnly()
    {
        long sum = 0;
        await foreach (var user in ReportReader.ReadUsersAsync(new MemoryStream(_file, writable: false)))
        {
            sum += user.CodeGenerationActivityCount;
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> FetchAndParse()
    {
        long sum = 0;
        await foreach (var user in _client.ReadUsersAsync(Scope, ReaderBenchmarkData.Day))
        {
            sum += user.CodeGenerationActivityCount;
        }

        return sum;
    }
}
