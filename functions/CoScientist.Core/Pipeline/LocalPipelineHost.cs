using CoScientist.Messaging;
using CoScientist.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Pipeline;

/// <summary>
/// Runs the pipeline in one process with the queue-trigger semantics of Azure Functions:
/// competing workers poll every queue with backoff, a message stays invisible while its step
/// runs, a failure makes it visible again, and after the dequeue limit it moves to the poison queue.
/// </summary>
public sealed partial class LocalPipelineHost(
    IQueueStore queues,
    QueueMessageRouter router,
    IOptions<LocalHostOptions> options,
    ILogger<LocalPipelineHost> logger)
{
    private readonly LocalHostOptions _options = options.Value;
    private int _handled;

    /// <summary>Messages handled so far (successfully or not).</summary>
    public int Handled => _handled;

    /// <summary>Works until <paramref name="isDone"/> says so (checked when the queues run dry) or cancellation.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<bool>> isDone, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Max(1, _options.Concurrency))
            .Select(i => WorkAsync(i, isDone, stop))
            .ToList();
        await Task.WhenAll(workers);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task WorkAsync(int worker, Func<CancellationToken, Task<bool>> isDone, CancellationTokenSource stop)
    {
        var idle = TimeSpan.FromMilliseconds(1);
        var queueNames = StorageNames.AllQueues;
        var start = worker;
        while (!stop.IsCancellationRequested)
        {
            var handledAny = false;
            try
            {
                for (var q = 0; q < queueNames.Count && !stop.IsCancellationRequested; q++)
                {
                    var queue = queueNames[(start + q) % queueNames.Count];
                    var received = await queues.ReceiveAsync(queue, 1, _options.VisibilityTimeout, stop.Token);
                    foreach (var item in received)
                    {
                        handledAny = true;
                        await HandleAsync(item, stop.Token);
                    }
                }

                start++;
                if (handledAny)
                {
                    idle = TimeSpan.FromMilliseconds(1);
                    continue;
                }

                if (await isDone(stop.Token))
                {
                    await stop.CancelAsync();
                    break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Another worker saw the run end (or the host is shutting down) while this one was mid-call.
                break;
            }

            try
            {
                await Task.Delay(idle, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, _options.MaxPollingInterval.TotalMilliseconds));
        }
    }

    private async Task HandleAsync(QueueItem item, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _handled);
        try
        {
            await router.HandleAsync(item.Queue, item.Body, cancellationToken);
            await queues.DeleteAsync(item, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again after its timeout.
        }
        catch (Exception ex)
        {
            if (item.DequeueCount >= _options.MaxDequeueCount)
            {
                LogPoisoned(logger, item.Queue, item.MessageId, item.DequeueCount, ex.Message);
                await queues.SendAsync(item.Queue + StorageNames.PoisonSuffix, item.Body, cancellationToken: cancellationToken);
                await queues.DeleteAsync(item, cancellationToken);
            }
            else
            {
                LogRetry(logger, item.Queue, item.MessageId, item.DequeueCount, ex.Message);
                await queues.ReleaseAsync(item, _options.RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} failed {DequeueCount} times and moved to the poison queue: {Error}")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, long dequeueCount, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} failed (delivery {DequeueCount}), will retry: {Error}")]
    private static partial void LogRetry(ILogger logger, string queue, string messageId, long dequeueCount, string error);
}
