using CoScientist.Core.Pipeline;
using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;
using CoScientist.Hosting.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Hosting.Local;

/// <summary>
/// Runs the pipeline in one process with the queue-trigger semantics of Azure Functions: a
/// listener per queue polls with backoff, fetches a batch when its messages in flight drop to the
/// new-batch threshold, keeps each message invisible (renewing its lease) while the step runs,
/// makes it visible again on failure, and after the dequeue limit moves it to the poison queue.
/// Several such processes on one storage account are competing consumers. While it works, the
/// process also runs the runs' orchestrations (<see cref="LocalOrchestrationEngine"/>), which plan
/// the rounds whose steps the queues carry.
/// </summary>
public sealed partial class LocalPipelineHost(
    IQueueStore queues,
    QueueMessageRouter router,
    LocalOrchestrationEngine orchestrations,
    QueueWorkSignal workSignal,
    IOptions<LocalHostOptions> options,
    TimeProvider time,
    IEnumerable<IMessageObserver> observers,
    ILogger<LocalPipelineHost> logger)
{
    private readonly IMessageObserver[] _observers = [.. observers];
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(1);
    private readonly LocalHostOptions _options = options.Value;
    private int _handled;
    private int _poisoned;

    /// <summary>Messages handled so far (successfully or not).</summary>
    public int Handled => _handled;

    /// <summary>Messages this host moved to a poison queue.</summary>
    public int Poisoned => _poisoned;

    /// <summary>
    /// Works until <paramref name="isDone"/> says so (asked four times a second) or until
    /// cancellation, which is a clean shutdown: no new message is taken, steps in flight get
    /// <see cref="LocalHostOptions.ShutdownGrace"/> to finish, and those still running then are
    /// abandoned, their messages coming back after the visibility timeout.
    /// </summary>
    public Task RunAsync(Func<CancellationToken, Task<bool>> isDone, CancellationToken cancellationToken = default) =>
        RunAsync(isDone, TimeSpan.FromMilliseconds(250), cancellationToken);

    /// <summary>Works until <paramref name="isDone"/> says so, asked every <paramref name="doneCheckInterval"/>, or until cancellation.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<bool>> isDone, TimeSpan doneCheckInterval, CancellationToken cancellationToken = default)
    {
        await using var orchestrationWorker = await orchestrations.HoldWorkerAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abandon = new CancellationTokenSource(); // steps in flight: cancelled when the grace runs out
        using var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var inFlight = new List<Task>();
        var listened = _options.ListenedQueues.Select(queue => new QueueState(queue)).ToList();
        var listeners = listened.Select(state => ListenAsync(state, slots, inFlight, stop.Token, abandon.Token)).ToList();
        var watcher = WatchAsync(isDone, doneCheckInterval, stop);
        try
        {
            await Task.WhenAll([.. listeners, watcher]);
        }
        finally
        {
            await stop.CancelAsync();
            Task[] remaining;
            lock (inFlight)
            {
                remaining = [.. inFlight.Where(t => !t.IsCompleted)];
            }

            // In memory nothing outlives the process, so finishing a step there buys nothing.
            var grace = orchestrations.Shared ? _options.ShutdownGrace : TimeSpan.Zero;
            if (remaining.Length > 0 && grace > TimeSpan.Zero)
            {
                LogDraining(logger, remaining.Length, grace.TotalSeconds);
            }

            abandon.CancelAfter(grace);

            await Task.WhenAll(remaining);
            listened.ForEach(state => state.Dispose());
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task WatchAsync(Func<CancellationToken, Task<bool>> isDone, TimeSpan interval, CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                bool done;
                try
                {
                    done = await isDone(stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // Storage unreachable for a moment: ask again at the next tick.
                    LogDoneCheckFailed(logger, ex.Message);
                    done = false;
                }

                if (done)
                {
                    await stop.CancelAsync();
                    return;
                }

                await Task.Delay(interval, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One queue's listener: the Functions queue trigger's batch loop.</summary>
    private async Task ListenAsync(QueueState state, SemaphoreSlim slots, List<Task> inFlight, CancellationToken stop, CancellationToken abandon)
    {
        var queue = state.Queue;
        var threshold = _options.EffectiveNewBatchThreshold;
        var idle = MinPollingInterval;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // Functions fetches a new batch only when the messages in flight drop to the threshold.
                while (Volatile.Read(ref state.InFlight) > threshold)
                {
                    await state.Completed.WaitAsync(stop);
                }

                // Take as many process-wide slots as the batch may use, waiting for the first one,
                // so a busy process leaves the messages it cannot start to its competitors.
                await slots.WaitAsync(stop);
                var taken = 1;
                while (taken < _options.BatchSize && slots.Wait(0, CancellationToken.None))
                {
                    taken++;
                }

                // Taken before the receive, so a step that ends during it still wakes this listener.
                var woken = workSignal.Next;
                IReadOnlyList<QueueItem> received;
                try
                {
                    received = await queues.ReceiveAsync(queue, taken, _options.VisibilityTimeout, stop);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // Storage unreachable or similar: keep listening, as the Functions host does.
                    slots.Release(taken);
                    LogPollFailed(logger, queue, ex.Message);
                    await Task.Delay(_options.MaxPollingInterval, stop);
                    continue;
                }
                catch
                {
                    slots.Release(taken);
                    throw;
                }

                if (taken > received.Count)
                {
                    slots.Release(taken - received.Count);
                }

                if (received.Count == 0)
                {
                    // A step handled or a round planned here usually sent the next messages: look at
                    // once instead of sleeping out the backoff; otherwise back off further.
                    if (await Task.WhenAny(Task.Delay(idle, CancellationToken.None), woken) != woken)
                    {
                        idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    }

                    stop.ThrowIfCancellationRequested();
                    continue;
                }

                idle = MinPollingInterval;
                foreach (var item in received)
                {
                    Interlocked.Increment(ref state.InFlight);
                    var step = Task.Run(
                        async () =>
                        {
                            try
                            {
                                await HandleAsync(item, abandon);
                            }
                            finally
                            {
                                slots.Release();
                                Interlocked.Decrement(ref state.InFlight);
                                state.Completed.Release();
                            }
                        },
                        CancellationToken.None);
                    lock (inFlight)
                    {
                        inFlight.RemoveAll(t => t.IsCompleted);
                        inFlight.Add(step);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: received messages not yet started come back after their visibility timeout.
        }
    }

    private async Task HandleAsync(QueueItem item, CancellationToken stop)
    {
        Interlocked.Increment(ref _handled);
        var observations = _observers.Select(o => o.Observe(item)).ToList();
        try
        {
            await HandleObservedAsync(item, stop);
        }
        finally
        {
            observations.ForEach(o => o?.Dispose());
        }
    }

    private async Task HandleObservedAsync(QueueItem item, CancellationToken stop)
    {
        var lease = new Lease(item);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var renewing = RenewAsync(lease, renewal.Token);
        Exception? failure = null;
        try
        {
            await router.HandleAsync(item.Queue, item.Body, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again after its timeout.
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }

        try
        {
            await SettleAsync(lease.Current, failure, stop);
            workSignal.Fire();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // The step's effects are stored; an undeleted message is redelivered and no-ops.
            LogSettleFailed(logger, item.Queue, item.MessageId, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task SettleAsync(QueueItem item, Exception? failure, CancellationToken stop)
    {
        if (failure is null)
        {
            await queues.DeleteAsync(item, stop);
        }
        else if (item.DequeueCount >= _options.MaxDequeueCount)
        {
            LogPoisoned(logger, item.Queue, item.MessageId, item.DequeueCount, failure.Message);
            await queues.SendAsync(item.Queue + StorageNames.PoisonSuffix, item.Body, cancellationToken: stop);
            await queues.DeleteAsync(item, stop);
            Interlocked.Increment(ref _poisoned);
        }
        else
        {
            LogRetry(logger, item.Queue, item.MessageId, item.DequeueCount, failure.Message);
            await queues.ReleaseAsync(item, _options.RetryDelay, stop);
        }
    }

    /// <summary>Keeps a message invisible while its step runs, renewing at half the visibility timeout.</summary>
    private async Task RenewAsync(Lease lease, CancellationToken cancellationToken)
    {
        var every = _options.VisibilityTimeout / 2;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, cancellationToken);
                lease.Current = await queues.ReleaseAsync(lease.Current, _options.VisibilityTimeout, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The step ended.
        }
        catch (Exception ex)
        {
            // A lost renewal only risks a duplicate delivery, which the handlers absorb.
            LogRenewFailed(logger, lease.Current.Queue, lease.Current.MessageId, ex.Message);
        }
    }

    private sealed class QueueState(string queue) : IDisposable
    {
        public readonly SemaphoreSlim Completed = new(0);
        public int InFlight;

        public string Queue { get; } = queue;

        public void Dispose() => Completed.Dispose();
    }

    /// <summary>The latest pop receipt of a message whose lease is being renewed.</summary>
    private sealed class Lease(QueueItem item)
    {
        public QueueItem Current { get; set; } = item;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} failed {DequeueCount} times and moved to the poison queue: {Error}")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, long dequeueCount, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} failed (delivery {DequeueCount}), will retry: {Error}")]
    private static partial void LogRetry(ILogger logger, string queue, string messageId, long dequeueCount, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Steps} steps in flight get up to {Seconds} s to finish")]
    private static partial void LogDraining(ILogger logger, int steps, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether the work is done, will ask again: {Error}")]
    private static partial void LogDoneCheckFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Queue} failed, will retry: {Error}")]
    private static partial void LogPollFailed(ILogger logger, string queue, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle message {MessageId} on {Queue}; it will be redelivered: {Error}")]
    private static partial void LogSettleFailed(ILogger logger, string queue, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of message {MessageId} on {Queue}: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string queue, string messageId, string error);
}
