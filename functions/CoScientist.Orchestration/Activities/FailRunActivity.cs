using CoScientist.Core.Supervisor;
using Microsoft.DurableTask;

namespace CoScientist.Orchestration.Activities;

/// <summary>A run that cannot go on, and why, in words for the scientist.</summary>
public sealed record FailRunRequest(string RunId, string Reason);

/// <summary>Ends a run as failed with its reason (<see cref="RoundSupervisor.FailAsync"/>), unless it has ended already.</summary>
public sealed class FailRunActivity(RoundSupervisor supervisor) : TaskActivity<FailRunRequest, string>
{
    public const string Name = "FailRun";

    public override Task<string> RunAsync(TaskActivityContext context, FailRunRequest input) => FailAsync(input, CancellationToken.None);

    public async Task<string> FailAsync(FailRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await supervisor.FailAsync(request.RunId, request.Reason, cancellationToken);
        return $"{run.Status.ToString().ToLowerInvariant()}: {run.StopReason}";
    }
}
