using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Postgres;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Sqlite;
using CopilotMetrics.Testing;
using Npgsql;
using NpgsqlTypes;

namespace CopilotMetrics.Benchmarks.Storage;

/// <summary>
/// Storing one 100,000-user day, three ways, in one run so that the ratios are comparable. The records are generated
/// once in the setup (parsing is not measured); every operation replaces the same day, so each one also deletes the
/// previous version, in one transaction:
/// (a) <see cref="PostgresMetricsStore.ReplaceUserDayAsync"/> end to end;
/// (b) the seed design's ceiling: a text <c>COPY … FROM STDIN</c> of the NDJSON lines as one <c>jsonb</c> row each into a
///     <c>copilot_metrics_daily(id, date, org, data jsonb)</c> table (what <c>psql \copy</c> does);
/// (c) the ceiling of this store's tables: a plain binary COPY of the same typed rows into <c>user_days</c> and of the
///     already compressed lossless chunks into <c>raw_chunks</c>, with no hashing, serializing, compressing or checking;
/// (d) <see cref="SqliteMetricsStore.ReplaceUserDayAsync"/> end to end, on a file in the temp folder (same records, same
///     steady state: users numbered, the day's team memberships stored).
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
[BenchmarkCategory("Storage")]
[WarmupCount(1)]
[IterationCount(10)]
public class StorageWriteBenchmarks
{
    /// <summary>Rows per operation: 100,000 (10,000 in a <c>--job dry</c> smoke run).</summary>
    public static int Rows { get; } = StorageBenchmarkSize.Smoke ? 10_000 : 100_000;

    private const string Schema = "bench_write";
    private const string UserColumns =
        "scope_id, day, user_id, user_initiated_interaction_count, code_generation_activity_count, code_acceptance_activity_count, " +
        "loc_suggested_to_add_sum, loc_suggested_to_delete_sum, loc_added_sum, loc_deleted_sum, ai_credits_used, ai_adoption_phase, " +
        "used_agent, used_chat, used_cli, used_copilot_coding_agent, used_copilot_cloud_agent, used_copilot_code_review_active, " +
        "used_copilot_code_review_passive, login";

