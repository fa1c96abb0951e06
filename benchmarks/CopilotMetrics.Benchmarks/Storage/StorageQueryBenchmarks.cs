using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Testing;
using Npgsql;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// The dashboard queries, on any store holding <see cref="QueryBenchmarkData"/>'s data set (10,000 users × 365 days):
/// <see cref="StorageQueryBenchmarks"/> (PostgreSQL) and <see cref="InMemoryQueryBenchmarks"/> run the same methods.
/// </summary>
public abstract class DashboardQueryBenchmarks
{
    protected static readonly DateRange Year = DateRange.Ending(QueryBenchmarkData.Last, 365);
    protected static readonly DateRange Quarter = DateRange.Ending(QueryBenchmarkData.Last, 90);
    protected static readonly UserTotalsQuery TopByInteractions = new();
    protected static readonly UserTotalsQuery ByLogin = new() { SortBy = UserTotalsSort.Login, Descending = false, Offset = 500 };

    private IMetricsStore _store = null!;
    private long _teamId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await LoadStoreAsync();
        _teamId = (await _store.GetTeamMetricsAsync(QueryBenchmarkData.Scope, Quarter)).OrderByDescending(t => t.Members).First().TeamId;
    }

    /// <summary>Goal p50 ≤ 5 ms (PostgreSQL): one point per day of a year, from the aggregate records.</summary>
    [Benchmark]
    public async Task<int> DailySeries365() => (await _store.GetDailySeriesAsync(QueryBenchmarkData.Scope, Year)).Count;

    /// <summary>Goal p50 ≤ 100 ms (PostgreSQL): every team over 90 days (members, active members, counters).</summary>
    [Benchmark]
    public async Task<int> TeamMetrics90() => (await _store.GetTeamMetricsAsync(QueryBenchmarkData.Scope, Quarter)).Count;

    /// <summary>Goal p50 ≤ 50 ms (PostgreSQL): the top 50 users by interactions over 90 days, with the total number of users.</summary>
    [Benchmark]
    public async Task<int> UserTotalsPage90() => (await _store.GetUserTotalsAsync(QueryBenchmarkData.Scope, Quarter, TopByInteractions)).TotalUsers;

    /// <summary>Reference: a page of per-user totals over 90 days sorted by login (needs every user's latest login).</summary>
    [Benchmark]
    public async Task<int> UserTotalsPage90ByLogin() => (await _store.GetUserTotalsAsync(QueryBenchmarkData.Scope, Quarter, ByLogin)).Items.Count;

    /// <summary>Reference: features over 90 days (aggregate sums, distinct users).</summary>
    [Benchmark]
    public async Task<int> FeatureBreakdown90() => (await _store.GetBreakdownAsync(QueryBenchmarkData.Scope, Quarter, BreakdownDimension.Feature)).Count;

    /// <summary>Reference: languages over 90 days (the dimension with the most keys per user).</summary>
    [Benchmark]
    public async Task<int> LanguageBreakdown90() => (await _store.GetBreakdownAsync(QueryBenchmarkData.Scope, Quarter, BreakdownDimension.Language)).Count;

    /// <summary>Reference: daily, 7-day and 28-day active users for each day of 90 days.</summary>
    [Benchmark]
    public async Task<int> ActiveUsers90() => (await _store.GetActiveUsersAsync(QueryBenchmarkData.Scope, Quarter)).Count;

    /// <summary>Reference: a year of daily engagement rows (the legacy projection's input).</summary>
    [Benchmark]
    public async Task<int> DailyEngagement365() => (await _store.GetDailyEngagementAsync(QueryBenchmarkData.Scope, Year)).Count;

    /// <summary>Distinct users per surface, per day and over 90 days, for the scope (issue 15, item 1).</summary>
    [Benchmark]
    public async Task<int> SurfaceUsers90() => (await _store.GetSurfaceUsersAsync(QueryBenchmarkData.Scope, Quarter, teamId: null)).Count;

    /// <summary>The same for one team (its members of each day AND-ed with the day's surface bitmaps).</summary>
    [Benchmark]
    public async Task<int> TeamSurfaceUsers90() => (await _store.GetSurfaceUsersAsync(QueryBenchmarkData.Scope, Quarter, teamId: _teamId)).Count;

    /// <summary>The store with the data set, loaded once per process.</summary>
    protected abstract Task<IMetricsStore> LoadStoreAsync();
}

/// <summary>
/// Dashboard query latency on PostgreSQL, 10,000 users × 365 days (generated, loaded once per run through the store
/// itself, then <see cref="PostgresMetricsStore.RefreshSummariesAsync"/>). Goals: the 365-day daily series p50 ≤ 5 ms, the
/// 90-day team breakdown p50 ≤ 100 ms, a page of per-user totals over 90 days p50 ≤ 50 ms. The others are for reference.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
[BenchmarkCategory("Storage")]
public class StorageQueryBenchmarks : DashboardQueryBenchmarks
{
    protected override async Task<IMetricsStore> LoadStoreAsync() => await QueryBenchmarkData.StoreAsync();
}

/// <summary>The query benchmarks' data set, loaded once per process.</summary>
internal static class QueryBenchmarkData
{
    public static readonly DateOnly Last = new(2026, 6, 30);
    public static readonly MetricsScope Scope = MetricsScope.Organization("bench-query");

