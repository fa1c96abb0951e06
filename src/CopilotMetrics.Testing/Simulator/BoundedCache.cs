namespace CopilotMetrics.Testing.Simulation;

/// <summary>What a cache entry holds.</summary>
internal enum CacheKind
{
    DayFile,
    WindowAggregate,
    Aggregate28Parts,
    Gzip,
    Seats,
}

/// <summary>
/// The key of a generated artifact: scope, kind, report, day (or window end), revision, file and an extra
/// discriminator (the revisions of a 28-day window).
/// </summary>
internal readonly record struct CacheKey(int Scope, CacheKind Kind, ReportType Report, DateOnly Day, int Revision, int Part = 0, int Parts = 0, string Extra = "");

/// <summary>
/// A least-recently-used cache bounded by the bytes of its values. Each value is built once even under concurrent
/// requests for it (a <see cref="Lazy{T}"/> per key); a failed build is not cached.
/// </summary>
internal sealed class BoundedCache(long limit)
{
    private readonly object _sync = new();
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private long _size;

    public long Size
    {
        get
        {
            lock (_sync)
            {
                return _size;
            }
        }
    }

    public T GetOrAdd<T>(CacheKey key, Func<T> factory, Func<T, long> sizeOf)
        where T : class
    {
        if (limit == 0)
        {
            return factory();
        }

        Entry entry;
        lock (_sync)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                entry = node.Value;
            }
            else
            {
                entry = new Entry(key, new Lazy<object>(() => factory(), LazyThreadSafetyMode.ExecutionAndPublication));
                _map[key] = _lru.AddFirst(entry);
            }
        }

        T value;
        try
        {
            value = (T)entry.Value.Value;
        }
        catch
        {
            lock (_sync)
            {
                if (_map.TryGetValue(key, out var node) && ReferenceEquals(node.Value, entry))
                {
                    _map.Remove(key);
                    _lru.Remove(node);
                }
            }

            throw;
        }

        lock (_sync)
        {
            if (entry.Size < 0 && _map.TryGetValue(key, out var node) && ReferenceEquals(node.Value, entry))
            {
                entry.Size = Math.Max(1, sizeOf(value));
                _size += entry.Size;
                Evict(entry);
            }
        }

        return value;
    }

    public void Clear()
    {
        lock (_sync)
        {
            _map.Clear();
            _lru.Clear();
            _size = 0;
        }
    }

    private void Evict(Entry keep)
    {
        while (_size > limit && _lru.Last is { } last && !ReferenceEquals(last.Value, keep))
        {
            _lru.RemoveLast();
            _map.Remove(last.Value.Key);
            if (last.Value.Size > 0)
            {
                _size -= last.Value.Size;
            }
        }
    }

    private sealed class Entry(CacheKey key, Lazy<object> value)
    {
        public CacheKey Key { get; } = key;

        public Lazy<object> Value { get; } = value;

        public long Size { get; set; } = -1;
    }
}
