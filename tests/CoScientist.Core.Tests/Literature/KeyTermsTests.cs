using CoScientist.Core.Literature;

namespace CoScientist.Core.Tests.Literature;

public sealed class KeyTermsTests
{
    [Fact]
    public void Query_DropsFunctionWordsAndProposalBoilerplate_KeepsOrder()
    {
        Assert.Equal(
            "acute myeloid leukemia",
            KeyTerms.Query("Propose drugs approved for other indications that could be repurposed to treat acute myeloid leukemia"));
    }

    [Fact]
    public void Query_AtMostTheGivenNumberOfTerms_EachOnce()
    {
        Assert.Equal("losartan slows fibrosis", KeyTerms.Query("Losartan slows fibrosis; losartan slows FIBROSIS.", 4));
        Assert.Equal("alpha beta", KeyTerms.Query("alpha beta gamma delta", 2));
        Assert.Equal("", KeyTerms.Query("the of and 2019"));
    }

    [Fact]
    public void Of_SplitsHyphenatedWords_SoPartsMatch()
    {
        Assert.Equal(["telomere", "driven", "pancreatic", "cancer"], KeyTerms.Of("telomere-driven pancreatic cancer"));
        Assert.Equal(2, KeyTerms.Shared(KeyTerms.Of("Telomere length and pancreatic risk"), KeyTerms.Of("telomere-driven pancreatic cancer")));
    }
}