    private static readonly DateOnly Day = new(2026, 6, 3);
    private static readonly MetricsScope Scope = MetricsScope.Organization("bench-write");

    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetricsStore _store = null!;
    private SqliteMetricsStore _sqlite = null!;
    private string _sqliteFolder = "";
    private List<UserDayRecord> _records = [];
    private string _seedCopy = "";
    private List<CompressedChunk> _chunks = [];
    private int _scopeId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataSource = await BenchmarkPostgres.DataSourceAsync();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE; DROP SCHEMA IF EXISTS bench_seed CASCADE; CREATE SCHEMA bench_seed;" +
            "CREATE TABLE bench_seed.copilot_metrics_daily (id bigserial PRIMARY KEY, date date NOT NULL, org text NOT NULL, data jsonb NOT NULL);" +
            "CREATE INDEX ON bench_seed.copilot_metrics_daily (org, date);");
        _store = new PostgresMetricsStore(new PostgresStoreOptions { DataSource = _dataSource, Schema = Schema });
        await _store.InitializeAsync();

        var stopwatch = Stopwatch.StartNew();
        var generator = new ReportDataGenerator(new ReportDataGeneratorOptions { Seed = 1, Users = Rows * 8 / 5, Teams = 200 });
        _records = generator.GenerateUsers(Day).Take(Rows).ToList();
        if (_records.Count != Rows)
        {
            throw new InvalidOperationException($"Expected {Rows} records, got {_records.Count}.");
        }

        // (b): the day's NDJSON as COPY text lines (backslashes doubled, as the text format requires).
        var text = new StringBuilder();
        var json = 0L;
        foreach (var record in _records)
        {
            var line = ReportJson.Serialize(record);
            json += Encoding.UTF8.GetByteCount(line);
            text.Append("2026-06-03\tbench-write\t").Append(line.Replace("\\", "\\\\", StringComparison.Ordinal)).Append('\n');
        }

        _seedCopy = text.ToString();

        // (c): the lossless chunks exactly as the store makes them.
        using (var writer = new RawChunkWriter(new PostgresStoreOptions().RawCompressionLevel))
        {
            foreach (var record in _records)
            {
                writer.Append(ReportJson.SerializeToUtf8Bytes(record), new RecordKey(record.UserId, 0));
            }

            _chunks = (await writer.CompleteAsync(CancellationToken.None)).Chunks;
        }

        // Steady state: the users are known (numbered) from an earlier day, as in a daily sync, and the day's team
        // memberships are stored, so every replace also computes the day's team sums.
        var memberships = await _store.ReplaceUserTeamDayAsync(Scope, Day, Stream(generator.GenerateUserTeams(Day)));
        await _store.ReplaceUserDayAsync(Scope, Day, Records());
        _sqliteFolder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "copilot-metrics-bench-write-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        _sqlite = new SqliteMetricsStore(new SqliteStoreOptions { Path = Path.Combine(_sqliteFolder, "metrics.db") });
        await _sqlite.ReplaceUserTeamDayAsync(Scope, Day, Stream(generator.GenerateUserTeams(Day)));
        await _sqlite.ReplaceUserDayAsync(Scope, Day, Records());
        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var command = new NpgsqlCommand($"SELECT scope_id FROM {Schema}.scopes", connection))
        {
            _scopeId = (int)(await command.ExecuteScalarAsync())!;
        }

        Console.WriteLine(
            $"// {Rows:N0} users on {Day:yyyy-MM-dd} ({memberships.Rows:N0} team memberships): {json:N0} bytes of JSON ({json / Rows:N0} per record), compressed copy {_chunks.Sum(c => (long)c.Data.Length):N0} bytes in {_chunks.Count} chunks; setup {stopwatch.Elapsed.TotalSeconds:N1} s");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using (var command = new NpgsqlCommand(
            $"SELECT pg_size_pretty(pg_total_relation_size('{Schema}.user_days_p2026_06')), pg_size_pretty(pg_total_relation_size('{Schema}.raw_chunks_p2026_06')), pg_size_pretty(pg_total_relation_size('bench_seed.copilot_metrics_daily'))",
            connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                Console.WriteLine($"// sizes (with dead rows of replaced versions): user_days {reader.GetString(0)}, raw_chunks {reader.GetString(1)}, seed jsonb table {reader.GetString(2)}");
            }
        }

        await _store.DisposeAsync();
        Console.WriteLine($"// sqlite: {SqliteFileSize.Describe(_sqlite.Path, Rows)}");
        _sqlite.Dispose();
        Directory.Delete(_sqliteFolder, recursive: true);
    }

    /// <summary>(a) The store, end to end: validate, COPY typed rows, serialize + hash, compress, bitmaps, engagement, commit.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> StoreReplaceUserDay() => (await _store.ReplaceUserDayAsync(Scope, Day, Records())).Rows;

    /// <summary>(d) The SQLite store, end to end: validate, serialize + hash, compress, facts, bitmaps, engagement, team sums, commit.</summary>
    [Benchmark]
    public async Task<long> SqliteReplaceUserDay() => (await _sqlite.ReplaceUserDayAsync(Scope, Day, Records())).Rows;

    /// <summary>(b) The seed design: text COPY of the NDJSON lines into one jsonb row each (as <c>psql \copy</c>).</summary>
    [Benchmark]
    public async Task<long> SeedJsonbTextCopy()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM bench_seed.copilot_metrics_daily WHERE org = 'bench-write' AND date = '2026-06-03'", connection, transaction))
        {
            await delete.ExecuteNonQueryAsync();
        }

        await using (var copy = await connection.BeginTextImportAsync("COPY bench_seed.copilot_metrics_daily (date, org, data) FROM STDIN"))
        {
            for (var offset = 0; offset < _seedCopy.Length; offset += 1 << 20)
            {
                await copy.WriteAsync(_seedCopy.AsMemory(offset, Math.Min(1 << 20, _seedCopy.Length - offset)));
            }
        }

        await transaction.CommitAsync();
        return Rows;
    }

    /// <summary>(c) This store's tables, plain: binary COPY of the typed rows and of the precompressed chunks.</summary>
    [Benchmark]
    public async Task<long> PlainCopyIntoStoreTables()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand(
            $"DELETE FROM {Schema}.user_days WHERE scope_id = $1 AND day = $2; DELETE FROM {Schema}.raw_chunks WHERE scope_id = $1 AND dataset = 1 AND day = $2",
            connection,
            transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _scopeId });
            delete.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Day });
            await ExecuteEachAsync(delete);
        }

        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {Schema}.user_days ({UserColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in _records)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(_scopeId, NpgsqlDbType.Integer);
                await importer.WriteAsync(Day, NpgsqlDbType.Date);
                await importer.WriteAsync(r.UserId, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.UserInitiatedInteractionCount, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.CodeGenerationActivityCount, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.CodeAcceptanceActivityCount, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.LocSuggestedToAddSum, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.LocSuggestedToDeleteSum, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.LocAddedSum, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.LocDeletedSum, NpgsqlDbType.Bigint);
                await (r.AiCreditsUsed is { } credits ? importer.WriteAsync(credits, NpgsqlDbType.Double) : importer.WriteNullAsync());
                await (r.AiAdoptionPhase is { } phase ? importer.WriteAsync((short)phase.PhaseNumber, NpgsqlDbType.Smallint) : importer.WriteNullAsync());
                await importer.WriteAsync(r.UsedAgent, NpgsqlDbType.Boolean);
                await importer.WriteAsync(r.UsedChat, NpgsqlDbType.Boolean);
                await importer.WriteAsync(r.UsedCli, NpgsqlDbType.Boolean);
                await importer.WriteAsync(r.UsedCopilotCodingAgent, NpgsqlDbType.Boolean);
                await importer.WriteAsync(r.UsedCopilotCloudAgent, NpgsqlDbType.Boolean);
                await (r.UsedCopilotCodeReviewActive is { } active ? importer.WriteAsync(active, NpgsqlDbType.Boolean) : importer.WriteNullAsync());
                await (r.UsedCopilotCodeReviewPassive is { } passive ? importer.WriteAsync(passive, NpgsqlDbType.Boolean) : importer.WriteNullAsync());
                await importer.WriteAsync(r.UserLogin, NpgsqlDbType.Text);
            }

            await importer.CompleteAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {Schema}.raw_chunks (scope_id, dataset, day, chunk, record_count, data) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < _chunks.Count; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(_scopeId, NpgsqlDbType.Integer);
                await importer.WriteAsync((short)1, NpgsqlDbType.Smallint);
                await importer.WriteAsync(Day, NpgsqlDbType.Date);
                await importer.WriteAsync(i, NpgsqlDbType.Integer);
                await importer.WriteAsync(_chunks[i].Records, NpgsqlDbType.Integer);
                await importer.WriteAsync(_chunks[i].Data, NpgsqlDbType.Bytea);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
        return Rows;
    }

    private async IAsyncEnumerable<UserDayRecord> Records()
    {
        foreach (var record in _records)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }

    private static async Task ExecuteEachAsync(NpgsqlCommand command)
    {
        // Positional parameters allow one statement per command: run the two deletes one by one.
        var statements = command.CommandText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var sql in statements)
        {
            await using var single = new NpgsqlCommand(sql, command.Connection, command.Transaction);
            foreach (NpgsqlParameter p in command.Parameters)
            {
                single.Parameters.Add(p.Clone());
            }

            await single.ExecuteNonQueryAsync();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
