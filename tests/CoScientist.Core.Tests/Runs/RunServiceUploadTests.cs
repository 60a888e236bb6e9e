using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Core.Tests.Runs;

/// <summary>The two run actions uploads rely on: starting a run once under a derived id, and attaching text once per source.</summary>
public sealed class RunServiceUploadTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RunRequest Request = new(ResearchGoal.Of("Slow fibrosis."), new RunBudget(MaxProposals: 8), 3);

    private readonly RecordingRunOrchestrations _orchestrations = new();
    private readonly EngineHarness _engine;

    public RunServiceUploadTests() => _engine = new(orchestrations: _orchestrations);

    public void Dispose() => _engine.Dispose();

    private RunService Service => _engine.Get<RunService>();

    [Fact]
    public async Task StartOnceAsync_Twice_CreatesOneRunAndStartsItsOrchestrationAgain()
    {
        var (first, created) = await Service.StartOnceAsync("run-20250301-090000-uabc", Request, Ct);
        var (second, createdAgain) = await Service.StartOnceAsync("run-20250301-090000-uabc", Request, Ct);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await _engine.Store.ListRunsAsync(Ct));
        // Again, in case the first call died between creating the run and starting it (a start is idempotent).
        Assert.Equal([first.Id, first.Id], _orchestrations.Started);
    }

    [Fact]
    public async Task StartOnceAsync_EndedRun_ReturnedAsStoredWithoutAnOrchestration()
    {
        await _engine.CreateRunAsync(TestData.Run(id: "run-20250301-090000-uabc", status: RunStatus.Completed));

        var (run, created) = await Service.StartOnceAsync("run-20250301-090000-uabc", Request, Ct);

        Assert.False(created);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Empty(_orchestrations.Started);
    }

    [Fact]
    public async Task StartOnceAsync_InvalidRequest_RefusedAndNothingStored()
    {
        await Assert.ThrowsAsync<RunRequestException>(() => Service.StartOnceAsync("run-x", Request with { Goal = ResearchGoal.Of(" ") }, Ct));

        Assert.Empty(await _engine.Store.ListRunsAsync(Ct));
        Assert.Empty(_orchestrations.Started);
    }

    [Fact]
    public async Task AttachContextAsync_SameSourceTwice_AppendedOnceAndLeftForTheNextPlan()
    {
        await _engine.CreateRunAsync(TestData.Run(attachedContext: "Existing notes."));

        var (_, appended) = await Service.AttachContextAsync("run-1", "uploaded file a.csv (version 1)", "x,y\n1,2", Ct);
        var (run, again) = await Service.AttachContextAsync("run-1", "uploaded file a.csv (version 1)", "x,y\n1,2", Ct);

        Assert.True(appended);
        Assert.False(again);
        Assert.Equal("Existing notes.\n\n[Attached: uploaded file a.csv (version 1)]\n\nx,y\n1,2", run.Goal.AttachedContext);
        Assert.Empty(_orchestrations.Raised);
    }

    [Fact]
    public async Task AttachContextAsync_PastTheContextLimit_RefusedAndTheRunUnchanged()
    {
        await _engine.CreateRunAsync(TestData.Run(attachedContext: new string('a', ResearchGoal.MaxContextLength - 10)));

        var ex = await Assert.ThrowsAsync<RunRequestException>(() => Service.AttachContextAsync("run-1", "big.txt", "more text than fits", Ct));

        Assert.Contains($"the limit is {ResearchGoal.MaxContextLength}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ResearchGoal.MaxContextLength - 10, (await _engine.RunAsync()).Value.Goal.AttachedContext!.Length);
    }

    [Fact]
    public async Task AttachContextAsync_EndedOrUnknownRun_Refused()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Completed));

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AttachContextAsync("run-1", "a.txt", "text", Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Service.AttachContextAsync("run-2", "a.txt", "text", Ct));
    }
}
