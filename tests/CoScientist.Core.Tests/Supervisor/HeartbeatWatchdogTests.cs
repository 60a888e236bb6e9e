using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Tests.Supervisor;

public sealed class HeartbeatWatchdogTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Heartbeat every 2 minutes (EngineHarness): a run is stalled after 6 minutes without a change.
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private HeartbeatWatchdog Watchdog => _engine.Get<HeartbeatWatchdog>();

    [Fact]
    public async Task RestartStalledAsync_ActiveRunUnchangedTooLong_StartsANewChainThatOutranksTheOld()
    {
        await _engine.CreateRunAsync(TestData.Run(id: "run-1", status: RunStatus.Running) with { HeartbeatSequence = 4 });
        _engine.Clock.Advance(TimeSpan.FromMinutes(7));

        var restarted = await Watchdog.RestartStalledAsync(Ct);

        Assert.Equal(["run-1"], restarted);
        var run = (await _engine.RunAsync("run-1")).Value;
        Assert.Equal(5, run.HeartbeatSequence);
        Assert.Equal(_engine.Clock.GetUtcNow(), run.UpdatedAt);
        var beat = Assert.Single(await _engine.Queues.ReceiveAsync(StorageNames.SupervisorQueue, 5, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(new SupervisorMessage("run-1", 5).ToJson(), beat.Body);
    }

    [Fact]
    public async Task RestartStalledAsync_RunAfterItsRestart_LeftAloneUntilStalledAgain()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Running));
        _engine.Clock.Advance(TimeSpan.FromMinutes(7));
        await Watchdog.RestartStalledAsync(Ct);

        Assert.Empty(await Watchdog.RestartStalledAsync(Ct));
        _engine.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await Watchdog.RestartStalledAsync(Ct));
        _engine.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(["run-1"], await Watchdog.RestartStalledAsync(Ct));
        Assert.Equal(3, (await _engine.RunAsync()).Value.HeartbeatSequence);
    }

    [Theory]
    [InlineData(RunStatus.Paused)]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Stopped)]
    [InlineData(RunStatus.Failed)]
    public async Task RestartStalledAsync_RunNotActive_LeftAlone(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(status: status));
        _engine.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await Watchdog.RestartStalledAsync(Ct));
        Assert.Equal(1, (await _engine.RunAsync()).Value.HeartbeatSequence);
        Assert.Empty(await _engine.MessagesAsync(StorageNames.SupervisorQueue));
    }

    [Fact]
    public async Task RestartStalledAsync_RecentlyChangedRun_LeftAlone()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Running));
        _engine.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await Watchdog.RestartStalledAsync(Ct));
        Assert.Empty(await _engine.MessagesAsync(StorageNames.SupervisorQueue));
    }

    [Fact]
    public async Task RestartStalledAsync_TheOldChainsBeatAfterTheRestart_IsDroppedAsStale()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Running, plan: TestData.SafePlan, round: 1));
        _engine.Clock.Advance(TimeSpan.FromMinutes(7));
        await Watchdog.RestartStalledAsync(Ct);

        // The old chain was alive after all: its beat 1 arrives now and must not fork a second chain.
        await _engine.Get<SupervisorStep>().HandleAsync(new SupervisorMessage("run-1", 1), Ct);

        Assert.Equal(2, (await _engine.RunAsync()).Value.HeartbeatSequence);
        Assert.Equal([new SupervisorMessage("run-1", 2).ToJson()], await _engine.MessagesAsync(StorageNames.SupervisorQueue));
    }
}
