using CoScientist.Core.Runs;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Tests.Runs;

public sealed class RunRequestRulesTests
{
    private readonly RunRequestRules _rules = new(Options.Create(new RunLimitsOptions()));

    [Fact]
    public void Check_LiteratureNotGiven_OnInTheRequest()
    {
        var (request, problems) = _rules.Check(new RunRequestInput("Slow fibrosis."));

        Assert.Empty(problems);
        Assert.True(request!.Literature);
    }

    [Fact]
    public void Check_LiteratureOff_OffInTheRequest()
    {
        var (request, problems) = _rules.Check(new RunRequestInput("Slow fibrosis.", Literature: false));

        Assert.Empty(problems);
        Assert.False(request!.Literature);
    }

    [Fact]
    public void Check_LiteratureOffWithScans_RefusedNamingLiterature()
    {
        var (request, problems) = _rules.Check(new RunRequestInput("Slow fibrosis.", Scan: true, Literature: false));

        Assert.Null(request);
        var problem = Assert.Single(problems);
        Assert.Equal("literature", problem.Field);
        Assert.Contains("cannot also ask for scheduled literature scans", problem.Message, StringComparison.Ordinal);
    }
}
