using CopilotMetrics.Storage;
using Microsoft.Extensions.Logging;

namespace CopilotMetrics.Sync;

/// <summary>
/// A claim on one report-day held as a short lease: renewed every third of its duration while the day's work runs, so
/// that a worker that dies (kill -9, a lost pod) lets go within one duration, while a live one keeps the day however long
/// its download takes. When a renewal finds the claim taken by another worker, or the lease runs out before a renewal
/// gets through, <see cref="Token"/> is cancelled and <see cref="IsLost"/> is set: the work must stop and leave the day
/// to its new owner. Disposing stops the renewals (it does not release the claim).
/// </summary>
internal sealed class ClaimLease : IAsyncDisposable
{
    private readonly ISyncStateStore _state;
    private readonly SyncDayKey _key;
    private readonly string _owner;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;

    private ClaimLease(ISyncStateStore state, SyncDayKey key, string owner, TimeSpan duration, TimeProvider time, ILogger logger, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        _state = state;
        _key = key;
        _owner = owner;
        _duration = duration;
        _time = time;
        _logger = logger;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewals = RenewAsync(claimedAt);
    }

    /// <summary>Cancelled when the run is cancelled or the lease is lost.</summary>
    public CancellationToken Token => _lost.Token;

    /// <summary>Whether the claim was lost to another worker or ran out.</summary>
    public bool IsLost { get; private set; }

    /// <summary>Claims the day; <see langword="null"/> when another worker holds it.</summary>
    public static async Task<ClaimLease?> TryAcquireAsync(ISyncStateStore state, SyncDayKey key, string owner, TimeSpan duration, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await state.TryClaimAsync(key, owner, now, duration, cancellationToken).ConfigureAwait(false)
            ? new ClaimLease(state, key, owner, duration, time, logger, now, cancellationToken)
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(DateTimeOffset claimedAt)
    {
        var interval = _duration / 3;
        var heldUntil = claimedAt + _duration;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _lost.Token);
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, both.Token).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                bool renewed;
                try
                {
                    renewed = await _state.TryClaimAsync(_key, _owner, now, _duration, both.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A store hiccup: keep trying while the lease still holds.
                    Log.LeaseRenewalFailed(_logger, _key.ToString(), ex.Message);
                    if (now < heldUntil)
                    {
                        continue;
                    }

                    renewed = false;
                }

                if (!renewed)
                {
                    IsLost = true;
                    Log.LeaseLost(_logger, _key.ToString());
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                heldUntil = now + _duration;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped (the day is done) or the run was cancelled.
        }
    }
}
