using CoScientist.Core.Supervisor;
using Microsoft.DurableTask;

namespace CoScientist.Orchestration.Activities;

/// <summary>Which round of which run to rescue.</summary>
public sealed record RescueRequest(string RunId, int Round);

/// <summary>Wakes again the stalled tasks of a round that went quiet (<see cref="RoundSupervisor.RescueAsync"/>).</summary>
public sealed class RescueRoundActivity(RoundSupervisor supervisor) : TaskActivity<RescueRequest, RescueOutcome>
{
    public const string Name = "RescueRound";

    public override Task<RescueOutcome> RunAsync(TaskActivityContext context, RescueRequest input) => RescueAsync(input, CancellationToken.None);

    public Task<RescueOutcome> RescueAsync(RescueRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return supervisor.RescueAsync(request.RunId, request.Round, cancellationToken);
    }
}
