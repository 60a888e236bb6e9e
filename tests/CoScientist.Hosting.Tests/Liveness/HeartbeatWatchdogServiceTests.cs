using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CoScientist.Hosting.Tests.Liveness;

public sealed class HeartbeatWatchdogServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunningHost_RunLeftUnchanged_ItsHeartbeatIsRestartedOnTheWatchdogsTick()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>());
        builder.AddCoScientist(CoScientistHost.Runner);
        using var app = builder.Build();
        var runs = app.Services.GetRequiredService<RunService>();
        var store = app.Services.GetRequiredService<RunStore>();
        var run = await runs.StartAsync(new RunRequest(ResearchGoal.Of("Slow lung fibrosis."), new RunBudget(MaxProposals: 4), 1), Ct);
        Assert.Equal(1, run.HeartbeatSequence);

        // Hosted services start; nothing works the queues, so the run's chain is as good as dead. The service
        // starts its timer on a thread of its own, so time moves a minute at a time until the watchdog has acted.
        await app.StartAsync(Ct);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var sequence = run.HeartbeatSequence;
        var advanced = TimeSpan.Zero;
        while (sequence == 1 && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            advanced += TimeSpan.FromMinutes(1);
            await Task.Delay(50, Ct);
            sequence = (await store.GetRunAsync(run.Id, Ct))!.Value.HeartbeatSequence;
        }

        // Not before the run was stale (3 missed beats of 2 min), and within a check interval after.
        Assert.InRange(advanced, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6) + HeartbeatWatchdogCheck() + TimeSpan.FromMinutes(5));

        await app.StopAsync(Ct);
        Assert.True(sequence > 1, "the watchdog service did not restart the stalled run's heartbeat");
    }

    private static TimeSpan HeartbeatWatchdogCheck() => Core.Supervisor.HeartbeatWatchdog.CheckEvery;
}
