using CoScientist.Core.Orchestration;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Hosting.Local;

/// <summary>Starts a run and works it to the end in this process: what <c>cosci run</c> does.</summary>
public sealed class LocalRunner(RunService runs, RunStore store, LocalPipelineHost host, IRunOrchestrations orchestrations, TimeProvider time)
{
    /// <summary>
    /// How long, once the run has ended, the worker stays up for its orchestration to record its own end
    /// (the run ends inside the last planning activity; the orchestration completes a moment later).
    /// </summary>
    private static readonly TimeSpan OrchestrationEndGrace = TimeSpan.FromSeconds(20);

    public async Task<RunRecord> RunAsync(
        RunRequest request,
        Func<RunRecord, CancellationToken, Task>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        var run = await runs.StartAsync(request, cancellationToken);
        return await ResumeAsync(run.Id, onProgress, cancellationToken);
    }

    /// <summary>Works an existing run until it ends.</summary>
    public async Task<RunRecord> ResumeAsync(string runId, Func<RunRecord, CancellationToken, Task>? onProgress = null, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? endedAt = null;
        await host.RunAsync(
            async ct =>
            {
                var current = (await store.GetRunAsync(runId, ct))?.Value ?? throw new RunNotFoundException(runId);
                if (onProgress is not null && endedAt is null)
                {
                    await onProgress(current, ct);
                }

                if (!current.Status.IsTerminal())
                {
                    return false;
                }

                // Stop only once the orchestration has recorded its end too, so a task hub on shared storage
                // is left with the run's orchestration completed, not waiting for a worker that has gone.
                endedAt ??= time.GetUtcNow();
                return time.GetUtcNow() - endedAt > OrchestrationEndGrace
                       || (await orchestrations.GetStateAsync(runId, ct)) is not { IsRunning: true };
            },
            cancellationToken);
        return (await store.GetRunAsync(runId, cancellationToken))!.Value;
    }
}
