using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using CopilotMetrics.Export.Parquet;
using CopilotMetrics.Export.Parquet.Internal;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Testing;
using DuckDB.NET.Data;

namespace CopilotMetrics.Benchmarks;

/// <summary>
/// <c>parquet [days] [users] [phase]</c>: exports generated data (users with their breakdowns, user-teams, aggregates) of
/// that many days ending 2026-09-30 to a Parquet lake from a reader that generates the records on the fly, and reports
/// the time, the peak working set and the lake's size beside the same data as gzipped NDJSON; then times the documented
/// 90-day team-metrics query in DuckDB beside the in-memory store's own query over the same days; and compares
/// Parquet.Net with ParquetSharp writing the users table. Phases: all (default), export, query, libraries.
/// </summary>
internal static class ParquetMode
{
    private const double MiB = 1024 * 1024;
    private static readonly MetricsScope Scope = MetricsScope.Organization("octo-org");
    private static readonly DateOnly Last = new(2026, 9, 30);

    public static async Task<int> RunAsync(string[] args)
    {
        var days = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 365;
        var users = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var phase = args.Length > 2 ? args[2] : "all";
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = users, Teams = 40 });
        var range = DateRange.Ending(Last, days);
        var root = Path.Combine(Path.GetTempPath(), "cm-parquet-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (phase is "all" or "libraries")
            {
                await CompareLibrariesAsync(generator, root, Math.Min(days, 14));
            }

            if (phase is "all" or "export" or "query")
            {
                await ExportAsync(generator, range, root, users);
            }

            if (phase is "all" or "query")
            {
                await QueryAsync(generator, root, DateRange.Ending(Last, Math.Min(90, days)));
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task ExportAsync(ReportDataGenerator generator, DateRange range, string root, int users)
    {
        // The source alone: generating the records the export reads.
        var watch = Stopwatch.StartNew();
        long records = 0;
        foreach (var day in range.EachDay())
        {
            records += generator.GenerateUsers(day).Count() + generator.GenerateUserTeams(day).Count() + 1;
        }

        var source = watch.Elapsed;
        watch.Restart();
        foreach (var day in range.EachDay())
        {
            _ = generator.GenerateAggregate(day);
        }

        var aggregates = watch.Elapsed;
        GC.Collect();
        var lake = Path.Combine(root, "lake");
        var exporter = new ParquetLakeExporter(new ParquetLakeOptions { Directory = lake });
        ParquetExportResult result;
        using (var memory = new MemorySampler())
        {
            var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            watch.Restart();
            result = await exporter.ExportAsync(new GeneratorReader(generator, range), Scope, range);
            watch.Stop();
            Console.WriteLine($"export {users:N0} users x {range.Days} days ({range}): {watch.Elapsed.TotalSeconds:N1} s (of which generating the {records:N0} records: {source.TotalSeconds:N1} s, the aggregates among them {aggregates.TotalSeconds:N1} s more), {memory}");
            Console.WriteLine($"garbage collections during the export: gen0 {GC.CollectionCount(0) - gcs.Item1:N0}, gen1 {GC.CollectionCount(1) - gcs.Item2:N0}, gen2 {GC.CollectionCount(2) - gcs.Item3:N0}, paused {(GC.GetTotalPauseDuration() - gcs.Item4).TotalSeconds:N1} s");
        }

        Console.WriteLine($"lake: {result.Partitions:N0} files, {result.Rows:N0} rows, {result.Bytes / MiB:N1} MiB");
        foreach (var table in Directory.GetDirectories(lake).Order(StringComparer.Ordinal))
        {
            var bytes = Directory.GetFiles(table, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"  {Path.GetFileName(table),-45} {bytes / MiB,10:N1} MiB");
        }

        // The same records as gzipped NDJSON (users, user-teams, aggregates), counted, not kept.
        watch.Restart();
        long ndjson = 0;
        long gzip = 0;
        foreach (var day in range.EachDay())
        {
            var counting = new CountingStream();
            await using (var zip = new GZipStream(counting, CompressionLevel.Optimal, leaveOpen: true))
            {
                var raw = new CountingStream(zip);
                await ReportDataGenerator.WriteNdjsonAsync(raw, generator.GenerateUsers(day));
                await ReportDataGenerator.WriteNdjsonAsync(raw, generator.GenerateUserTeams(day));
                await ReportDataGenerator.WriteNdjsonAsync(raw, [generator.GenerateAggregate(day)]);
                ndjson += raw.Count;
            }

            gzip += counting.Count;
        }

        Console.WriteLine($"the same data as NDJSON: {ndjson / MiB:N1} MiB, gzipped {gzip / MiB:N1} MiB (lake / gzip = {result.Bytes / (double)gzip:N2})");
    }

    private static async Task QueryAsync(ReportDataGenerator generator, string root, DateRange range)
    {
        var lake = Path.Combine(root, "lake");
        var store = new InMemoryMetricsStore();
        foreach (var day in range.EachDay())
        {
            await store.ReplaceUserDayAsync(Scope, day, generator.GenerateUsers(day).ToAsyncEnumerable());
            await store.ReplaceUserTeamDayAsync(Scope, day, generator.GenerateUserTeams(day).ToAsyncEnumerable());
        }

        var sql = $"""
            SELECT t.team_id, max_by(t.slug, t.day) AS slug, count(DISTINCT t.user_id) AS members, count(DISTINCT u.user_id) AS active_users,
                   coalesce(sum(u.user_initiated_interaction_count), 0), coalesce(sum(u.code_generation_activity_count), 0),
                   coalesce(sum(u.code_acceptance_activity_count), 0), coalesce(sum(u.loc_added_sum), 0)
            FROM read_parquet('{lake}/dataset=user_teams/*/*/*.parquet', hive_partitioning = true) t
            LEFT JOIN read_parquet('{lake}/dataset=users/*/*/*.parquet', hive_partitioning = true) u
              ON u.scope = t.scope AND u.day = t.day AND u.user_id = t.user_id
            WHERE t.scope = 'organization_octo-org' AND t.day BETWEEN DATE '{range.From:yyyy-MM-dd}' AND DATE '{range.To:yyyy-MM-dd}'
            GROUP BY t.team_id ORDER BY slug
            """;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        for (var run = 1; run <= 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var teams = await store.GetTeamMetricsAsync(Scope, range);
            var storeTime = watch.Elapsed;
            watch.Restart();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var rows = 0;
            long active = 0;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows++;
                    active += Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture);
                }
            }

            var duckTime = watch.Elapsed;
            var same = rows == teams.Count && active == teams.Sum(t => (long)t.ActiveUsers);
            Console.WriteLine($"team metrics over {range.Days} days, run {run}: in-memory store {storeTime.TotalMilliseconds:N0} ms, DuckDB over the lake {duckTime.TotalMilliseconds:N0} ms ({rows} teams; answers {(same ? "agree" : "DIFFER")})");
        }
    }

    private static async Task CompareLibrariesAsync(ReportDataGenerator generator, string root, int days)
    {
        var table = LakeTables.Users;
        var range = DateRange.Ending(Last, days);
        var rows = range.EachDay().Select(d => generator.GenerateUsers(d).ToList()).ToList();
        var count = rows.Sum(r => r.Count);
        for (var run = 1; run <= 2; run++)
        {
            var watch = Stopwatch.StartNew();
            long netBytes = 0;
            foreach (var (day, dayRows) in range.EachDay().Zip(rows))
            {
                var writer = new PartitionWriter<UserDayRecord>(table, Path.Combine(root, "net"), Scope, day, 100_000);
                await using (writer)
                {
                    foreach (var row in dayRows)
                    {
                        await writer.AddAsync(row, CancellationToken.None);
                    }

                    netBytes += await writer.CommitAsync(CancellationToken.None);
                }
            }

            var net = watch.Elapsed;
            watch.Restart();
            long sharpBytes = 0;
            foreach (var (day, dayRows) in range.EachDay().Zip(rows))
            {
                var path = Path.Combine(root, "sharp", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".parquet");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteWithParquetSharp(table, dayRows, path);
                sharpBytes += new FileInfo(path).Length;
            }

            var sharp = watch.Elapsed;
            Console.WriteLine($"users table, {count:N0} rows ({days} days), zstd, run {run}: Parquet.Net {net.TotalMilliseconds:N0} ms {netBytes / MiB:N1} MiB; ParquetSharp {sharp.TotalMilliseconds:N0} ms {sharpBytes / MiB:N1} MiB");
        }
    }

    private static void WriteWithParquetSharp(ParquetTable<UserDayRecord> table, List<UserDayRecord> rows, string path)
    {
        var values = table.Columns.Select(c => c.Values(rows)).ToList();
        var columns = table.Columns.Zip(values, (c, v) => new ParquetSharp.Column(v.GetType().GetElementType()! == typeof(DateOnly?) ? typeof(ParquetSharp.Date?) : v.GetType().GetElementType()!, c.Name)).ToArray();
        using var file = new ParquetSharp.ParquetFileWriter(path, columns, ParquetSharp.Compression.Zstd, new Dictionary<string, string>(table.Metadata));
        using (var group = file.AppendRowGroup())
        {
            foreach (var v in values)
            {
                using var column = group.NextColumn();
                switch (v)
                {
                    case long[] a: Write(column, a); break;
                    case long?[] a: Write(column, a); break;
                    case bool[] a: Write(column, a); break;
                    case bool?[] a: Write(column, a); break;
                    case double?[] a: Write(column, a); break;
                    case DateOnly?[] a: Write(column, a.Select(d => d is { } x ? new ParquetSharp.Date(x.Year, x.Month, x.Day) : (ParquetSharp.Date?)null).ToArray()); break;
                    case DateTime?[] a: Write(column, a); break;
                    case string[] a: Write(column, a); break;
                    default: throw new NotSupportedException(v.GetType().Name);
                }
            }
        }

        file.Close();
    }

    private static void Write<T>(ParquetSharp.ColumnWriter column, T[] values)
    {
        using var writer = column.LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    /// <summary>Counts the bytes written through it (to an inner stream, or nowhere).</summary>
    private sealed class CountingStream(Stream? inner = null) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush() => inner?.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count += buffer.Length;
            inner?.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
