using System.Diagnostics;
using CoScientist.Durability.Tests.Infrastructure;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;

namespace CoScientist.Durability.Tests;

/// <summary>
/// Worker processes SIGKILLed in the middle of steps of every kind, and inside the planning activity of
/// the run's orchestration (the next round's tasks placed, the round not yet committed), and restarted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkerCrashTests(AzuriteFixture azurite)
{
    private const int Proposals = 12;
    private const int Seed = 5;

    /// <summary>The kinds a kill must land in: every step that calls the model (proximity does not, and ends in milliseconds).</summary>
    private static readonly TaskKind[] MustInterrupt = [TaskKind.Generate, TaskKind.Review, TaskKind.Match, TaskKind.Evolve, TaskKind.MetaReview];

    [Fact]
    public async Task WorkersKilledTenTimesMidStepAndInsideAPlanningActivity_RunCompletesWithNothingLostOrDuplicated_AndEqualsAnUninterruptedRun()
    {
        var reference = new SharedStorageRun(azurite.ConnectionString);
        var (exit, _, error) = await reference.CosciAsync("run", "--goal", SharedStorageRun.Goal, "--max-proposals", $"{Proposals}", "--seed", $"{Seed}", "--json");
        Assert.True(exit == 0, error);
        var referenceRun = Assert.Single(await reference.Store.ListRunsAsync(TestContext.Current.CancellationToken));
        var expected = RunAudit.Fingerprint(await RunAudit.AssertIntactAsync(reference.Store, referenceRun.Id, TestContext.Current.CancellationToken));

        var storage = new SharedStorageRun(azurite.ConnectionString);
        var runId = await storage.StartAsync(Proposals, Seed);
        var workers = new List<CosciProcess> { storage.Worker(4, 120), storage.Worker(4, 120) };
        var log = new List<string>();
        var interrupted = new HashSet<TaskKind>();
        var kills = 0;
        var planningKills = 0;
        try
        {
            var lastKill = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            while ((kills < 10 || !interrupted.IsSupersetOf(MustInterrupt) || planningKills == 0) && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                var run = await storage.RunAsync(runId);
                if (run.Status.IsTerminal())
                {
                    break;
                }

                var tasks = await storage.TasksAsync(runId);

                // Every task of the round has ended and the next round is not committed yet: the orchestration
                // is about to plan. Watch closely until the planning activity is seen inside its work (the next
                // round's tasks placed, the round not yet committed) and kill both workers right there: the
                // activity must run again on a new worker and plan the same round.
                var round = run.RoundTasks.ToHashSet(StringComparer.Ordinal);
                var roundEnded = round.Count > 0 && !run.Finalizing && tasks.Where(t => round.Contains(t.Id)).All(t => t.IsTerminal);
                if (roundEnded && planningKills < 2 && DateTimeOffset.UtcNow - lastKill > TimeSpan.FromSeconds(1.5)
                    && await InsidePlanningAsync(storage, runId, run.Round))
                {
                    foreach (var worker in workers)
                    {
                        await worker.KillAsync();
                        kills++;
                    }

                    planningKills++;
                    log.Add($"{clock.Elapsed.TotalSeconds:F1}s round {run.Round} ended: killed both workers inside the planning activity (round {run.Round + 1}'s tasks placed, not yet committed)");
                    lastKill = DateTimeOffset.UtcNow;
                    foreach (var worker in workers)
                    {
                        await worker.DisposeAsync();
                    }

                    workers = [storage.Worker(4, 120), storage.Worker(4, 120)];
                    continue;
                }

                // Steps claimed since the last kill are running in a live worker right now.
                var running = tasks
                    .Where(t => t.Status == AgentTaskStatus.Running && t.LeaseUntil - TimeSpan.FromSeconds(6) > lastKill)
                    .ToList();
                var fresh = running.Where(t => !interrupted.Contains(t.Kind)).ToList();
                var due = kills < 10 && running.Count > 0 && DateTimeOffset.UtcNow - lastKill > TimeSpan.FromSeconds(1.5);
                if (fresh.Count > 0 || due)
                {
                    foreach (var worker in workers)
                    {
                        await worker.KillAsync();
                        kills++;
                    }

                    interrupted.UnionWith(running.Select(t => t.Kind));
                    log.Add($"{clock.Elapsed.TotalSeconds:F1}s round {run.Round}: killed both workers during {string.Join(", ", running.Select(t => t.Id))}");
                    lastKill = DateTimeOffset.UtcNow;
                    foreach (var worker in workers)
                    {
                        await worker.DisposeAsync();
                    }

                    workers = [storage.Worker(4, 120), storage.Worker(4, 120)];
                }

                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            await storage.WaitForEndAsync(runId, TimeSpan.FromMinutes(5), () => string.Join("\n", log) + "\n" + string.Join("\n", workers.Select(w => w.Output)));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        var report = string.Join("\n", log);
        Assert.True(kills >= 10, $"only {kills} kills:\n{report}");
        Assert.True(interrupted.IsSupersetOf(MustInterrupt), $"kills landed only in {string.Join(", ", interrupted)}:\n{report}");
        Assert.True(planningKills > 0, $"no kill landed inside a planning activity:\n{report}");
        var snapshot = await RunAudit.AssertIntactAsync(storage.Store, runId, TestContext.Current.CancellationToken);
        Assert.Contains(snapshot.Tasks, t => t.Attempts > 1); // some step really ran again after a crash
        Assert.Equal(expected, RunAudit.Fingerprint(snapshot));
    }

    /// <summary>
    /// True once the planning activity is seen mid-way: tasks of the round after <paramref name="round"/>
    /// stored while the run still says <paramref name="round"/> (it places the tasks, then commits the run).
    /// Looks as fast as storage answers for up to three seconds; false when the round was committed first.
    /// </summary>
    private static async Task<bool> InsidePlanningAsync(SharedStorageRun storage, string runId, int round)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            var placed = (await storage.TasksAsync(runId)).Any(t => t.Round > round);
            if ((await storage.RunAsync(runId)).Round != round)
            {
                return false;
            }

            if (placed)
            {
                return true;
            }
        }

        return false;
    }
}
