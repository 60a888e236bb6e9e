using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Hosting.Local;

/// <summary>Starts a run and works it to the end in this process: what <c>cosci run</c> does.</summary>
public sealed class LocalRunner(RunService runs, RunStore store, LocalPipelineHost host)
{
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
        await host.RunAsync(
            async ct =>
            {
                var current = (await store.GetRunAsync(runId, ct))?.Value ?? throw new RunNotFoundException(runId);
                if (onProgress is not null)
                {
                    await onProgress(current, ct);
                }

                return current.Status.IsTerminal();
            },
            cancellationToken);
        return (await store.GetRunAsync(runId, cancellationToken))!.Value;
    }
}
