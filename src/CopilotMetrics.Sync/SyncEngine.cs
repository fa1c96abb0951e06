using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CopilotMetrics.Sync;

/// <summary>
/// Keeps an <see cref="IMetricsStore"/> complete: for each configured scope and dataset it backfills the window, fills
/// gaps, fetches the trailing days again so that late corrections land, retries failed days with backoff across runs,
/// and takes a seat snapshot once a day. Days are stored whole or not at all. Many instances can share one store: each
/// report-day is claimed before it is fetched, so no day is downloaded twice at once. Runs one at a time.
/// </summary>
public sealed class SyncEngine : IDisposable
{
    /// <summary>The first day GitHub has enterprise reports for.</summary>
    public static readonly DateOnly FirstEnterpriseDay = new(2025, 10, 10);

    /// <summary>The first day GitHub has organization reports for.</summary>
    public static readonly DateOnly FirstOrganizationDay = new(2025, 12, 12);

    /// <summary>
    /// The first day of AI-credit billing (GitHub bills Copilot in AI credits since 2026-06-01). Earlier days of
    /// <see cref="SyncDataset.AiCredits"/> are "not available": stored as empty without a request.
    /// </summary>
    public static readonly DateOnly FirstAiCreditDay = new(2026, 6, 1);

    private readonly CopilotMetricsClient _client;
    private readonly IMetricsWriter _writer;
    private readonly ISyncStateStore _state;
    private readonly IOptionsMonitor<SyncOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private readonly string _workerId;
    private readonly SyncMetrics _metrics;

    /// <summary>Creates the engine (DI does this after <c>AddSyncEngine</c>).</summary>
    /// <param name="client">The report client.</param>
    /// <param name="writer">Where the report-days are stored.</param>
    /// <param name="state">Where their sync status and claims are kept (usually the same store as <paramref name="writer"/>).</param>
    /// <param name="options">Sync options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Logging; optional.</param>
    /// <param name="meterFactory">Creates the <see cref="CopilotMetricsTelemetry.MeterName"/> meter of the sync's instruments; optional.</param>
    public SyncEngine(CopilotMetricsClient client, IMetricsWriter writer, ISyncStateStore state, IOptionsMonitor<SyncOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _writer = writer;
        _state = state;
        _options = options;
        _time = timeProvider;
        _logger = (ILogger?)loggerFactory?.CreateLogger<SyncEngine>() ?? NullLogger.Instance;
        _metrics = SyncMetrics.For(meterFactory);
        var worker = options.CurrentValue.WorkerId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        _workerId = worker.Length <= 100 ? worker : worker[..100];
    }

    /// <summary>The result of the last finished run, or <see langword="null"/> before the first.</summary>
    public SyncResult? LastResult { get; private set; }

    /// <summary>When the last run without failures finished.</summary>
    public DateTimeOffset? LastSuccessAt { get; private set; }

    /// <summary>Why the last run could not start (invalid options or credentials), or <see langword="null"/>.</summary>
    internal string? ConfigurationError { get; private set; }

