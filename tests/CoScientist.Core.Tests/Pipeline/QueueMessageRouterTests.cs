using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;

namespace CoScientist.Core.Tests.Pipeline;

public sealed class QueueMessageRouterTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private QueueMessageRouter Router => _engine.Get<QueueMessageRouter>();

    [Fact]
    public async Task HandleAsync_SupervisorQueue_GoesToTheSupervisor()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: RunStatus.Pending));

        await Router.HandleAsync(StorageNames.SupervisorQueue, new SupervisorMessage("run-1").ToJson(), Ct);

        Assert.Single(await _engine.MessagesAsync(StorageNames.PlanQueue));
    }

    [Theory]
    [InlineData(StorageNames.PlanQueue)]
    [InlineData(StorageNames.GenerationQueue)]
    [InlineData(StorageNames.MetaReviewQueue)]
    public async Task HandleAsync_StepQueue_GoesToTheStepHandler(string queue)
    {
        await _engine.CreateRunAsync();

        // The step handler looks the task up: an unknown task proves the message reached it.
        var ex = await Assert.ThrowsAsync<MalformedMessageException>(() => Router.HandleAsync(queue, new StepMessage("run-1", "r001-plan-07").ToJson(), Ct));

        Assert.Contains("r001-plan-07", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UnknownQueue_Throws() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Router.HandleAsync("cosci-unknown", "{}", Ct));

    [Fact]
    public async Task HandleAsync_MalformedBody_MalformedMessage() =>
        await Assert.ThrowsAsync<MalformedMessageException>(() => Router.HandleAsync(StorageNames.RankingQueue, "{\"runId\":\"run-1\"}", Ct));
}
