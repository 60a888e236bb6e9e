using CoScientist.Core.Orchestration;
using CoScientist.Core.Supervisor;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CoScientist.Orchestration.Clients;

/// <summary>
/// The runs' orchestrations through a <see cref="DurableTaskClient"/>: the client Durable Functions
/// binds to a function (<c>[DurableClient]</c>), and the test host's.
/// </summary>
public sealed class DurableTaskClientRunOrchestrations(Func<DurableTaskClient> client, IOptions<SupervisorOptions> options) : IRunOrchestrations
{
    public async Task StartAsync(string runId, CancellationToken cancellationToken = default)
    {
        var durable = client();
        if (IsRunning(await durable.GetInstanceAsync(runId, cancellationToken)))
        {
            return;
        }

        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                RunOrchestrator.Name,
                RunOrchestrationInput.Start(runId, options.Value),
                new StartOrchestrationOptions(runId),
                cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (!IsRunning(await durable.GetInstanceAsync(runId, cancellationToken)))
            {
                throw;
            }

            // Another caller started it between the look and the start: the run has its orchestration.
        }
    }

    public async Task RaiseAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        var durable = client();
        if (!IsRunning(await durable.GetInstanceAsync(runId, cancellationToken)))
        {
            return;
        }

        try
        {
            await durable.RaiseEventAsync(runId, RunEvent.Name, runEvent.ToPayload(), cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (IsRunning(await durable.GetInstanceAsync(runId, cancellationToken)))
            {
                throw;
            }

            // It ended between the look and the event: nobody waits for it any more.
        }
    }

    public async Task<RunOrchestrationState?> GetStateAsync(string runId, CancellationToken cancellationToken = default)
    {
        var instance = await client().GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        return instance is null
            ? null
            : new RunOrchestrationState(
                RunOrchestrationStatusWords.Of(instance.RuntimeStatus.ToString()),
                RunOrchestrationStatusWords.Phase(instance.SerializedCustomStatus),
                instance.FailureDetails?.ErrorMessage,
                instance.LastUpdatedAt);
    }

    private static bool IsRunning(OrchestrationMetadata? instance) =>
        instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