    private const int Days = 365;
    private const int Teams = 60;
    private const string Version = "v2";
    private static readonly Lazy<Task<PostgresMetricsStore>> LazyStore = new(LoadAsync);

    /// <summary>Seated users: 10,000 (1,000 in a <c>--job dry</c> smoke run); <c>COPILOT_METRICS_BENCH_USERS</c> overrides it.</summary>
    public static int Users { get; } = int.TryParse(Environment.GetEnvironmentVariable("COPILOT_METRICS_BENCH_USERS"), NumberStyles.None, CultureInfo.InvariantCulture, out var users)
        ? users
        : StorageBenchmarkSize.Smoke ? 1_000 : 10_000;

    /// <summary>The PostgreSQL schema that holds the data set (kept between runs on a server from <c>COPILOT_METRICS_PG</c>).</summary>
    public static string Schema { get; } = string.Create(CultureInfo.InvariantCulture, $"bench_query_{Users}_{Days}_{Version}");

    /// <summary>The first day of the data set.</summary>
    public static DateOnly First { get; } = Last.AddDays(1 - Days);

    public static Task<PostgresMetricsStore> StoreAsync() => LazyStore.Value;

    private static async Task<PostgresMetricsStore> LoadAsync()
    {
        var dataSource = await BenchmarkPostgres.DataSourceAsync();
        var schema = Schema;
        var store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = dataSource, Schema = schema });

        // A server from COPILOT_METRICS_PG keeps the loaded schema between runs.
        if (await IsLoadedAsync(dataSource, schema))
        {
            Console.WriteLine($"// query data: reusing schema {schema}");
            return store;
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await store.InitializeAsync();
        var total = Stopwatch.StartNew();
        var load = await WriteAsync(store);
        var refresh = Stopwatch.StartNew();
        await store.RefreshSummariesAsync();
        var refreshTime = refresh.Elapsed;

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using (var analyze = new NpgsqlCommand($"ANALYZE; CREATE TABLE {schema}.bench_loaded (version text)", connection))
            {
                await analyze.ExecuteNonQueryAsync();
            }

            await using var size = new NpgsqlCommand(
                $"""
                SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'user_days_p%')),
                       pg_size_pretty(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'raw_chunks_p%')),
                       pg_size_pretty(pg_total_relation_size('{schema}.user_rollups')),
                       pg_size_pretty(sum(pg_total_relation_size(c.oid)))
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}' AND c.relkind = 'r'
                """,
                connection);
            await using var reader = await size.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                // query data: {load}
                //   RefreshSummariesAsync {refreshTime.TotalSeconds:N1} s, total {total.Elapsed.TotalSeconds:N1} s
                //   sizes: user_days {reader.GetString(0)}, raw_chunks {reader.GetString(1)}, user_rollups {reader.GetString(2)}, schema {reader.GetString(3)}
                """));
        }

        return store;
    }

    /// <summary>
    /// Writes the data set into <paramref name="store"/> through its public API: per-user and user-team days two writers
    /// at a time (generation included in each writer's work), then the aggregate days.
    /// </summary>
    public static async Task<LoadFigures> WriteAsync(IMetricsStore store)
    {
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = Users, Teams = Teams });
        var first = First;
        var total = Stopwatch.StartNew();
        long generateTicks = 0, userRows = 0, teamRows = 0;
        var next = -1;
        async Task WriterAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Days)
            {
                var day = first.AddDays(i);
                var started = Stopwatch.GetTimestamp();
                var users = generator.GenerateUsers(day).ToList();
                var teams = generator.GenerateUserTeams(day).ToList();
                Interlocked.Add(ref generateTicks, Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref userRows, (await store.ReplaceUserDayAsync(Scope, day, Stream(users))).Rows);
                Interlocked.Add(ref teamRows, (await store.ReplaceUserTeamDayAsync(Scope, day, Stream(teams))).Rows);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(WriterAsync)));
        var perUser = total.Elapsed;

        // Aggregate days, 28 at a time (the generator shares the trailing windows within a report).
        var aggregates = Stopwatch.StartNew();
        for (var end = Last; end >= first; end = end.AddDays(-28))
        {
            var report = generator.GenerateAggregateReport(end);
            foreach (var day in report.DayTotals.Where(d => d.Day >= first))
            {
                await store.ReplaceAggregateDayAsync(Scope, day);
            }
        }

        return new LoadFigures(userRows, teamRows, perUser, Stopwatch.GetElapsedTime(0, generateTicks), aggregates.Elapsed);
    }

    /// <summary>What <see cref="WriteAsync"/> wrote and how long it took.</summary>
    public sealed record LoadFigures(long UserRows, long TeamRows, TimeSpan PerUserTime, TimeSpan GenerationTime, TimeSpan AggregateTime)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Users:N0} users x {Days} days, {Teams} teams: {UserRows:N0} per-user rows, {TeamRows:N0} user-team rows; per-user + user-team days {PerUserTime.TotalSeconds:N1} s (generation {GenerationTime.TotalSeconds:N1} s of it, 2 writers), aggregate days {AggregateTime.TotalSeconds:N1} s");
    }

    private static async Task<bool> IsLoadedAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema + ".bench_loaded" });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async IAsyncEnumerable<T> Stream<T>(List<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}
