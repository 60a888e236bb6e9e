using System.Collections.Concurrent;
using CoScientist.Core.Orchestration;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>
/// Records what the engine asks of the runs' orchestrations, for unit tests of the one class that asks:
/// a run counts as running from its first start.
/// </summary>
public sealed class RecordingRunOrchestrations : IRunOrchestrations
{
    /// <summary>Each start asked for, in order (a run started twice appears twice).</summary>
    public ConcurrentQueue<string> Started { get; } = new();

    /// <summary>Each event raised, in order.</summary>
    public ConcurrentQueue<(string RunId, RunEvent Event)> Raised { get; } = new();

    public Task StartAsync(string runId, CancellationToken cancellationToken = default)
    {
        Started.Enqueue(runId);
        return Task.CompletedTask;
    }

    public Task RaiseAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken = default)
    {
        Raised.Enqueue((runId, runEvent));
        return Task.CompletedTask;
    }

    public Task<RunOrchestrationState?> GetStateAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Started.Contains(runId) ? new RunOrchestrationState("running", null, null, DateTimeOffset.UnixEpoch) : null);
}
