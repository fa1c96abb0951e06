using System.Diagnostics;
using System.Globalization;
using CopilotMetrics.Reports;
using CopilotMetrics.Testing;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// <c>memory [GiB]</c>: reads a generated <c>users-1-day</c> report of that many GiB (default 1) with
/// <see cref="ReportReader.ReadUsersAsync"/> and reports how much the process's peak working set grew. The report is
/// never held in memory: <see cref="CyclingNdjsonStream"/> serves it on the fly from a few thousand pre-serialized lines.
/// </summary>
internal static class MemoryMode
{
    private const long MiB = 1024 * 1024;
    private const long GoalMiB = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        var gib = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        if (!(gib > 0))
        {
            Console.Error.WriteLine("usage: memory [GiB > 0]");
            return 2;
        }

        // Setup: 4,000 distinct lines (about 11 MB), served over and over.
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = 7_000 });
        var block = ReportDataGenerator.ToNdjson(generator.GenerateUsers(ReaderBenchmarkData.Day).Take(4_000));
        var blocks = (long)Math.Ceiling(gib * 1024 * MiB / block.Length);
        using var stream = new CyclingNdjsonStream(block, blocks);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var workingSetBefore = process.WorkingSet64;

        var statistics = new ReportReadStatistics();
        long records = 0, checksum = 0;
        var gcBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        await foreach (var record in ReportReader.ReadUsersAsync(stream, statistics: statistics))
        {
            records++;
            checksum += record.CodeGenerationActivityCount + record.TotalsByFeature.Count;
        }

        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var peakAfter = process.PeakWorkingSet64;
        var growth = peakAfter - peakBefore;

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            memory mode: users-1-day report generated on the fly ({block.Length:N0}-byte block of 4,000 lines, served {blocks:N0} times)
              bytes                  {stream.Length:N0} ({stream.Length / (double)(1024 * MiB):N2} GiB; reader counted {statistics.BytesRead:N0})
              records                {records:N0} (lines {statistics.Lines:N0}; checksum {checksum})
              elapsed                {stopwatch.Elapsed.TotalSeconds:N2} s
              throughput             {stream.Length / 1e6 / seconds:N1} MB/s, {records / seconds:N0} records/s
              allocated              {allocated / (double)MiB:N0} MiB ({allocated / (double)records:N0} B per record), {GC.CollectionCount(0) - gcBefore:N0} gen0 GCs
              working set before     {workingSetBefore / (double)MiB:N1} MiB (after setup and a full GC)
              peak working set       before {peakBefore / (double)MiB:N1} MiB, after {peakAfter / (double)MiB:N1} MiB
              growth                 {growth / (double)MiB:N1} MiB (peak after - peak before; goal < {GoalMiB} MiB: {(growth < GoalMiB * MiB ? "met" : "MISSED")})
              peak - working set     {(peakAfter - workingSetBefore) / (double)MiB:N1} MiB (the stricter view: peak after - working set before)
            """));
        return records == blocks * 4_000 ? (growth < GoalMiB * MiB ? 0 : 3) : 4;
    }
}

/// <summary>A read-only, non-seekable stream that serves a block of NDJSON lines a given number of times.</summary>
internal sealed class CyclingNdjsonStream(byte[] block, long repetitions) : Stream
{
    private readonly long _length = block.Length * repetitions;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.IsEmpty)
        {
            return 0;
        }

        var offset = (int)(_position % block.Length);
        var n = (int)Math.Min(Math.Min(buffer.Length, block.Length - offset), _length - _position);
        block.AsSpan(offset, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
