using Microsoft.Extensions.Time.Testing;

namespace CopilotMetrics.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are armed and when each is due, so that a test can
/// move the clock exactly to the next wait of the code under test. Stepping the clock on a real-time cadence instead
/// races the code: a step taken while the code still runs (before it starts its wait) is counted as waited time, and
/// the result depends on how busy the machine is.
/// </summary>
internal sealed class WaitAwareTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>Polls of 1 ms (real time) that <see cref="AdvanceUntilDone"/> allows the code to run without finishing or waiting.</summary>
    private const int MaxIdlePolls = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<TrackedTimer, DateTimeOffset> _armed = [];

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        TrackedTimer? tracked = null;
        var inner = base.CreateTimer(s => { tracked!.Fired(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        tracked = new TrackedTimer(this, inner);
        tracked.Change(dueTime, period);
        return tracked;
    }

    /// <summary>When the earliest armed timer is due, if one is due no later than <paramref name="until"/>.</summary>
    /// <param name="until">The latest due time considered.</param>
    /// <returns>The due time, or <see langword="null"/>.</returns>
    public DateTimeOffset? NextDue(DateTimeOffset until)
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var due in _armed.Values)
            {
                if (due <= until && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>
    /// Lets <paramref name="task"/> run to its end; whenever it waits on this clock for a timer due within
    /// <paramref name="max"/> of the start, moves the clock exactly to that timer. Timers due later (such as long
    /// timeouts) are never reached. Returns how far the clock moved: the sum of the waits.
    /// </summary>
    /// <param name="task">The call under test.</param>
    /// <param name="max">The most fake time the call may wait in all.</param>
    /// <returns>The fake time that passed.</returns>
    /// <exception cref="TimeoutException">The call neither finished nor waited on the clock within a bounded number of polls.</exception>
    public async Task<TimeSpan> AdvanceUntilDone(Task task, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(task);
        var started = GetUtcNow();
        var limit = started + max;
        var idle = 0;
        while (!task.IsCompleted)
        {
            if (TryAdvanceToNextDue(limit))
            {
                idle = 0;
                continue;
            }

            if (++idle > MaxIdlePolls)
            {
                throw new TimeoutException($"The call neither finished nor waited on the fake clock for a timer due within {max} of {started:O}.");
            }

            await Task.WhenAny(task, Task.Delay(1));
        }

        await task;
        return GetUtcNow() - started;
    }

    /// <summary>Moves the clock to the earliest armed timer due no later than <paramref name="until"/>, if there is one.</summary>
    private bool TryAdvanceToNextDue(DateTimeOffset until)
    {
        // Under the gate: a timer is armed (its due time computed from the clock and handed to the base provider)
        // either wholly before or wholly after the clock moves, so the two never disagree about when it is due.
        lock (_gate)
        {
            if (NextDue(until) is not { } due || due <= GetUtcNow())
            {
                return false;
            }

            SetUtcNow(due);
            return true;
        }
    }

    private sealed class TrackedTimer(WaitAwareTimeProvider owner, ITimer inner) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    owner._armed.Remove(this);
                }
                else
                {
                    owner._armed[this] = owner.GetUtcNow() + dueTime;
                }

                return inner.Change(dueTime, period);
            }
        }

        public void Fired()
        {
            lock (owner._gate)
            {
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    owner._armed.Remove(this);
                }
                else
                {
                    owner._armed[this] = owner.GetUtcNow() + _period;
                }
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._armed.Remove(this);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
