using CoScientist.Core.Orchestration;
using CoScientist.Core.Supervisor;
using CoScientist.Orchestration;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Hosting.Orchestration;

/// <summary>
/// The runs' orchestrations through the Durable Task Framework's <see cref="TaskHubClient"/> over the
/// local engine's backend. Inputs and events go through the same System.Text.Json converter the
/// orchestrator's shims read them with.
/// </summary>
public sealed class TaskHubRunOrchestrations(LocalOrchestrationEngine engine, IOptions<SupervisorOptions> options, ILoggerFactory loggers) : IRunOrchestrations
{
    private static readonly OrchestrationStatus[] Live = [OrchestrationStatus.Running, OrchestrationStatus.Pending, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];

    private readonly Lazy<TaskHubClient> _client = new(() => new TaskHubClient(engine.Client, ShimJsonDataConverter.Instance, loggers));

    public async Task StartAsync(string runId, CancellationToken cancellationToken = default)
    {
        await engine.EnsureCreatedAsync(cancellationToken);
        if (IsRunning(await _client.Value.GetOrchestrationStateAsync(runId)))
        {
            return;
        }

        try
        {
            await _client.Value.CreateOrchestrationInstanceAsync(RunOrchestrator.Name, "", runId, RunOrchestrationInput.Start(runId, options.Value), null, Live);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Another caller started it between the look and the start: the run has its orchestration.
        }
    }

    public async Task RaiseAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        await engine.EnsureCreatedAsync(cancellationToken);
        var state = await _client.Value.GetOrchestrationStateAsync(runId);
        if (!IsRunning(state))
        {
            return; // Ended or never started: an event would wait for nobody.
        }

        await _client.Value.RaiseEventAsync(new OrchestrationInstance { InstanceId = runId }, RunEvent.Name, runEvent.ToPayload());
    }

    public async Task<RunOrchestrationState?> GetStateAsync(string runId, CancellationToken cancellationToken = default)
    {
        await engine.EnsureCreatedAsync(cancellationToken);
        var state = await _client.Value.GetOrchestrationStateAsync(runId);
        return state is null
            ? null
            : new RunOrchestrationState(
                RunOrchestrationStatusWords.Of(state.OrchestrationStatus.ToString()),
                RunOrchestrationStatusWords.Phase(state.Status),
                state.FailureDetails?.ErrorMessage,
                new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)));
    }

    private static bool IsRunning(OrchestrationState? state) => state is not null && Live.Contains(state.OrchestrationStatus);
}
