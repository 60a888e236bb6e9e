using CoScientist.Hosting.Local;
using CoScientist.Hosting.Results;
using System.Collections.Concurrent;
using System.Diagnostics;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Storage;
using Microsoft.Extensions.AI;

namespace CoScientist.Benchmarks.Pipeline;

/// <summary>One handled queue message: when it started (on the benchmark's clock), how long it took, and how much of that was the model's.</summary>
public sealed record StepTiming(string Queue, string? TaskId, int? Round, TimeSpan Elapsed, TimeSpan ModelTime, TimeSpan StartedAt = default)
{
    public TimeSpan Overhead => Elapsed - ModelTime;

    public TimeSpan EndedAt => StartedAt + Elapsed;

    public bool IsAgentStep => TaskId is not null;
}

/// <summary>
/// Times every message the host handles, and, through the model provider it wraps, the model
/// calls made while handling it: the difference is the orchestration's own cost.
/// </summary>
public sealed class StepTimings : IMessageObserver
{
    private static readonly AsyncLocal<StepClock?> Current = new();
    private static readonly long Epoch = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<StepTiming> _timings = new();

    public IReadOnlyList<StepTiming> All => [.. _timings];

    public IDisposable Observe(QueueItem item)
    {
        var clock = new StepClock(item, this);
        Current.Value = clock;
        return clock;
    }

    /// <summary>The model provider whose calls count as model time of the step making them.</summary>
    public static IAgentModelProvider Wrap(IAgentModelProvider inner) => new TimedProvider(inner);

    private static (string? TaskId, int? Round) TaskOf(string body)
    {
        try
        {
            var message = StepMessage.Parse(body);
            var round = message.TaskId.Length > 4 && message.TaskId[0] == 'r' && int.TryParse(message.TaskId.AsSpan(1, 3), out var r) ? r : (int?)null;
            return (message.TaskId, round);
        }
        catch (MalformedMessageException)
        {
            return (null, null);
        }
    }

    private sealed class StepClock(QueueItem item, StepTimings owner) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _modelTicks;

        public void AddModelTime(TimeSpan elapsed) => Interlocked.Add(ref _modelTicks, elapsed.Ticks);

        public void Dispose()
        {
            var (taskId, round) = TaskOf(item.Body);
            owner._timings.Enqueue(new StepTiming(item.Queue, taskId, round, Stopwatch.GetElapsedTime(_started), TimeSpan.FromTicks(Interlocked.Read(ref _modelTicks)), Stopwatch.GetElapsedTime(Epoch, _started)));
        }
    }

    private sealed class TimedProvider(IAgentModelProvider inner) : IAgentModelProvider
    {
        private readonly ConcurrentDictionary<ModelSlot, AgentModel> _models = new();

        public IEmbeddingGenerator<string, Embedding<float>>? Embeddings => inner.Embeddings;

        public bool IsSimulated => inner.IsSimulated;

        public string ProviderName => inner.ProviderName;

        public string Description => inner.Description;

        public AgentModel GetModel(ModelSlot slot) => _models.GetOrAdd(slot, s =>
        {
            var model = inner.GetModel(s);
            return model with { Client = new TimedChatClient(model.Client) };
        });
    }

    private sealed class TimedChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await base.GetResponseAsync(messages, options, cancellationToken);
            }
            finally
            {
                Current.Value?.AddModelTime(Stopwatch.GetElapsedTime(started));
            }
        }
    }
}
