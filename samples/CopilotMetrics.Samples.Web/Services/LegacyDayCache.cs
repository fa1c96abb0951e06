using System.Buffers;
using System.Collections.Concurrent;
using CopilotMetrics.Storage;
using CopilotMetrics.Storage.Legacy;
using CopilotMetrics.Sync;
using Microsoft.Extensions.Caching.Memory;

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
/// is kept too (as "nothing"), so that a range reaching past the latest stored day does not reload — but only a day
/// GitHub can have (<see cref="GitHubDays"/>): any other is answered without being kept. The loaded days live in a
/// <see cref="MemoryCache"/> bounded by bytes (<see cref="WebSettings.LegacyCacheBytes"/>, LEGACY_CACHE_MAX_MB: each
/// day counts its JSON and a fixed overhead), which evicts when full, so that callers asking ever-new ranges cannot
/// grow the process; nothing walks the whole cache on a request. Entries are stale after the duration, and at once
/// when a sync of this process (scheduled or admin) finishes; a web-only replica sees another process's sync after at
/// most the duration. A failed load is not kept.
/// </remarks>
internal sealed class LegacyDayCache : IDisposable
{
    /// <summary>What a kept day costs beyond its JSON: the key, the entry and the cache's own bookkeeping.</summary>
    internal const int EntryOverheadBytes = 256;

    private readonly WebSettings _settings;
    private readonly TimeProvider _time;
    private readonly SyncEngine? _engine;
    private readonly MemoryCache _days;
    private readonly ConcurrentDictionary<(MetricsScope Scope, DateOnly Day), Entry> _loading = new();
    private int _loads;

    public LegacyDayCache(WebSettings settings, TimeProvider time, IServiceProvider services)
    {
        _settings = settings;
        _time = time;
        _engine = services.GetService<SyncEngine>();
        _days = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, settings.LegacyCacheBytes), CompactionPercentage = 0.25, TrackStatistics = true });
    }

    /// <summary>Projections run (each covers one or more missing days), for tests and diagnostics.</summary>
    public int Loads => Volatile.Read(ref _loads);

    /// <summary>Days kept, for tests and diagnostics.</summary>
    public int Count => _days.Count;

    /// <summary>What the kept days count against <see cref="WebSettings.LegacyCacheBytes"/>, for tests and diagnostics.</summary>
    public long Bytes => _days.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>The days of the range as a JSON array, written by the returned result straight from the cached parts.</summary>
    public async Task<IResult> GetJsonAsync(IMetricsReader store, MetricsScope scope, DateRange range, CancellationToken cancellationToken)
    {
        var duration = _settings.LegacyCacheDuration;
        if (duration <= TimeSpan.Zero || !GitHubDays.Contains(range.From, _time) || !GitHubDays.Contains(range.To, _time))
        {
            Interlocked.Increment(ref _loads);
            return Results.Bytes(LegacyMetricsJson.SerializeToUtf8Bytes(await LegacyMetricsProjection.ProjectAsync(store, scope, range, cancellationToken)), "application/json");
        }

        var now = _time.GetUtcNow();
        var generation = _engine?.LastResult; // a finished sync run of this process makes every older entry stale
        var parts = new Task<byte[]>[range.Days];
        List<Entry>? mine = null;
        var i = 0;
        foreach (var day in range.EachDay())
        {
            var key = (scope, day);
            if (_days.TryGetValue(key, out Kept? kept) && kept is not null && !kept.IsStale(now, duration, generation))
            {
                parts[i++] = Task.FromResult(kept.Json);
                continue;
            }

            while (true)
            {
                var created = new Entry(day, generation);
                var entry = _loading.GetOrAdd(key, created);
                if (ReferenceEquals(entry, created))
                {
                    (mine ??= []).Add(entry);
                }
                else if (!ReferenceEquals(entry.Generation, generation) || entry.Json.IsFaulted)
                {
                    _loading.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>(key, entry));
                    continue;
                }

                parts[i++] = entry.Json;
                break;
            }
        }

        if (mine is not null)
        {
            // Shared with other requests' waits, so this request's cancellation does not cancel it.
            await LoadAsync(store, scope, mine);
        }

        return new JsonArrayResult(await Task.WhenAll(parts).WaitAsync(cancellationToken));
    }

    public void Dispose() => _days.Dispose();

    private async Task LoadAsync(IMetricsReader store, MetricsScope scope, List<Entry> entries)
    {
        Interlocked.Increment(ref _loads);
        try
        {
            var days = await LegacyMetricsProjection.ProjectAsync(store, scope, new DateRange(entries[0].Day, entries[^1].Day), CancellationToken.None);
            var byDay = days.ToDictionary(d => d.Date);
            var completed = _time.GetUtcNow();
            foreach (var entry in entries)
            {
                var json = byDay.TryGetValue(entry.Day, out var day) ? LegacyMetricsJson.SerializeToUtf8Bytes(day) : [];
                _days.Set((scope, entry.Day), new Kept(json, completed, entry.Generation), new MemoryCacheEntryOptions { Size = json.Length + EntryOverheadBytes });
                _loading.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>((scope, entry.Day), entry));
                entry.Complete(json);
            }
        }
        catch (Exception e)
        {
            foreach (var entry in entries)
            {
                _loading.TryRemove(new KeyValuePair<(MetricsScope, DateOnly), Entry>((scope, entry.Day), entry));
                entry.Fail(e);
            }
        }
    }

    /// <summary>A loaded day: its JSON object (empty for a day without data), when it was loaded, and after which sync.</summary>
    private sealed record Kept(byte[] Json, DateTimeOffset LoadedAt, SyncResult? Generation)
    {
        /// <summary>Loaded longer ago than the duration, or before this process's last sync.</summary>
        public bool IsStale(DateTimeOffset now, TimeSpan duration, SyncResult? current) =>
            !ReferenceEquals(Generation, current) || now - LoadedAt >= duration;
    }

    /// <summary>A day being loaded, which other requests wait for.</summary>
    private sealed class Entry(DateOnly day, SyncResult? generation)
    {
        private readonly TaskCompletionSource<byte[]> _json = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateOnly Day { get; } = day;

        public SyncResult? Generation { get; } = generation;

        public Task<byte[]> Json => _json.Task;

        public void Complete(byte[] json) => _json.TrySetResult(json);

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
