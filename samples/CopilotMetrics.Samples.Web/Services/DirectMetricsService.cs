using System.Collections.Concurrent;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.InMemory;
using CopilotMetrics.Storage.Legacy;
using CopilotMetrics.Sync;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// Direct mode (the design's stateless default): the days of a request are downloaded from GitHub through the
/// client on demand and kept for <see cref="CacheDuration"/>. Concurrent requests for the same scope and day share
/// one download (a <see cref="Lazy{T}"/> task per key); a failed download is not cached. The downloaded days go into
/// a private in-memory store so the legacy projection is the same code as in historical mode.
/// </summary>
internal sealed partial class DirectMetricsService : IDisposable
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed download is answered from its failure before GitHub is asked again.</summary>
    public static readonly TimeSpan FailureCacheDuration = TimeSpan.FromSeconds(30);

    private readonly CopilotMetricsClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectMetricsService> _logger;
    private readonly InMemoryMetricsStore _days;
    private readonly ConcurrentDictionary<(MetricsScope Scope, DateOnly Day), Entry> _cache = new();
    private readonly SemaphoreSlim _downloads = new(8, 8);

    public DirectMetricsService(CopilotMetricsClient client, TimeProvider time, ILogger<DirectMetricsService> logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _days = new InMemoryMetricsStore(time);
    }

    /// <summary>Day loads started (not served from the cache), for tests and diagnostics.</summary>
    public int Loads => Volatile.Read(ref _loads);

    private int _loads;

    public async Task<IReadOnlyList<LegacyMetricsDay>> GetLegacyDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken)
    {
        // Only days GitHub can have reports for (the scope's first day, a year back, up to yesterday) go upstream; the
        // others have no data, and asking would only spend the rate limit.
        if (SyncEngine.Window(scope, _time.GetUtcNow(), 365) is { } available)
        {
            await Task.WhenAll(range.EachDay().Where(available.Contains).Select(day => LoadAsync(scope, day, cancellationToken)));
        }

        return await LegacyMetricsProjection.ProjectAsync(_days, scope, range, cancellationToken);
    }

    public void Dispose() => _downloads.Dispose();

    private Task LoadAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken)
    {
        var key = (scope, day);
        while (true)
        {
            var mine = new Entry(this, scope, day);
            var entry = _cache.GetOrAdd(key, mine);
            var load = entry.Task; // starts the download when the entry is new
            var fresh = ReferenceEquals(entry, mine);
            var now = _time.GetUtcNow();
            var stale = (entry.CompletedAt is { } completed && now - completed >= CacheDuration)
                        || (load.IsFaulted && entry.FailedAt is { } failed && now - failed >= FailureCacheDuration);
            if (!fresh && (stale || load.IsCanceled))
            {
                // Expired, or a failure older than FailureCacheDuration: drop that entry (unless another request already
                // replaced it) and try again. A recent failure is answered as it is, so that a failing day does not
                // send every request upstream.
                _cache.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>(key, entry));
                continue;
            }

            // The download is shared, so one request's cancellation must not cancel it: only the wait is cancelled.
            return load.WaitAsync(cancellationToken);
        }
    }

    private async Task DownloadAsync(MetricsScope scope, DateOnly day, Entry entry)
    {
        Interlocked.Increment(ref _loads);
        await _downloads.WaitAsync();
        try
        {
            LogDownloading(_logger, scope, day);
            var aggregates = ReadAllAsync(_client.ReadAggregateDaysAsync(scope, day));
            var users = ReadAllAsync(_client.ReadUsersAsync(scope, day));
            await Task.WhenAll(aggregates, users);
            foreach (var record in (await aggregates).Where(r => r.Day == day))
            {
                await _days.ReplaceAggregateDayAsync(scope, record);
            }

            await _days.ReplaceUserDayAsync(scope, day, (await users).ToAsyncEnumerable());
            entry.CompletedAt = _time.GetUtcNow();
        }
        catch
        {
            entry.FailedAt = _time.GetUtcNow(); // before the task faults: a waiter that sees the failure sees its time
            throw;
        }
        finally
        {
            _downloads.Release();
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    [LoggerMessage(1, LogLevel.Debug, "Direct mode: downloading {Scope} {Day}")]
    private static partial void LogDownloading(ILogger logger, MetricsScope scope, DateOnly day);

    private sealed class Entry
    {
        private readonly Lazy<Task> _task;

        public Entry(DirectMetricsService owner, MetricsScope scope, DateOnly day) =>
            _task = new Lazy<Task>(() => owner.DownloadAsync(scope, day, this), LazyThreadSafetyMode.ExecutionAndPublication);

        public Task Task => _task.Value;

        /// <summary>When the download finished (the cache age counts from here); null before or after a failure.</summary>
        public DateTimeOffset? CompletedAt { get; set; }

        /// <summary>When the download failed; null unless it did.</summary>
        public DateTimeOffset? FailedAt { get; set; }
    }
}
