namespace CoScientist.Hosting.Local;

/// <summary>
/// Fired when this process has just put work on the queues (a step settled, a round planned): the local
/// host's idle listeners look at once instead of sleeping out their backoff. Any number of listeners can wait.
/// </summary>
public sealed class QueueWorkSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Fire"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Fire() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