    /// <summary>
    /// Runs one sync over every configured scope and dataset. Waits for a run already in progress to finish first.
    /// Failed days do not throw: they are in <see cref="SyncResult.Failures"/> and in the store's sync status. A
    /// configuration error throws before any day is touched: invalid options, or a scope without usable credentials.
    /// </summary>
    /// <param name="progress">Receives progress after each report-day; optional.</param>
    /// <param name="cancellationToken">Cancels the run; days in flight are rolled back and picked up by the next run.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="OptionsValidationException">The sync or client options are invalid, or a scope has no usable credentials; the message names the setting.</exception>
    public async Task<SyncResult> RunAsync(IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _oneRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SyncResult result;
            try
            {
                result = await RunCoreAsync(progress, cancellationToken).ConfigureAwait(false);
                ConfigurationError = null;
            }
            catch (OptionsValidationException ex)
            {
                ConfigurationError = string.Join(" ", ex.Failures);
                throw;
            }

            LastResult = result;
            if (result.Succeeded)
            {
                LastSuccessAt = _time.GetUtcNow();
            }

            return result;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    /// <summary>The days a scope's window covers for a run at <paramref name="now"/>: ending yesterday (UTC), at most <see cref="SyncOptions.BackfillDays"/> long, never before GitHub's first report day or more than a year back.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="now">The time of the run.</param>
    /// <param name="backfillDays">The window length.</param>
    /// <returns>The window, or <see langword="null"/> when no day is due yet.</returns>
    public static DateRange? Window(MetricsScope scope, DateTimeOffset now, int backfillDays) => SyncPlanner.Window(scope, now, backfillDays);

    private async Task<SyncResult> RunCoreAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var scopes = options.Scopes.Select(MetricsScope.Parse).Distinct().ToList();
        await ValidateCredentialsAsync(scopes, cancellationToken).ConfigureAwait(false);

        var started = _time.GetUtcNow();
        var startedTimestamp = _time.GetTimestamp();
        var tally = new Tally();
        var plan = new List<PlannedDay>();
        foreach (var scope in scopes)
        {
            if (SyncPlanner.StatusRange(scope, started, options.BackfillDays) is not { } range)
            {
                continue;
            }

            var statuses = await _state.GetSyncStatusesAsync(scope, range, cancellationToken).ConfigureAwait(false);
            var scopePlan = SyncPlanner.Plan(scope, statuses, options, started);
            plan.AddRange(scopePlan.Due);
            tally.Planned(scopePlan);
        }

        Log.SyncPlanned(_logger, plan.Count, tally.Skipped);
        var done = 0;
        var readerOptions = options.SkipMalformedLines ? new ReportReaderOptions { MalformedLines = MalformedLineHandling.Skip } : null;
        await Parallel.ForEachAsync(
            plan,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                await SyncDayAsync(item, options, readerOptions, tally, ct).ConfigureAwait(false);
                var finished = Interlocked.Increment(ref done);
                if (progress is not null)
                {
                    var elapsed = _time.GetElapsedTime(startedTimestamp);
                    TimeSpan? estimate = finished == 0 ? null : elapsed / finished * (plan.Count - finished);
                    progress.Report(new SyncProgress(finished, plan.Count, Interlocked.Read(ref tally.Rows), Interlocked.Read(ref tally.Bytes), tally.FailureCount, estimate, item.Key));
                }
            }).ConfigureAwait(false);

        if (options.RetentionDays > 0)
        {
            var cutoff = DateOnly.FromDateTime(started.UtcDateTime).AddDays(-options.RetentionDays);
            var purged = await _writer.PurgeBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            Log.Purged(_logger, purged, cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var result = tally.ToResult(started, _time.GetElapsedTime(startedTimestamp));
        Log.SyncFinished(_logger, result.Stored, result.Empty, result.Skipped, result.Failures.Count, result.Rows, result.Duration);
        return result;
    }

    /// <summary>Stops the run before any day is touched when a scope has no usable credentials.</summary>
    private async Task ValidateCredentialsAsync(List<MetricsScope> scopes, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var scope in scopes)
        {
            try
            {
                await _client.ValidateCredentialsAsync(scope, cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CopilotMetricsOptions), failures);
        }
    }

