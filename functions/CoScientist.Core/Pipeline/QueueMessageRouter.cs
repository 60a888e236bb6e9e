using CoScientist.Core.Messaging;

namespace CoScientist.Core.Pipeline;

/// <summary>
/// Sends an agent-step queue message to <see cref="AgentStepHandler"/>. The Azure Functions triggers
/// and the local host both call this, so both run the same code.
/// </summary>
public sealed class QueueMessageRouter(AgentStepHandler steps)
{
    public Task HandleAsync(string queue, string body, CancellationToken cancellationToken = default) =>
        StorageNames.StepQueues.Contains(queue)
            ? steps.HandleAsync(StepMessage.Parse(body), cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(queue), queue, "Not a co-scientist queue.");
}
