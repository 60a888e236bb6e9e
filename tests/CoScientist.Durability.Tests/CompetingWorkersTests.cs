using System.Text.RegularExpressions;
using CoScientist.Durability.Tests.Infrastructure;

namespace CoScientist.Durability.Tests;

/// <summary>Several worker processes share one run as competing consumers.</summary>
[Trait("Category", "Integration")]
public sealed partial class CompetingWorkersTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ThreeWorkerProcesses_ShareTheRun_AndNoStepRunsTwice()
    {
        // No crash here, so a long task lease: a step slowed by a busy machine is never re-issued.
        var storage = new SharedStorageRun(azurite.ConnectionString, new Dictionary<string, string> { ["Supervisor:TaskLease"] = "00:02:00" });
        var runId = await storage.StartAsync(proposals: 10, seed: 9);
        var workers = Enumerable.Range(0, 3).Select(_ => storage.Worker(3, 40, "--exit-when-done", runId)).ToList();
        var steps = new List<int>();
        try
        {
            // The run's end first, then each worker's exit: a stalled run and a worker that does not stop
            // after it are different failures. Generous, as CI runs other test assemblies beside this one.
            await storage.WaitForEndAsync(runId, TimeSpan.FromMinutes(6), () => string.Join("\n", workers.Select(w => w.Output)));
            foreach (var worker in workers)
            {
                Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromMinutes(1)));
                var match = StepsRun().Match(worker.Output);
                Assert.True(match.Success, worker.Output);
                steps.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        // The workers left once the run's orchestration had recorded the end, not just the run.
        Assert.Equal("completed", (await storage.StatusAsync(runId)).GetProperty("orchestration").GetProperty("status").GetString());
        var snapshot = await RunAudit.AssertIntactAsync(storage.Store, runId, TestContext.Current.CancellationToken);
        var executed = snapshot.Tasks.Where(t => t.Attempts > 0).ToList();
        Assert.All(executed, t => Assert.True(t.Attempts == 1, $"{t.Id} ran {t.Attempts} times"));
        Assert.Equal(executed.Count, steps.Sum());
        Assert.All(steps, n => Assert.True(n > 0, $"a worker ran no step: {string.Join(", ", steps)}"));
    }

    [GeneratedRegex(@"(\d+) agent steps run")]
    private static partial Regex StepsRun();
}
