using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Benchmarks.Tests.Tournament;

public sealed class ProposalFieldTests
{
    [Theory]
    [InlineData(32, 8)]
    [InlineData(64, 16)]
    public void Generate_Size_ArrivalShareArrivesAsChildrenInBatches(int size, int children)
    {
        var field = ProposalField.Generate(size, ProposalFieldOptions.Default, new Random(1));

        Assert.Equal(size, field.Count);
        Assert.Equal(children, field.Proposals.Count(p => p.ParentIndex is not null));
        Assert.All(field.Proposals.Where(p => p.ParentIndex is null), p => Assert.Equal(0, p.ArrivalCost));
        Assert.All(field.Proposals.Where(p => p.ParentIndex is not null), p => Assert.True(p.ArrivalCost > 0 && p.ParentIndex < p.Index));
        Assert.Equal(ProposalFieldOptions.Default.ArrivalEndPerProposal * size, field.Proposals[^1].ArrivalCost);
        Assert.Equal(field.Proposals.Select(p => p.ArrivalCost).Order(), field.Proposals.Select(p => p.ArrivalCost));
    }

    [Fact]
    public void Generate_Children_AreCloseToTheirParentInTheProximityGraph()
    {
        var field = ProposalField.Generate(64, ProposalFieldOptions.Default, new Random(2));

        foreach (var child in field.Proposals.Where(p => p.ParentIndex is not null))
        {
            var parent = child.ParentIndex!.Value;
            var others = field.Proposals.Where(p => p.Index != child.Index && p.Index != parent).Average(p => field.Similarity(child.Index, p.Index));
            Assert.True(field.Similarity(child.Index, parent) > 0.8);
            Assert.True(field.Similarity(child.Index, parent) > others);
        }
    }

    [Fact]
    public void Generate_SameSeed_SameField()
    {
        var a = ProposalField.Generate(32, ProposalFieldOptions.Default, new Random(3));
        var b = ProposalField.Generate(32, ProposalFieldOptions.Default, new Random(3));

        Assert.Equal(a.Proposals.Select(p => p.Quality), b.Proposals.Select(p => p.Quality));
        Assert.Equal(a.Similarity(0, 5), b.Similarity(0, 5));
    }

    [Fact]
    public void Similarity_IsSymmetricInUnitRangeAndOneOnTheDiagonal()
    {
        var field = ProposalField.Generate(16, ProposalFieldOptions.Default, new Random(4));

        for (var i = 0; i < field.Count; i++)
        {
            Assert.Equal(1.0, field.Similarity(i, i), 9);
            for (var j = 0; j < field.Count; j++)
            {
                Assert.Equal(field.Similarity(i, j), field.Similarity(j, i));
                Assert.InRange(field.Similarity(i, j), 0, 1 + 1e-12);
            }
        }
    }

    [Fact]
    public void StandardGumbel_ManyDraws_HasMeanZeroAndUnitVariance()
    {
        var random = new Random(5);
        var draws = Enumerable.Range(0, 100_000).Select(_ => ProposalField.StandardGumbel(random)).ToList();
        var mean = draws.Average();
        var variance = draws.Average(x => (x - mean) * (x - mean));

        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.95, 1.05);
    }
}
