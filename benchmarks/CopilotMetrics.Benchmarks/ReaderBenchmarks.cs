using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CopilotMetrics.Reports;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// Reading a 10,000-user <c>users-1-day</c> file (about 27 MB) three ways, in one run so that the ratios are
/// comparable: a bare <see cref="Utf8JsonReader"/> token walk (the ceiling), the typed <see cref="ReportReader"/>,
/// and the naive <see cref="StreamReader.ReadLine()"/> + reflection <see cref="JsonSerializer"/> approach; each on the
/// June 2026 file shape and on the October 2026 one with every field added since (<see cref="Shape"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReaderBenchmarkConfig))]
[BenchmarkCategory("Reader")]
public class ReaderBenchmarks
{
    // Created once: a new JsonSerializerOptions per call would rebuild the reflection metadata every time.
    private static readonly JsonSerializerOptions ReflectionOptions = new();

    private byte[] _file = [];
    private byte[] _walkBuffer = [];

    /// <summary>The file shape: <see cref="ReaderBenchmarkData.OldShape"/> or <see cref="ReaderBenchmarkData.NewShape"/>.</summary>
    [Params(ReaderBenchmarkData.OldShape, ReaderBenchmarkData.NewShape)]
    public string Shape { get; set; } = ReaderBenchmarkData.NewShape;

    [GlobalSetup]
    public void Setup()
    {
        _file = ReaderBenchmarkData.File(Shape);
        _walkBuffer = new byte[64 * 1024];
        Console.WriteLine(
            $"// users-1-day file ({Shape}): {_file.Length:N0} bytes, {ReaderBenchmarkData.Records:N0} records, " +
            $"{ReaderBenchmarkData.AverageLineBytes(Shape):N0} bytes per line on average. MB/s = {_file.Length:N0} B / Mean.");
    }

    /// <summary>Frames lines from the stream into a reused 64 KiB buffer and walks every token of every line.</summary>
    [Benchmark(Baseline = true)]
    public long BareUtf8JsonReaderWalk()
    {
        using var stream = new MemoryStream(_file, writable: false);
        var buffer = _walkBuffer;
        var end = 0;
        long result = 0;
        while (true)
        {
            var read = stream.Read(buffer, end, buffer.Length - end);
            end += read;
            var pending = buffer.AsSpan(0, end);
            int newline;
            while ((newline = pending.IndexOf((byte)'\n')) >= 0)
            {
                result += Walk(pending[..newline]);
                pending = pending[(newline + 1)..];
            }

            if (read == 0)
            {
                if (!pending.IsEmpty)
                {
                    result += Walk(pending);
                }

                return result;
            }

            if (pending.Length == buffer.Length)
            {
                throw new InvalidOperationException("A line is longer than the walk buffer.");
            }

            pending.CopyTo(buffer);
            end = pending.Length;
        }
    }

    /// <summary>The library's streaming reader: one <see cref="UserDayRecord"/> per line.</summary>
    [Benchmark]
    public async Task<long> TypedReader()
    {
        using var stream = new MemoryStream(_file, writable: false);
        long result = 0;
        await foreach (var record in ReportReader.ReadUsersAsync(stream))
        {
            result += Digest(record);
        }

        return result;
    }

    /// <summary>
    /// The reader as the sync uses it, with <see cref="ReportReadStatistics"/> (which names unknown properties): on these
    /// files, which have none, it should cost what <see cref="TypedReader"/> does.
    /// </summary>
    [Benchmark]
    public async Task<long> TypedReaderWithStatistics()
    {
        using var stream = new MemoryStream(_file, writable: false);
        var statistics = new ReportReadStatistics();
        long result = 0;
        await foreach (var record in ReportReader.ReadUsersAsync(stream, statistics: statistics))
        {
            result += Digest(record);
        }

        return result + statistics.UnknownProperties.Count;
    }

    /// <summary>What a first attempt looks like: a string per line, then reflection-based deserialization.</summary>
    [Benchmark]
    public long NaiveReadLineDeserialize()
    {
        using var reader = new StreamReader(new MemoryStream(_file, writable: false));
        long result = 0;
        while (reader.ReadLine() is { } line)
        {
            result += Digest(JsonSerializer.Deserialize<UserDayRecord>(line, ReflectionOptions)!);
        }

        return result;
    }

    private static long Walk(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        long tokens = 0;
        while (reader.Read())
        {
            tokens += reader.ValueSpan.Length + 1;
        }

        return tokens;
    }

    private static long Digest(UserDayRecord record) =>
        record.UserId + record.CodeGenerationActivityCount + record.TotalsByFeature.Count + record.TotalsByLanguageFeature.Count
        + record.TotalsBySkill.Count + (record.TotalsByCopilotApp?.SessionCount ?? 0);
}
