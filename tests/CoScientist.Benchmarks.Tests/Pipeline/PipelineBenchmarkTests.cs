using CoScientist.Benchmarks.Pipeline;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;

namespace CoScientist.Benchmarks.Tests.Pipeline;

public sealed class PipelineBenchmarkTests
{
    private static StepTiming Step(string taskId, int round, double elapsedMs, double modelMs, double startedMs = 0) =>
        new(StorageNames.GenerationQueue, taskId, round, TimeSpan.FromMilliseconds(elapsedMs), TimeSpan.FromMilliseconds(modelMs), TimeSpan.FromMilliseconds(startedMs));

    [Fact]
    public void Summarize_IdealIsPerRoundTheLongestStepOrTheWorkSpreadOverTheWorkers_AndTheOrchestrationTakesTheGapBetweenRounds()
    {
        // Round 1: four 1 s steps on 2 workers take 2 s at best; round 2: one 3 s step takes 3 s.
        var timings = new List<StepTiming>
        {
            Step("r001-generate-01", 1, 1010, 1000, startedMs: 0),
            Step("r001-generate-02", 1, 1020, 1000, startedMs: 0),
            Step("r001-generate-03", 1, 1030, 1000, startedMs: 1010),
            Step("r001-generate-04", 1, 1040, 1000, startedMs: 1020),
            Step("r002-evolve-01", 2, 3050, 3000, startedMs: 2072),
        };

        var run = PipelineBenchmark.Summarize(2, RunStatus.Completed, TimeSpan.FromSeconds(6.25), timings);

        Assert.Equal(5, run.AgentSteps);
        Assert.Equal(2, run.Rounds);
        Assert.Equal(5.0, run.IdealSeconds);
        Assert.Equal(0.8, run.ParallelEfficiency);
        Assert.Equal(7.0, run.ModelSeconds);
        Assert.Equal(30.0, run.OverheadMsMedian);
        Assert.Equal(50.0, run.OverheadMsP95);
        Assert.Equal(0.8, run.StepsPerSecond);
        Assert.Equal(12.0, run.OrchestrationMsPerRound); // Round 1's last step ended at 2060 ms, round 2's first started at 2072 ms.
    }

    [Fact]
    public void Summarize_ARedeliveredStepCountsOnce()
    {
        var timings = new List<StepTiming> { Step("r001-generate-01", 1, 1010, 1000), Step("r001-generate-01", 1, 15, 0) };

        var run = PipelineBenchmark.Summarize(1, RunStatus.Completed, TimeSpan.FromSeconds(1.1), timings);

        Assert.Equal(1, run.AgentSteps);
        Assert.Equal(10.0, run.OverheadMsMedian);
    }

    [Theory]
    [InlineData(0.5, 3.0)]
    [InlineData(0.95, 5.0)]
    [InlineData(0.0, 1.0)]
    public void Percentile_IsTheNearestRank(double fraction, double expected) =>
        Assert.Equal(expected, PipelineBenchmark.Percentile([5, 1, 4, 2, 3], fraction));

    [Fact]
    public void Percentile_OfNothing_IsZero() => Assert.Equal(0, PipelineBenchmark.Percentile([], 0.5));
}
