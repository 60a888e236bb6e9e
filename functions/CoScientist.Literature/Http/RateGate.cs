using CoScientist.Core.Literature;

namespace CoScientist.Literature.Http;

/// <summary>
/// The etiquette gate of one source: at most <see cref="MaxConcurrency"/> requests in flight, and
/// request starts at least <see cref="Interval"/> apart (NCBI: 1/3 s, or 1/10 s with a key; arXiv:
/// 3 s). One gate per source per process, shared by every run, so many runs together still keep
/// the source's limits. Waits go through <see cref="TimeProvider"/>, so tests check them on a fake clock.
/// </summary>
public sealed class RateGate : IDisposable
{
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _inFlight;
    private readonly Lock _lock = new();
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    public RateGate(TimeSpan interval, int maxConcurrency, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        Interval = interval;
        MaxConcurrency = maxConcurrency;
        _time = time;
        _inFlight = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    /// <summary>Least time between two request starts.</summary>
    public TimeSpan Interval { get; }

    public int MaxConcurrency { get; }

    /// <summary>
    /// Waits for a free slot and for this caller's start time, then returns the lease that holds
    /// the slot until disposed. Start times are handed out in call order, so waiting callers are
    /// spaced exactly <see cref="Interval"/> apart.
    /// </summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            DateTimeOffset start;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                start = _nextStart > now ? _nextStart : now;
                _nextStart = start + Interval;
            }

            var wait = start - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            return new Lease(_inFlight);
        }
        catch
        {
            _inFlight.Release();
            throw;
        }
    }

    /// <summary>
    /// Holds every later start until <paramref name="until"/>: the source said "retry after", and that
    /// applies to all callers of the source, not just the one that was told.
    /// </summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _nextStart)
            {
                _nextStart = until;
            }
        }
    }

    public void Dispose() => _inFlight.Dispose();

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
