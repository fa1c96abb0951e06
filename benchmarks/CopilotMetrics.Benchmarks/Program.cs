using BenchmarkDotNet.Running;
using CopilotMetrics.Benchmarks;

// dotnet run -c Release -- --filter '*Reader*'   BenchmarkDotNet (any BenchmarkDotNet arguments)
// dotnet run -c Release -- memory [GiB]         streams a generated report of that size and reports the memory growth
if (args.Length > 0 && string.Equals(args[0], "memory", StringComparison.OrdinalIgnoreCase))
{
    return await MemoryMode.RunAsync(args[1..]);
}

// dotnet run -c Release -- sync [days] [seats] [latencyMs]   one-year backfill into PostgreSQL, end to end and by stage
if (args.Length > 0 && string.Equals(args[0], "sync", StringComparison.OrdinalIgnoreCase))
{
    return await SyncBackfillMode.RunAsync(args[1..]);
}

// dotnet run -c Release -- parquet [days] [users] [phase]   Parquet lake export: time, memory, size vs gzip; DuckDB vs store
if (args.Length > 0 && string.Equals(args[0], "parquet", StringComparison.OrdinalIgnoreCase))
{
    return await ParquetMode.RunAsync(args[1..]);
}

// dotnet run -c Release -- http-abuse [seconds] [connections] [abuse-rate]   normal traffic alone, then while anonymous callers ask distinct year-long ranges
if (args.Length > 0 && string.Equals(args[0], "http-abuse", StringComparison.OrdinalIgnoreCase))
{
    return await CopilotMetrics.Benchmarks.Http.HttpAbuseMode.RunAsync(args[1..]);
}

// dotnet <benchmarks dll> simulator-server <seats> <latencyMs> <nowUnixMs>   the sync mode's GitHub, started by the sync mode itself
if (args.Length > 0 && string.Equals(args[0], SimulatorServer.Mode, StringComparison.OrdinalIgnoreCase))
{
    return await SimulatorServer.RunAsync(args[1..]);
}

// dotnet run -c Release -- dashboard-serve [seconds]   the web sample's dashboard over the query data set in memory (tests/browser/measure.mjs times it)
if (args.Length > 0 && string.Equals(args[0], CopilotMetrics.Benchmarks.Http.DashboardServeMode.Mode, StringComparison.OrdinalIgnoreCase))
{
    return await CopilotMetrics.Benchmarks.Http.DashboardServeMode.RunAsync(args[1..]);
}

// dotnet run -c Release -- http [seconds] [connections]   the web sample under wrk, on PostgreSQL and in memory
if (args.Length > 0 && string.Equals(args[0], "http", StringComparison.OrdinalIgnoreCase))
{
    return await CopilotMetrics.Benchmarks.Http.HttpLoadMode.RunAsync(args[1..]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();

// Fail the process (and so the CI smoke run) when a benchmark could not be built or threw.
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
