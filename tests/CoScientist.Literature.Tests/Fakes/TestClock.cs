using CoScientist.Core.Literature;
using CoScientist.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CoScientist.Literature.Tests.Fakes;

/// <summary>
/// A fake clock that also records every timer created on it (gate waits, retry delays, attempt
/// timeouts all are timers), so a test can wait until the code is waiting and then move time by
/// exactly the right amount.
/// </summary>
public sealed class TestClock() : FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _timers = [];

    /// <summary>Due times of all timers created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Timers
    {
        get
        {
            lock (_lock)
            {
                return [.. _timers];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            _timers.Add(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time, a few seconds at most) until a timer with <paramref name="dueTime"/> exists, counting from timer number <paramref name="from"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, int from = 0)
    {
        await Eventually.TrueAsync(() => Timers.Skip(from).Any(t => (t - dueTime).Duration() < TimeSpan.FromMilliseconds(1)), $"no timer of {dueTime} was created; timers: {string.Join(", ", Timers)}");
    }
}
