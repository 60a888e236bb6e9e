using CoScientist.Core.Llm;

namespace CoScientist.Core.Tests.Llm;

public sealed class StepUsageTests
{
    [Fact]
    public void Add_TwoUsages_SumsEveryField()
    {
        var sum = new StepUsage(1, 100, 20, 0.5m).Add(new StepUsage(2, 300, 40, 0.25m));

        Assert.Equal(new StepUsage(3, 400, 60, 0.75m), sum);
    }

    [Fact]
    public void Add_None_IsIdentity()
    {
        var usage = new StepUsage(4, 10, 5, 1.5m);

        Assert.Equal(usage, usage.Add(StepUsage.None));
        Assert.Equal(usage, StepUsage.None.Add(usage));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(120, 30, 150)]
    [InlineData(5_000_000_000, 1, 5_000_000_001)]
    public void TotalTokens_IsInputPlusOutput(long input, long output, long total) =>
        Assert.Equal(total, new StepUsage(1, input, output, 0m).TotalTokens);
}

public sealed class UsageMeterTests
{
    [Fact]
    public void Record_SeveralUsages_AccumulatesThem()
    {
        var meter = new UsageMeter();

        meter.Record(new StepUsage(1, 10, 2, 0.1m), simulated: false);
        meter.Record(new StepUsage(1, 30, 4, 0.2m), simulated: false);

        Assert.Equal(new StepUsage(2, 40, 6, 0.3m), meter.Total);
        Assert.False(meter.Simulated);
    }

    [Fact]
    public void Record_OneSimulatedCall_MarksTheStepSimulated()
    {
        var meter = new UsageMeter();

        meter.Record(StepUsage.None, simulated: true);
        meter.Record(StepUsage.None, simulated: false);

        Assert.True(meter.Simulated);
    }

    [Fact]
    public void NextSeed_SameStepSeed_SameSequence()
    {
        var a = new UsageMeter(123);
        var b = new UsageMeter(123);

        long[] first = [a.NextSeed(), a.NextSeed(), a.NextSeed()];
        long[] second = [b.NextSeed(), b.NextSeed(), b.NextSeed()];

        Assert.Equal(first, second);
        Assert.Equal(3, first.Distinct().Count());
    }

    [Fact]
    public void NextSeed_DifferentStepSeeds_Differ() =>
        Assert.NotEqual(new UsageMeter(1).NextSeed(), new UsageMeter(2).NextSeed());
}
