using System.Text.RegularExpressions;
using CoScientist.Core.Messaging;
using CoScientist.Durability.Tests.Infrastructure;

namespace CoScientist.Durability.Tests;

/// <summary>A worker asked to stop (SIGTERM) finishes the steps it has started instead of wasting their model calls.</summary>
[Trait("Category", "Integration")]
public sealed partial class WorkerShutdownTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_DuringSlowSteps_FinishesThem_ExitsCleanly_AndNoStepRunsTwice()
    {
        // Six seconds per model call: the steps in flight outlast any two-second cut-off by far.
        var storage = new SharedStorageRun(azurite.ConnectionString, new Dictionary<string, string> { ["Supervisor:TaskLease"] = "00:02:00" });
        var runId = await storage.StartAsync(proposals: 4, seed: 12);
        IReadOnlyList<AgentTask> running;
        await using (var worker = storage.Worker(2, 6000))
        {
            running = await WaitForRunningStepsAsync(storage, runId, worker);
            Signals.Send(worker.Id, Signals.Terminate);

            Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains($"steps in flight get up to 20 s to finish", worker.Output, StringComparison.Ordinal);
            var steps = int.Parse(StepsRun().Match(worker.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(steps >= running.Count, $"{steps} steps run, {running.Count} were in flight:\n{worker.Output}");
        }

        var tasks = await storage.TasksAsync(runId);
        foreach (var task in running)
        {
            var now = Assert.Single(tasks, t => t.Id == task.Id);
            Assert.True(now.Status == AgentTaskStatus.Completed, $"{task.Id} is {now.Status} after the worker stopped");
        }

        // Another worker finishes the run without running any finished step again.
        await using (var worker = storage.Worker(4, 0, "--exit-when-done", runId))
        {
            Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromMinutes(3)));
        }

        var snapshot = await RunAudit.AssertIntactAsync(storage.Store, runId, Ct);
        Assert.All(snapshot.Tasks.Where(t => t.Attempts > 0), t => Assert.True(t.Attempts == 1, $"{t.Id} ran {t.Attempts} times"));
    }

    [Fact]
    public async Task SecondSigterm_WhileStepsFinish_StopsAtOnce()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString, new Dictionary<string, string> { ["Supervisor:TaskLease"] = "00:02:00" });
        var runId = await storage.StartAsync(proposals: 4, seed: 13);
        await using var worker = storage.Worker(2, 60_000);
        var running = await WaitForRunningStepsAsync(storage, runId, worker);
        Signals.Send(worker.Id, Signals.Terminate);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!worker.Output.Contains("steps in flight get up to", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        // The impatient operator's second signal: no more waiting for the minute-long model call.
        Signals.Send(worker.Id, Signals.Terminate);

        Assert.Equal(143, await worker.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("stopped at once.", worker.Output, StringComparison.Ordinal);
        var task = Assert.Single(await storage.TasksAsync(runId), t => t.Id == running[0].Id);
        Assert.Equal(AgentTaskStatus.Running, task.Status); // left as a crash leaves it: its lease runs out, the rescue wakes it
    }

    private static async Task<IReadOnlyList<AgentTask>> WaitForRunningStepsAsync(SharedStorageRun storage, string runId, CosciProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !worker.HasExited)
        {
            var running = (await storage.TasksAsync(runId)).Where(t => t.Status == AgentTaskStatus.Running).ToList();
            if (running.Count > 0)
            {
                return running;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"no step of {runId} was seen running:\n{worker.Output}");
        return [];
    }

    [GeneratedRegex(@"(\d+) agent steps run")]
    private static partial Regex StepsRun();
}
