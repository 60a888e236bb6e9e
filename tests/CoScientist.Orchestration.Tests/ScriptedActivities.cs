using System.Collections.Concurrent;
using CoScientist.Core.Supervisor;
using CoScientist.Orchestration;
using CoScientist.Orchestration.Activities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace CoScientist.Orchestration.Tests;

/// <summary>
/// What the fake activities of one run answer, in order, and what they were asked. Each test uses a run
/// id of its own, so one host serves every test of a class.
/// </summary>
public sealed class RunScript
{
    private readonly ConcurrentQueue<Func<PlanOutcome>> _plans = new();
    private readonly ConcurrentQueue<RescueOutcome> _rescues = new();
    private int _planCalls;

    /// <summary>What a plan answers once the script has run out (a round still running).</summary>
    public PlanOutcome LastPlan { get; private set; } = new(PlanOutcomeKind.Waiting, 0, "round 0 running");

    /// <summary>What a rescue answers once the script has run out: nothing moves.</summary>
    public RescueOutcome StalledRescue { get; set; } = new(false, false, 0, 1, 0, ["r001-generate-01"]);

    /// <summary>Calls of the planning activity (each retry counts).</summary>
    public int PlanCalls => Volatile.Read(ref _planCalls);

    public ConcurrentQueue<RescueRequest> Rescues { get; } = new();

    public ConcurrentQueue<FailRunRequest> Failures { get; } = new();

    public RunScript Plan(PlanOutcomeKind kind, int round, string? detail = null)
    {
        var outcome = new PlanOutcome(kind, round, detail ?? $"round {round} running");
        _plans.Enqueue(() => outcome);
        return this;
    }

    public RunScript PlanThrows(string message)
    {
        _plans.Enqueue(() => throw new InvalidOperationException(message));
        return this;
    }

    public RunScript Rescue(RescueOutcome outcome)
    {
        _rescues.Enqueue(outcome);
        return this;
    }

    internal PlanOutcome NextPlan()
    {
        Interlocked.Increment(ref _planCalls);
        if (_plans.TryDequeue(out var next))
        {
            var outcome = next();
            LastPlan = outcome.Kind == PlanOutcomeKind.Planned ? outcome with { Kind = PlanOutcomeKind.Waiting } : outcome;
            return outcome;
        }

        return LastPlan;
    }

    internal RescueOutcome NextRescue(RescueRequest request)
    {
        Rescues.Enqueue(request);
        return _rescues.TryDequeue(out var outcome) ? outcome : StalledRescue;
    }
}

/// <summary>
/// The real <see cref="RunOrchestrator"/> under the Durable Task test host (the in-process sidecar),
/// with fake activities registered under the real activity names that answer from each run's script.
/// </summary>
public sealed class ScriptedOrchestrationHost : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, RunScript> _scripts = new(StringComparer.Ordinal);

    public DurableTaskTestHost Host { get; private set; } = null!;

    public RunScript Script(string runId) => _scripts.GetOrAdd(runId, _ => new RunScript());

    public async ValueTask InitializeAsync()
    {
        Host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestrator(RunOrchestrator.Name, () => new RunOrchestrator());
                registry.AddActivityFunc<string, PlanOutcome>(PlanRoundActivity.Name, (_, runId) => Script(runId).NextPlan());
                registry.AddActivityFunc<RescueRequest, RescueOutcome>(RescueRoundActivity.Name, (_, request) => Script(request.RunId).NextRescue(request));
                registry.AddActivityFunc<FailRunRequest, string>(FailRunActivity.Name, (_, request) =>
                {
                    Script(request.RunId).Failures.Enqueue(request);
                    return $"failed: {request.Reason}";
                });
            },
            new DurableTaskTestHostOptions());
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
