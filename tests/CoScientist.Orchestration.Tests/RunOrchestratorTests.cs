using CoScientist.Core.Orchestration;
using CoScientist.Core.Supervisor;
using CoScientist.Orchestration.Activities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CoScientist.Orchestration.Tests;

/// <summary>
/// The run loop's decisions under the real Durable Task Framework: plans, events, durable timers,
/// rescues, failures and continue-as-new, with activities that answer from a script.
/// </summary>
public sealed class RunOrchestratorTests(ScriptedOrchestrationHost host) : IClassFixture<ScriptedOrchestrationHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Long enough that no rescue fires during a test that does not want one.</summary>
    private static readonly TimeSpan NoRescue = TimeSpan.FromMinutes(5);

    private readonly string _runId = "run-" + Guid.NewGuid().ToString("N")[..10];

    private DurableTaskClient Client => host.Host.Client;

    private RunScript Script => host.Script(_runId);

    private async Task StartAsync(TimeSpan rescueInterval, int maxStalledRescues = 3, int roundsPerHistory = 100) =>
        await Client.ScheduleNewOrchestrationInstanceAsync(
            RunOrchestrator.Name,
            new RunOrchestrationInput(_runId, rescueInterval, maxStalledRescues, roundsPerHistory),
            new StartOrchestrationOptions(_runId),
            Ct);

    private Task RaiseAsync(RunEvent runEvent) => Client.RaiseEventAsync(_runId, RunEvent.Name, runEvent.ToPayload(), Ct);

    private async Task<OrchestrationMetadata> CompletionAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var done = await Client.WaitForInstanceCompletionAsync(_runId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done;
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
        }
    }

    /// <summary>Gives a wrong orchestrator time to do what it must not (plan again, rescue).</summary>
    private static Task QuietPeriodAsync() => Task.Delay(TimeSpan.FromSeconds(1), Ct);

    [Fact]
    public async Task RunAsync_RoundCompleted_PlansTheNextRoundAndEndsWithThePlansDetail()
    {
        Script.Plan(PlanOutcomeKind.Planned, 1).Plan(PlanOutcomeKind.Ended, 1, "completed: budget reached");
        await StartAsync(NoRescue);
        await EventuallyAsync(() => Script.PlanCalls == 1, "round 1 is planned");
        await QuietPeriodAsync();
        Assert.Equal(1, Script.PlanCalls); // waits for the round, without a plan of its own

        await RaiseAsync(RunEvent.RoundCompleted(1));

        var done = await CompletionAsync();
        Assert.Equal("completed: budget reached", done.ReadOutputAs<string>());
        Assert.Equal(2, Script.PlanCalls);
        Assert.Empty(Script.Rescues);
        Assert.Empty(Script.Failures);
    }

    [Fact]
    public async Task RunAsync_RoundCompletedOfAnOlderRound_IgnoredAndRunChangedPlansAgain()
    {
        Script.Plan(PlanOutcomeKind.Planned, 2).Plan(PlanOutcomeKind.Ended, 2, "stopped");
        await StartAsync(NoRescue);
        await EventuallyAsync(() => Script.PlanCalls == 1, "round 2 is planned");

        await RaiseAsync(RunEvent.RoundCompleted(1)); // a late duplicate of the round before
        await QuietPeriodAsync();
        Assert.Equal(1, Script.PlanCalls);

        await RaiseAsync(RunEvent.Changed()); // the scientist stopped the run
        Assert.Equal("stopped", (await CompletionAsync()).ReadOutputAs<string>());
        Assert.Equal(2, Script.PlanCalls);
    }

    [Fact]
    public async Task RunAsync_TimerFiresBeforeAnyEvent_RescuesTheRoundAndPlansWhenItIsDone()
    {
        Script.Plan(PlanOutcomeKind.Planned, 4).Plan(PlanOutcomeKind.Ended, 4, "completed")
            .Rescue(new RescueOutcome(true, false, 3, 0, 0, []));
        await StartAsync(TimeSpan.FromMilliseconds(300));

        var done = await CompletionAsync();

        Assert.Equal("completed", done.ReadOutputAs<string>());
        Assert.Equal([new RescueRequest(_runId, 4)], Script.Rescues);
        Assert.Equal(2, Script.PlanCalls);
    }

    [Fact]
    public async Task RunAsync_NothingMovesThroughMaxStalledRescues_FailsTheRunNamingTheRoundAndTasks()
    {
        Script.Plan(PlanOutcomeKind.Planned, 3);
        Script.StalledRescue = new RescueOutcome(false, false, 0, 1, 0, ["r003-generate-01"]);
        await StartAsync(TimeSpan.FromMilliseconds(300), maxStalledRescues: 3);

        var done = await CompletionAsync();

        var failure = Assert.Single(Script.Failures);
        Assert.Equal(_runId, failure.RunId);
        Assert.Contains("Round 3", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("r003-generate-01", failure.Reason, StringComparison.Ordinal);
        Assert.Equal($"failed: {failure.Reason}", done.ReadOutputAs<string>());
        Assert.Equal(3, Script.Rescues.Count);
        Assert.Equal(1, Script.PlanCalls);
    }

    [Fact]
    public async Task RunAsync_RescuesThatShowProgress_ResetTheStallCount()
    {
        // Stalls counted: 1, then reset by a task ending (2 ended), 1, then reset by a held task, then 1, 2, 3.
        Script.Plan(PlanOutcomeKind.Planned, 2)
            .Rescue(new RescueOutcome(false, false, 1, 1, 0, ["r002-review-01"]))
            .Rescue(new RescueOutcome(false, false, 2, 1, 0, ["r002-review-01"]))
            .Rescue(new RescueOutcome(false, false, 2, 1, 0, ["r002-review-01"]))
            .Rescue(new RescueOutcome(false, false, 2, 0, 1, []));
        Script.StalledRescue = new RescueOutcome(false, false, 2, 1, 0, ["r002-review-01"]);
        await StartAsync(TimeSpan.FromMilliseconds(200), maxStalledRescues: 3);

        await CompletionAsync();

        Assert.Single(Script.Failures);
        Assert.Equal(7, Script.Rescues.Count);
    }

    [Fact]
    public async Task RunAsync_PausedPlan_WaitsWithoutRescuesUntilAnEvent()
    {
        Script.Plan(PlanOutcomeKind.Paused, 2, "paused").Plan(PlanOutcomeKind.Ended, 2, "stopped");
        await StartAsync(TimeSpan.FromMilliseconds(200));
        await EventuallyAsync(() => Script.PlanCalls == 1, "the paused run is seen");

        await QuietPeriodAsync(); // five rescue intervals
        Assert.Empty(Script.Rescues);
        Assert.Equal(1, Script.PlanCalls);
        Assert.Equal("paused", (await Client.GetInstanceAsync(_runId, getInputsAndOutputs: true, Ct))?.ReadCustomStatusAs<string>());

        await RaiseAsync(RunEvent.Changed());
        Assert.Equal("stopped", (await CompletionAsync()).ReadOutputAs<string>());
        Assert.Empty(Script.Rescues);
    }

    [Fact]
    public async Task RunAsync_RoundsPerHistoryPlanned_ContinuesAsNewWaitingAndStillCompletes()
    {
        Script.Plan(PlanOutcomeKind.Planned, 1).Plan(PlanOutcomeKind.Planned, 2).Plan(PlanOutcomeKind.Planned, 3)
            .Plan(PlanOutcomeKind.Ended, 3, "completed");
        await StartAsync(NoRescue, roundsPerHistory: 2);
        for (var round = 1; round <= 3; round++)
        {
            var planned = round;
            await EventuallyAsync(() => Script.PlanCalls == planned, $"round {planned} is planned");
            await RaiseAsync(RunEvent.RoundCompleted(round));
        }

        var done = await CompletionAsync();

        Assert.Equal("completed", done.ReadOutputAs<string>());
        Assert.Equal(4, Script.PlanCalls);

        // The history that completed is the one continued after round 2: it began by waiting for round 2.
        var input = done.ReadInputAs<RunOrchestrationInput>();
        Assert.NotNull(input);
        Assert.True(input.Waiting);
        Assert.Equal(2, input.Round);
    }

    [Fact]
    public async Task RunAsync_PlanningThrowsOnce_RetriedAndTheRunGoesOn()
    {
        Script.PlanThrows("storage briefly away").Plan(PlanOutcomeKind.Ended, 0, "completed");
        await StartAsync(NoRescue);

        var done = await CompletionAsync();

        Assert.Equal("completed", done.ReadOutputAs<string>());
        Assert.Equal(2, Script.PlanCalls);
        Assert.Empty(Script.Failures);
    }

    [Fact]
    public async Task RunAsync_PlanningKeepsFailing_TheRunFailsAfterMaxStalledRescuesFailures()
    {
        for (var i = 0; i < 20; i++)
        {
            Script.PlanThrows("the table is gone");
        }

        await StartAsync(TimeSpan.FromMilliseconds(200), maxStalledRescues: 1);

        var done = await CompletionAsync();

        var failure = Assert.Single(Script.Failures);
        Assert.Contains("could not plan round 1", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("the table is gone", failure.Reason, StringComparison.Ordinal);
        Assert.Equal($"failed: {failure.Reason}", done.ReadOutputAs<string>());
        Assert.Equal(4, Script.PlanCalls); // the activity's own retries, then one failure counted
    }
}
