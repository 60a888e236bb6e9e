using CoScientist.Core.Messaging;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Pipeline;

/// <summary>
/// Sends a queue message to its handler: the supervisor queue to <see cref="SupervisorStep"/>,
/// every agent-step queue to <see cref="AgentStepHandler"/>. The Azure Functions triggers and the
/// local host both call this, so both run the same code.
/// </summary>
public sealed class QueueMessageRouter(SupervisorStep supervisor, AgentStepHandler steps)
{
    public Task HandleAsync(string queue, string body, CancellationToken cancellationToken = default) => queue switch
    {
        StorageNames.SupervisorQueue => supervisor.HandleAsync(SupervisorMessage.Parse(body), cancellationToken),
        _ when StorageNames.StepQueues.Contains(queue) => steps.HandleAsync(StepMessage.Parse(body), cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, "Not a co-scientist queue."),
    };
}
