using System.Runtime.CompilerServices;
using CopilotMetrics.Billing;
using CopilotMetrics.Reports;
using CopilotMetrics.Seats;
using CopilotMetrics.Storage.InMemory.Internal;

namespace CopilotMetrics.Storage.InMemory;

/// <summary>
/// An <see cref="IMetricsStore"/> that keeps everything in process memory: for samples, tests, and small hosts that
/// re-sync after a restart. Thread-safe; passes the same conformance suite as the PostgreSQL store.
/// </summary>
/// <remarks>
/// <para>
/// Each stored day is an immutable version. A write buffers and validates the whole incoming stream, builds the new
/// version, and swaps it in under a short lock only when the stream completed; a stream that throws, a record of
/// another day, a repeated key or a cancellation leave the previous version in place. Readers copy references to the
/// versions they need under the same lock and compute outside it, so a read sees either the old or the new version
/// of a day, never a mix, and never blocks a writer for long.
/// </para>
/// <para>
/// Records are kept losslessly as the JSON that <see cref="ContentHash"/> hashed (unknown fields included); reads
/// deserialize fresh objects, so callers can neither change stored data through a record they wrote nor through
/// one they read. Per-user rows are kept ordered by user id and user-team rows by team id then user id (the order
/// the reads return and the content hash covers); repository rows and seats keep the order they were written in.
/// </para>
/// </remarks>
public sealed partial class InMemoryMetricsStore : IMetricsStore
{
    private const int ClaimSweepThreshold = 4096;