    private async Task SyncDayAsync(PlannedDay day, SyncOptions options, ReportReaderOptions? readerOptions, Tally tally, CancellationToken cancellationToken)
    {
        var (key, planned) = day;
        if (key.Dataset == SyncDataset.AiCredits && tally.AiCreditsUnavailable(key.Scope))
        {
            // GitHub already refused this scope's billing in this run: no request, no status change.
            Interlocked.Increment(ref tally.Skipped);
            return;
        }

        var lease = await ClaimLease.TryAcquireAsync(_state, key, _workerId, options.ClaimDuration, _time, _logger, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            tally.HeldElsewhere(key);
            return;
        }

        SyncDayStatus? previous = null;
        try
        {
            await using (lease.ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                previous = await _state.GetSyncStatusAsync(key, cancellationToken).ConfigureAwait(false);
                if (previous is { State: SyncDayState.Completed or SyncDayState.Empty } && previous != planned)
                {
                    // Another worker finished this day after this run planned it.
                    Interlocked.Increment(ref tally.Skipped);
                    return;
                }

                var attempts = (previous?.State == SyncDayState.Failed ? previous.Attempts : 0) + 1;
                await _state.SetSyncStatusAsync(Status(key, previous, SyncDayState.InProgress, now) with { Attempts = attempts }, cancellationToken).ConfigureAwait(false);
                try
                {
                    var outcome = await FetchAndStoreAsync(key, readerOptions, lease.Token).ConfigureAwait(false);
                    var finished = _time.GetUtcNow();
                    var status = Status(key, previous, outcome.Stored is null ? SyncDayState.Empty : SyncDayState.Completed, finished) with
                    {
                        Attempts = 0,
                        LastError = null,
                        NextAttemptAt = null,
                        RowCount = outcome.Stored?.Rows ?? 0,
                        SkippedLines = outcome.SkippedLines,
                        ContentHash = outcome.Stored?.ContentHash,
                        CompletedAt = finished,
                        UnknownProperties = [.. outcome.UnknownProperties.Keys.Order(StringComparer.Ordinal)],
                    };
                    await _state.SetSyncStatusAsync(status, CancellationToken.None).ConfigureAwait(false);
                    tally.Done(key, previous, status, outcome);
                    ReportDrift(key, outcome.UnknownProperties, tally);
                }
                catch (OperationCanceledException) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
                {
                    // The day belongs to another worker now: its status is that worker's to write.
                    tally.HeldElsewhere(key);
                }
                catch (GitHubApiException ex) when (key.Dataset == SyncDataset.AiCredits && ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                {
                    // No billing access (or no usage-based billing) for this scope: the dataset is unavailable, not 85
                    // failed days. The day keeps what it had (a stored version stays); a day never stored stays pending,
                    // with the reason, so that the next run asks again (one request) and a later grant of access backfills.
                    var kept = previous is { State: SyncDayState.Completed or SyncDayState.Empty }
                        ? previous
                        : Status(key, previous, SyncDayState.Pending, _time.GetUtcNow()) with { Attempts = 0, LastError = $"unavailable: {ex.Message}", NextAttemptAt = null };
                    await _state.SetSyncStatusAsync(kept, CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Increment(ref tally.Skipped);
                    if (tally.MarkAiCreditsUnavailable(key.Scope))
                    {
                        tally.Warn($"{key.Scope}: AI credits unavailable (HTTP {(int)ex.StatusCode}): the AI-credit days of this scope were not synced. Give the token billing read access (organization administrator, or enterprise owner / billing manager), or remove AiCredits from CopilotMetrics:Sync:Datasets. {ex.Message}");
                        Log.AiCreditsUnavailable(_logger, key.Scope.ToString(), (int)ex.StatusCode, ex.Message);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var finished = _time.GetUtcNow();
                    var wait = ex is RateLimitExceededException { ResetsAt: { } reset } && reset > finished
                        ? reset - finished
                        : TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, options.RetryBackoff.Ticks * (1L << Math.Min(20, attempts - 1))));
                    var reason = Describe(ex);
                    await _state.SetSyncStatusAsync(Status(key, previous, SyncDayState.Failed, finished) with { Attempts = attempts, LastError = reason, NextAttemptAt = finished + wait }, CancellationToken.None).ConfigureAwait(false);
                    var failure = new SyncFailure(key, reason, attempts);
                    if (attempts >= options.MaxAttempts)
                    {
                        tally.GiveUp(failure);
                    }
                    else
                    {
                        tally.Failure(failure, count: true);
                    }

                    Log.DayFailed(_logger, key.ToString(), attempts, reason);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The store rolled the day back; put the status back so the next run picks the day up.
            var back = previous is null ? Status(key, null, SyncDayState.Pending, _time.GetUtcNow()) : previous;
            await _state.SetSyncStatusAsync(back, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            // Released at once, also when the run is cancelled (Ctrl+C, SIGTERM): another worker may take the day now.
            await _state.ReleaseClaimAsync(key, _workerId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<DayOutcome> FetchAndStoreAsync(SyncDayKey key, ReportReaderOptions? readerOptions, CancellationToken cancellationToken)
    {
        var (scope, dataset, day) = key;
        if (dataset == SyncDataset.AiCredits)
        {
            if (day < FirstAiCreditDay)
            {
                return new DayOutcome(null, 0, 0, null);
            }

            var usage = await _client.GetAiCreditUsageForDayAsync(scope, day, cancellationToken).ConfigureAwait(false);
            var credits = await _writer.ReplaceAiCreditDayAsync(scope, day, Items(usage.UsageItems), cancellationToken).ConfigureAwait(false);
            return new DayOutcome(credits, 0, 0, null);
        }

        if (dataset == SyncDataset.Seats)
        {
            var seats = await _writer.ReplaceSeatSnapshotAsync(scope, day, _client.GetSeatsAsync(scope, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new DayOutcome(seats, 0, 0, seats.Rows == 0 ? $"{key}: GitHub listed no seats." : null, NoUnknownProperties);
        }

        var links = await _client.GetReportLinksAsync(scope, ReportOf(dataset), day, cancellationToken).ConfigureAwait(false);
        if (links is null)
        {
            return new DayOutcome(null, 0, 0, null, NoUnknownProperties);
        }

        var statistics = new ReportReadStatistics();
        var stored = dataset switch
        {
            SyncDataset.Aggregate => await _writer.ReplaceAggregateDayAsync(scope, await SingleDayAsync(key, _client.ReadAggregateDaysAsync(links, readerOptions, statistics, cancellationToken)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            SyncDataset.Users => await _writer.ReplaceUserDayAsync(scope, day, _client.ReadUsersAsync(links, readerOptions, statistics, cancellationToken), cancellationToken).ConfigureAwait(false),
            SyncDataset.UserTeams => await _writer.ReplaceUserTeamDayAsync(scope, day, _client.ReadUserTeamsAsync(links, readerOptions, statistics, cancellationToken), cancellationToken).ConfigureAwait(false),
            _ => await _writer.ReplaceRepositoryDayAsync(scope, day, _client.ReadRepositoriesAsync(links, readerOptions, statistics, cancellationToken), cancellationToken).ConfigureAwait(false),
        };

        var warning = stored.Rows == 0 && dataset is SyncDataset.Users or SyncDataset.UserTeams
            ? $"{key}: GitHub served a report with zero rows; stored as empty. Check that the scope has Copilot users and that telemetry is on."
            : null;
        if (statistics.SkippedLines > 0)
        {
            var first = statistics.SkippedLineErrors.Count > 0 ? statistics.SkippedLineErrors[0].Message : "";
            warning = $"{key}: stored without {statistics.SkippedLines} malformed line(s). First: {first}";
        }

        if (statistics.UnknownPropertiesNotKept > 0)
        {
            warning = (warning is null ? "" : warning + " ") + $"{key}: {statistics.UnknownPropertiesNotKept} occurrence(s) of unknown properties past the first {ReportReadStatistics.MaxKeptUnknownProperties} names (or with overlong names) were kept but not named.";
        }

        return new DayOutcome(stored, statistics.SkippedLines, statistics.BytesRead, warning, statistics.UnknownProperties);
    }

    /// <summary>Counts a stored day's unknown properties on the counter, and logs each one the first time this run sees it.</summary>
    private void ReportDrift(SyncDayKey key, IReadOnlyDictionary<string, long> unknown, Tally tally)
    {
        foreach (var (path, count) in unknown)
        {
            _metrics.UnknownProperties.Add(
                count,
                new KeyValuePair<string, object?>(SyncMetrics.DatasetAttribute, DatasetName(key.Dataset)),
                new KeyValuePair<string, object?>(SyncMetrics.PropertyPathAttribute, path));
            if (tally.Drift(new SyncDrift(key, path, count)))
            {
                Log.UnknownProperty(_logger, path, key.Dataset.ToString(), key.ToString(), count);
            }
        }
    }

    private static string DatasetName(SyncDataset dataset) => dataset switch
    {
        SyncDataset.Aggregate => "aggregate",
        SyncDataset.Users => "users",
        SyncDataset.UserTeams => "user_teams",
        SyncDataset.Repositories => "repositories",
        _ => "seats",
    };

    /// <summary>The 1-day report a dataset is fetched from (the one place that maps them).</summary>
    private static ReportType ReportOf(SyncDataset dataset) => dataset switch
    {
        SyncDataset.Aggregate => ReportType.Aggregate1Day,
        SyncDataset.Users => ReportType.Users1Day,
        SyncDataset.UserTeams => ReportType.UserTeams1Day,
        SyncDataset.Repositories => ReportType.Repositories1Day,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "This dataset is not fetched from a report."),
    };

#pragma warning disable CS1998 // The items are in memory; the writer consumes a stream.
    private static async IAsyncEnumerable<T> Items<T>(IEnumerable<T> items)
#pragma warning restore CS1998
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }

    /// <summary>The one aggregate record of the day a 1-day report holds; anything else is an error.</summary>
    private static async Task<AggregateDayRecord> SingleDayAsync(SyncDayKey key, IAsyncEnumerable<AggregateDayRecord> records)
    {
        var days = new List<AggregateDayRecord>(1);
        await foreach (var record in records.ConfigureAwait(false))
        {
            days.Add(record);
        }

        var match = days.Where(d => d.Day == key.Day).ToList();
        return match.Count == 1
            ? match[0]
            : throw new CopilotMetricsException($"The aggregate report for {key} holds {days.Count} record(s), {match.Count} of them for {key.Day:yyyy-MM-dd}; expected exactly one.");
    }

    /// <inheritdoc />
    public void Dispose() => _oneRun.Dispose();

    private static SyncDayStatus Status(SyncDayKey key, SyncDayStatus? previous, SyncDayState state, DateTimeOffset now) =>
        (previous ?? new SyncDayStatus { Key = key }) with { State = state, UpdatedAt = now };

    private static string Describe(Exception ex) => ex switch
    {
        ReportFormatException format => format.Message,
        CopilotMetricsException known => known.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static readonly IReadOnlyDictionary<string, long> NoUnknownProperties = new Dictionary<string, long>();

    private sealed record DayOutcome(StoredDay? Stored, long SkippedLines, long Bytes, string? Warning, IReadOnlyDictionary<string, long> UnknownProperties);

    private sealed class Tally
    {
        private readonly ConcurrentQueue<SyncFailure> _failures = new();
        private readonly ConcurrentQueue<SyncFailure> _gaveUp = new();
        private readonly ConcurrentQueue<string> _warnings = new();
        private readonly ConcurrentQueue<SyncDayKey> _heldElsewhere = new();
        private readonly ConcurrentQueue<SyncDrift> _drift = new();
        private readonly ConcurrentDictionary<(SyncDataset, string), bool> _driftSeen = new();
        private readonly ConcurrentDictionary<MetricsScope, bool> _noAiCredits = new();
        public long Rows;
        public long Bytes;
        public long SkippedLines;
        public int Stored;
        public int Corrected;
        public int Empty;
        public int Skipped;
        private int _failed;

        public int FailureCount => Volatile.Read(ref _failed);

        public void Planned(ScopePlan plan)
        {
            Skipped += plan.Complete + plan.Waiting.Count;
            foreach (var waiting in plan.Waiting)
            {
                _failures.Enqueue(waiting);
            }

            foreach (var gaveUp in plan.GaveUp)
            {
                _gaveUp.Enqueue(gaveUp);
            }
        }

        public void Done(SyncDayKey key, SyncDayStatus? previous, SyncDayStatus status, DayOutcome outcome)
        {
            if (status.State == SyncDayState.Empty)
            {
                Interlocked.Increment(ref Empty);
                return;
            }

            Interlocked.Increment(ref Stored);
            if (previous is { State: SyncDayState.Completed, ContentHash: { } before } && before != status.ContentHash)
            {
                Interlocked.Increment(ref Corrected);
            }

            Interlocked.Add(ref Rows, status.RowCount);
            Interlocked.Add(ref Bytes, outcome.Bytes);
            Interlocked.Add(ref SkippedLines, outcome.SkippedLines);
            if (outcome.Warning is not null)
            {
                _warnings.Enqueue(outcome.Warning);
            }
        }

        public void Failure(SyncFailure failure, bool count)
        {
            _failures.Enqueue(failure);
            if (count)
            {
                Interlocked.Increment(ref _failed);
            }
        }

        public void GiveUp(SyncFailure failure) => _gaveUp.Enqueue(failure);

        /// <summary>Adds a drift; <see langword="true"/> the first time this run sees its dataset and path.</summary>
        public bool Drift(SyncDrift drift)
        {
            _drift.Enqueue(drift);
            return _driftSeen.TryAdd((drift.Key.Dataset, drift.Path), true);
        }

        public void Warn(string warning) => _warnings.Enqueue(warning);

        public bool AiCreditsUnavailable(MetricsScope scope) => _noAiCredits.ContainsKey(scope);

        /// <summary>Records that GitHub refused the scope's billing; true the first time (so that one warning is given).</summary>
        public bool MarkAiCreditsUnavailable(MetricsScope scope) => _noAiCredits.TryAdd(scope, true);

        public void HeldElsewhere(SyncDayKey key)
        {
            Interlocked.Increment(ref Skipped);
            _heldElsewhere.Enqueue(key);
        }

        public SyncResult ToResult(DateTimeOffset started, TimeSpan duration) => new()
        {
            StartedAt = started,
            Duration = duration,
            Stored = Stored,
            Corrected = Corrected,
            Empty = Empty,
            Skipped = Skipped,
            Rows = Rows,
            Bytes = Bytes,
            SkippedLines = SkippedLines,
            Failures = [.. _failures.OrderBy(f => f.Key.ToString(), StringComparer.Ordinal)],
            GaveUp = [.. _gaveUp.OrderBy(f => f.Key.ToString(), StringComparer.Ordinal)],
            Warnings = [.. _warnings.Order(StringComparer.Ordinal)],
            HeldByOtherWorkers = [.. _heldElsewhere.OrderBy(k => k.ToString(), StringComparer.Ordinal)],
            Drift = [.. _drift.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal).ThenBy(d => d.Path, StringComparer.Ordinal)],
        };
    }
}
