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

    [Theory]
    [InlineData("cosci-unknown")]
    [InlineData("cosci-supervisor")] // the supervisor's old queue: its loop is an orchestration now
    public async Task HandleAsync_NotAStepQueue_Throws(string queue) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Router.HandleAsync(queue, "{\"runId\":\"run-1\"}", Ct));

    [Fact]
    public async Task HandleAsync_MalformedBody_MalformedMessage() =>
        await Assert.ThrowsAsync<MalformedMessageException>(() => Router.HandleAsync(StorageNames.RankingQueue, "{\"runId\":\"run-1\"}", Ct));
}