    private readonly object _gate = new();
    private readonly Dictionary<MetricsScope, ScopeState> _scopes = [];
    private readonly Dictionary<SyncDayKey, Claim> _claims = [];
    private readonly Dictionary<MetricsScope, UserIndex> _userIndexes = [];
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">
    /// The clock used only to sweep long-expired claims from memory (claim decisions use the <c>now</c> the caller
    /// passes); <see cref="TimeProvider.System"/> when <see langword="null"/>.
    /// </param>
    public InMemoryMetricsStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    // ---- writes -------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task<StoredDay> ReplaceAggregateDayAsync(MetricsScope scope, AggregateDayRecord record, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(record);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StoredDay>(cancellationToken);
        }

        using var hash = new ContentHash();
        var json = hash.Add(record).ToArray();
        var version = new AggregateDay(record.Day, json, ReportJson.Deserialize<AggregateDayRecord>(json), hash.Finish());

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StoredDay>(cancellationToken);
        }

        var replaced = Swap(scope, static s => s.Aggregates, record.Day, version);
        return Task.FromResult(new StoredDay(1, version.ContentHash, replaced));
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceUserDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();

        var buffer = new List<UserDayRecord>();
        var check = new DayRecordValidator(day, nameof(records));
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.Add(check.Check(record));
        }

        buffer.Sort(static (a, b) => a.UserId.CompareTo(b.UserId));
        using var hash = new ContentHash();
        var rows = new UserRow[buffer.Count];
        var facts = new UserFacts[buffer.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = UserRow.Create(buffer[i], hash.Add(buffer[i]).ToArray());
            facts[i] = new UserFacts(ActivityCounts.From(buffer[i]), buffer[i].AiCreditsUsed);
        }

        var version = new UserDay(day, rows, facts, hash.Finish(), UserIndexOf(scope));
        cancellationToken.ThrowIfCancellationRequested();
        var replaced = Swap(scope, static s => s.Users, day, version);
        return new StoredDay(rows.Length, version.ContentHash, replaced);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceUserTeamDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<UserTeamRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();

        var buffer = new List<UserTeamRecord>();
        var check = new DayRecordValidator(day, nameof(records));
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.Add(check.Check(record));
        }

        buffer.Sort(static (a, b) => a.TeamId != b.TeamId ? a.TeamId.CompareTo(b.TeamId) : a.UserId.CompareTo(b.UserId));
        using var hash = new ContentHash();
        var rows = new TeamRow[buffer.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = buffer[i];
            rows[i] = new TeamRow(r.TeamId, r.UserId, r.Slug, hash.Add(r).ToArray());
        }

        var version = new UserTeamDay(day, rows, hash.Finish(), UserIndexOf(scope));
        cancellationToken.ThrowIfCancellationRequested();
        var replaced = Swap(scope, static s => s.UserTeams, day, version);
        return new StoredDay(rows.Length, version.ContentHash, replaced);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceRepositoryDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<RepositoryDayRecord> records, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        var rows = new List<byte[]>();
        var typed = new List<RepositoryDayRow>();
        var check = new DayRecordValidator(day, nameof(records));
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var json = hash.Add(check.Check(record)).ToArray();
            rows.Add(json);

            // Typed from the stored JSON, not from the caller's object: a caller that changes its record later changes nothing here.
            typed.Add(RepositoryDayRow.From(day, ReportJson.Deserialize<RepositoryDayRecord>(json)));
        }

        var version = new RepositoryDay(day, [.. rows], [.. typed], hash.Finish());
        cancellationToken.ThrowIfCancellationRequested();
        var replaced = Swap(scope, static s => s.Repositories, day, version);
        return new StoredDay(rows.Count, version.ContentHash, replaced);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceSeatSnapshotAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<CopilotSeat> seats, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(seats);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        var rows = new List<SeatRow>();
        var check = new DayRecordValidator(day, nameof(seats));
        await foreach (var seat in seats.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(SeatRow.Create(check.Check(seat), hash.Add(seat).ToArray()));
        }

        var version = new SeatDay(day, [.. rows], hash.Finish());
        cancellationToken.ThrowIfCancellationRequested();
        var replaced = Swap(scope, static s => s.Seats, day, version);
        return new StoredDay(rows.Count, version.ContentHash, replaced);
    }

    /// <inheritdoc />
    public async Task<StoredDay> ReplaceAiCreditDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<AiCreditUsageItem> items, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(items);
        cancellationToken.ThrowIfCancellationRequested();

        using var hash = new ContentHash();
        var rows = new List<byte[]>();
        var check = new DayRecordValidator(day, nameof(items));
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(hash.Add(check.Check(item)).ToArray());
        }

        var version = new AiCreditDayVersion(day, [.. rows], hash.Finish());
        cancellationToken.ThrowIfCancellationRequested();
        var replaced = Swap(scope, static s => s.AiCredits, day, version);
        return new StoredDay(rows.Count, version.ContentHash, replaced);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A report-day (scope, dataset, day) counts once when its data, its status or both were removed. Claims of the
    /// removed days are dropped too.
    /// </remarks>
    public Task<long> PurgeBeforeAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<long>(cancellationToken);
        }

        long removed = 0;
        lock (_gate)
        {
            foreach (var (scope, state) in _scopes.ToList())
            {
                removed += state.PurgeBefore(before).Count;
                if (state.IsEmpty)
                {
                    _scopes.Remove(scope);
                }
            }

            foreach (var key in _claims.Keys.Where(k => k.Day < before).ToList())
            {
                _claims.Remove(key);
            }
        }

        return Task.FromResult(removed);
    }

    // ---- sync status and claims -----------------------------------------------------------------------------

    /// <inheritdoc />
    public Task<SyncDayStatus?> GetSyncStatusAsync(SyncDayKey key, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SyncDayStatus?>(cancellationToken);
        }

        lock (_gate)
        {
            return Task.FromResult(
                _scopes.TryGetValue(key.Scope, out var state) && state.Statuses.TryGetValue((key.Dataset, key.Day), out var status) ? status : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncDayStatus>> GetSyncStatusesAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<SyncDayStatus>>(cancellationToken);
        }

        lock (_gate)
        {
            IReadOnlyList<SyncDayStatus> result = _scopes.TryGetValue(scope, out var state)
                ? [.. state.Statuses.Where(s => range.Contains(s.Key.Day)).Select(s => s.Value)]
                : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task SetSyncStatusAsync(SyncDayStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        MetricsStoreRules.ValidateScope(status.Key.Scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            State(status.Key.Scope).Statuses[(status.Key.Dataset, status.Key.Day)] = status;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>A claim is unexpired while <c>now</c> is before its end; the holder may renew it by claiming again.</remarks>
    public Task<bool> TryClaimAsync(SyncDayKey key, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateClaim(key, owner, duration);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        lock (_gate)
        {
            if (_claims.TryGetValue(key, out var held) && held.Owner != owner && held.Until > now)
            {
                return Task.FromResult(false);
            }

            _claims[key] = new Claim(owner, now + duration);
            if (_claims.Count > ClaimSweepThreshold)
            {
                SweepClaims(now);
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseClaimAsync(SyncDayKey key, string owner, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(key.Scope);
        ArgumentNullException.ThrowIfNull(owner);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            if (_claims.TryGetValue(key, out var held) && held.Owner == owner)
            {
                _claims.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricsScope>> GetScopesAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<MetricsScope>>(cancellationToken);
        }

        lock (_gate)
        {
            IReadOnlyList<MetricsScope> result = [.. _scopes.Where(s => !s.Value.IsEmpty).Select(s => s.Key).OrderBy(s => s.ToString(), StringComparer.Ordinal)];
            return Task.FromResult(result);
        }
    }

    // ---- stored records -------------------------------------------------------------------------------------

    /// <inheritdoc />
    public IAsyncEnumerable<AggregateDayRecord> GetAggregateDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return Read(() => Days(scope, static s => s.Aggregates, range).Select(static d => d.Json), static json => ReportJson.Deserialize<AggregateDayRecord>(json), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserDayRecord> GetUserDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return Read(() => Day(scope, static s => s.Users, day)?.Rows.Select(static r => r.Json) ?? [], static json => ReportJson.Deserialize<UserDayRecord>(json), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserTeamRecord> GetUserTeamDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return Read(() => Day(scope, static s => s.UserTeams, day)?.Rows.Select(static r => r.Json) ?? [], static json => ReportJson.Deserialize<UserTeamRecord>(json), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RepositoryDayRecord> GetRepositoryDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return Read(() => Day(scope, static s => s.Repositories, day)?.Rows ?? [], static json => ReportJson.Deserialize<RepositoryDayRecord>(json), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RepositoryDayRow>> GetRepositoryRowsAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<RepositoryDayRow>>(cancellationToken);
        }

        // The typed rows are immutable records (their review-time lists are never handed out for writing), so they are shared.
        IReadOnlyList<RepositoryDayRow> rows = [.. Days(scope, static s => s.Repositories, range).SelectMany(static d => d.Typed)];
        return Task.FromResult(rows);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AiCreditUsageItem> GetAiCreditDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return Read(() => Day(scope, static s => s.AiCredits, day)?.Items ?? [], static json => ReportJson.Deserialize<AiCreditUsageItem>(json), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AiCreditDay>> GetAiCreditDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<AiCreditDay>>(cancellationToken);
        }

        IReadOnlyList<AiCreditDay> days =
        [
            .. Days(scope, static s => s.AiCredits, range)
                .Select(static d => new AiCreditDay(d.Day, [.. d.Items.Select(static json => ReportJson.Deserialize<AiCreditUsageItem>(json))])),
        ];
        return Task.FromResult(days);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /// <summary>
    /// Streams records deserialized from stored JSON. The snapshot is taken (under the lock) when the enumeration
    /// starts, so a write that lands while the caller reads does not change what it sees.
    /// </summary>
    private static async IAsyncEnumerable<T> Read<T>(Func<IEnumerable<byte[]>> snapshot, Func<byte[], T> deserialize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = snapshot().ToList();
        foreach (var json in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return deserialize(json);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private bool Swap<T>(MetricsScope scope, Func<ScopeState, SortedDictionary<DateOnly, T>> select, DateOnly day, T version)
    {
        lock (_gate)
        {
            var days = select(State(scope));
            var replaced = days.ContainsKey(day);
            days[day] = version;
            return replaced;
        }
    }

    private T? Day<T>(MetricsScope scope, Func<ScopeState, SortedDictionary<DateOnly, T>> select, DateOnly day)
        where T : class
    {
        lock (_gate)
        {
            return _scopes.TryGetValue(scope, out var state) && select(state).TryGetValue(day, out var version) ? version : null;
        }
    }

    /// <summary>The stored versions of the range, ordered by day (copied under the lock).</summary>
    private List<T> Days<T>(MetricsScope scope, Func<ScopeState, SortedDictionary<DateOnly, T>> select, DateRange range)
    {
        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out var state))
            {
                return [];
            }

            var result = new List<T>();
            foreach (var (day, version) in select(state))
            {
                if (day > range.To)
                {
                    break;
                }

                if (day >= range.From)
                {
                    result.Add(version);
                }
            }

            return result;
        }
    }

    /// <summary>
    /// The scope's dense user indices, created on first use and kept for the life of the store (a purge that empties
    /// the scope does not drop them), so every stored day version of a scope uses the same indices.
    /// </summary>
    private UserIndex UserIndexOf(MetricsScope scope)
    {
        lock (_gate)
        {
            if (!_userIndexes.TryGetValue(scope, out var index))
            {
                index = new UserIndex();
                _userIndexes.Add(scope, index);
            }

            return index;
        }
    }

    /// <summary>The scope's state, created on first write; call under the lock.</summary>
    private ScopeState State(MetricsScope scope)
    {
        if (!_scopes.TryGetValue(scope, out var state))
        {
            state = new ScopeState();
            _scopes.Add(scope, state);
        }

        return state;
    }

    /// <summary>Drops claims that expired before both the caller's and this store's clock; call under the lock.</summary>
    private void SweepClaims(DateTimeOffset now)
    {
        var clock = _time.GetUtcNow();
        var cutoff = clock < now ? clock : now;
        foreach (var key in _claims.Where(c => c.Value.Until <= cutoff).Select(c => c.Key).ToList())
        {
            _claims.Remove(key);
        }
    }

    private readonly record struct Claim(string Owner, DateTimeOffset Until);
}
