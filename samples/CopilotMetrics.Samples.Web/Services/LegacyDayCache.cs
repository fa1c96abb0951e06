using System.Buffers;
using System.Collections.Concurrent;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Legacy;
using CopilotMetrics.Sync;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// The legacy <c>/api/metrics</c> answer in historical mode, from days kept as their JSON for
/// <see cref="WebSettings.LegacyCacheDuration"/> (LEGACY_CACHE_SECONDS). Projecting a day parses its whole aggregate
/// record (tens of KB), so an old dashboard asking 90 days on every page load would parse megabytes per request;
/// a day's projection only changes when a sync replaces it.
/// </summary>
/// <remarks>
/// A request takes the days it finds and loads the missing ones in one projection of the range that covers them;
/// concurrent requests wait for a day another request is loading instead of loading it again. A day with no data
/// is kept too (as "nothing"), so that a range reaching past the latest stored day does not reload. Entries expire
/// after the duration, and at once when a sync of this process (scheduled or admin) finishes; a web-only replica
/// sees another process's sync after at most the duration. A failed load is not kept.
/// </remarks>
internal sealed class LegacyDayCache(WebSettings settings, TimeProvider time, IServiceProvider services)
{
    private const int SweepAbove = 4096;

    private readonly ConcurrentDictionary<(MetricsScope Scope, DateOnly Day), Entry> _days = new();
    private readonly SyncEngine? _engine = services.GetService<SyncEngine>();
    private int _loads;

    /// <summary>Projections run (each covers one or more missing days), for tests and diagnostics.</summary>
    public int Loads => Volatile.Read(ref _loads);

    /// <summary>The days of the range as a JSON array, written by the returned result straight from the cached parts.</summary>
    public async Task<IResult> GetJsonAsync(IMetricsReader store, MetricsScope scope, DateRange range, CancellationToken cancellationToken)
    {
        var duration = settings.LegacyCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            Interlocked.Increment(ref _loads);
            return Results.Bytes(LegacyMetricsJson.SerializeToUtf8Bytes(await LegacyMetricsProjection.ProjectAsync(store, scope, range, cancellationToken)), "application/json");
        }

        var now = time.GetUtcNow();
        var generation = _engine?.LastResult; // a finished sync run of this process makes every older entry stale
        if (_days.Count > SweepAbove)
        {
            Sweep(now, duration, generation);
        }

        var entries = new Entry[range.Days];
        List<Entry>? mine = null;
        var i = 0;
        foreach (var day in range.EachDay())
        {
            var key = (scope, day);
            while (true)
            {
                var created = new Entry(day, generation);
                var entry = _days.GetOrAdd(key, created);
                if (ReferenceEquals(entry, created))
                {
                    (mine ??= []).Add(entry);
                }
                else if (entry.IsStale(now, duration, generation))
                {
                    _days.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>(key, entry));
                    continue;
                }

                entries[i++] = entry;
                break;
            }
        }

        if (mine is not null)
        {
            // Shared with other requests' waits, so this request's cancellation does not cancel it.
            await LoadAsync(store, scope, mine);
        }

        var parts = await Task.WhenAll(entries.Select(e => e.Json)).WaitAsync(cancellationToken);
        return new JsonArrayResult(parts);
    }

    private async Task LoadAsync(IMetricsReader store, MetricsScope scope, List<Entry> entries)
    {
        Interlocked.Increment(ref _loads);
        try
        {
            var days = await LegacyMetricsProjection.ProjectAsync(store, scope, new DateRange(entries[0].Day, entries[^1].Day), CancellationToken.None);
            var byDay = days.ToDictionary(d => d.Date);
            var completed = time.GetUtcNow();
            foreach (var entry in entries)
            {
                entry.Complete(byDay.TryGetValue(entry.Day, out var day) ? LegacyMetricsJson.SerializeToUtf8Bytes(day) : [], completed);
            }
        }
        catch (Exception e)
        {
            foreach (var entry in entries)
            {
                _days.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>((scope, entry.Day), entry));
                entry.Fail(e);
            }
        }
    }

    private void Sweep(DateTimeOffset now, TimeSpan duration, SyncResult? generation)
    {
        foreach (var (key, entry) in _days)
        {
            if (entry.IsStale(now, duration, generation))
            {
                _days.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>(key, entry));
            }
        }
    }

    private sealed class Entry(DateOnly day, SyncResult? generation)
    {
        private readonly TaskCompletionSource<byte[]> _json = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _completedAtTicks = -1; // UTC ticks once loaded

        public DateOnly Day { get; } = day;

        /// <summary>The day's JSON object, or empty for a day without data.</summary>
        public Task<byte[]> Json => _json.Task;

        /// <summary>Loaded before the duration passed and after this process's last sync; a load in progress is never stale.</summary>
        public bool IsStale(DateTimeOffset now, TimeSpan duration, SyncResult? current) =>
            !ReferenceEquals(generation, current) || _json.Task.IsFaulted ||
            (Volatile.Read(ref _completedAtTicks) is var ticks and >= 0 && now.UtcTicks - ticks >= duration.Ticks);

        public void Complete(byte[] json, DateTimeOffset at)
        {
            Volatile.Write(ref _completedAtTicks, at.UtcTicks);
            _json.TrySetResult(json);
        }

        public void Fail(Exception exception) => _json.TrySetException(exception);
    }

    /// <summary>
    /// Writes the non-empty parts as one JSON array (what <see cref="LegacyMetricsJson.SerializeToUtf8Bytes(IReadOnlyList{LegacyMetricsDay})"/>
    /// writes), with its Content-Length, without joining them into one array first: a 90-day answer is ~580 KB, which
    /// would be a large-object-heap allocation per request.
    /// </summary>
    private sealed class JsonArrayResult(byte[][] parts) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var length = 2L;
            var count = 0;
            foreach (var part in parts)
            {
                if (part.Length > 0)
                {
                    length += part.Length + (count++ > 0 ? 1 : 0);
                }
            }

            var response = httpContext.Response;
            response.ContentType = "application/json";
            response.ContentLength = length;
            var body = response.BodyWriter;
            body.Write("["u8);
            var first = true;
            foreach (var part in parts)
            {
                if (part.Length == 0)
                {
                    continue;
                }

                if (!first)
                {
                    body.Write(","u8);
                }

                body.Write(part);
                first = false;
                if (body.UnflushedBytes >= 64 * 1024)
                {
                    await body.FlushAsync(httpContext.RequestAborted);
                }
            }

            body.Write("]"u8);
            await body.FlushAsync(httpContext.RequestAborted);
        }
    }
}
