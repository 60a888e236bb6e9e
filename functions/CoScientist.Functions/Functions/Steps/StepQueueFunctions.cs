using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CoScientist.Functions.Functions.Steps;

/// <summary>
/// One function per queue, so each agent step scales and is throttled on its own (Flex Consumption
/// scales queue functions individually). Every message goes to <see cref="QueueMessageRouter"/>, as
/// the local host's do. A failure is thrown: the host retries the message (host.json) and then moves
/// it to the queue's -poison queue. Each has a Durable client (<c>durable</c>, used through
/// <see cref="Hosting.FunctionsRunOrchestrations"/>): the step that ends a round tells the run's orchestration.
/// </summary>
public sealed class StepQueueFunctions(QueueMessageRouter router)
{
    [Function("PlanStep")]
    public Task Plan([QueueTrigger(StorageNames.PlanQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.PlanQueue, message, cancellationToken);

    [Function("GenerationStep")]
    public Task Generation([QueueTrigger(StorageNames.GenerationQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.GenerationQueue, message, cancellationToken);

    [Function("ReflectionStep")]
    public Task Reflection([QueueTrigger(StorageNames.ReflectionQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.ReflectionQueue, message, cancellationToken);

    [Function("RankingStep")]
    public Task Ranking([QueueTrigger(StorageNames.RankingQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.RankingQueue, message, cancellationToken);

    [Function("ProximityStep")]
    public Task Proximity([QueueTrigger(StorageNames.ProximityQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.ProximityQueue, message, cancellationToken);

    [Function("EvolutionStep")]
    public Task Evolution([QueueTrigger(StorageNames.EvolutionQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.EvolutionQueue, message, cancellationToken);

    [Function("MetaReviewStep")]
    public Task MetaReview([QueueTrigger(StorageNames.MetaReviewQueue)] string message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        router.HandleAsync(StorageNames.MetaReviewQueue, message, cancellationToken);
}
