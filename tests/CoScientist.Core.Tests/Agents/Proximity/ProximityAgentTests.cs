using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Proposals;

namespace CoScientist.Core.Tests.Agents.Proximity;

public sealed class ProximityAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ProximityOptions Thresholds = new()
    {
        LexicalDuplicate = 0.85,
        LexicalCluster = 0.2,
        EmbeddingDuplicate = 0.95,
        EmbeddingCluster = 0.8,
        MinEdge = 0.05,
    };

    private static Proposal Idea(string id, int round, string text) => TestData.Proposal(id, round) with
    {
        Title = text,
        Statement = text,
        ProposedSolution = text,
        TestableHypotheses = [text],
    };

    private const string Statins = "Statins reduce hepatic stellate cell activation and slow liver fibrosis";
    private const string StatinsHeart = "Statins reduce cardiac fibroblast activation and slow heart fibrosis";
    private const string Plankton = "Ocean plankton blooms follow upwelling currents along coastal shelves";

    [Fact]
    public async Task BuildAsync_IdenticalText_LaterProposalIsTheDuplicate()
    {
        // "P-a" sorts first by id, but "P-z" is older: the older one keeps its place.
        var graph = await new ProximityAgent(null, Thresholds).BuildAsync("r003-proximity-01", [Idea("P-a", 2, Statins), Idea("P-z", 1, Statins), Idea("P-p", 1, Plankton)], Ct);

        var duplicate = Assert.Single(graph.Duplicates);
        Assert.Equal("P-a", duplicate.ProposalId);
        Assert.Equal("P-z", duplicate.DuplicateOf);
        Assert.Equal(1, duplicate.Similarity, 4);
        Assert.True(graph.IsDuplicate("P-a"));
        Assert.False(graph.IsDuplicate("P-z"));
        Assert.Equal("lexical", graph.Method);
    }

    [Fact]
    public async Task BuildAsync_DifferentTexts_NoDuplicates()
    {
        var graph = await new ProximityAgent(null, Thresholds).BuildAsync("t", [Idea("P-1", 1, Statins), Idea("P-2", 1, StatinsHeart), Idea("P-3", 1, Plankton)], Ct);

        Assert.Empty(graph.Duplicates);
    }

    [Fact]
    public async Task BuildAsync_ThreeCopies_EachLaterCopyPointsAtTheOriginal()
    {
        var graph = await new ProximityAgent(null, Thresholds).BuildAsync("t", [Idea("P-1", 1, Statins), Idea("P-2", 2, Statins), Idea("P-3", 3, Statins), Idea("P-x", 1, Plankton)], Ct);

        Assert.Equal([("P-2", "P-1"), ("P-3", "P-1")], graph.Duplicates.Select(d => (d.ProposalId, d.DuplicateOf)));
    }

    [Fact]
    public async Task BuildAsync_SimilarAndUnrelated_ClustersTheSimilarOnes()
    {
        var graph = await new ProximityAgent(null, Thresholds).BuildAsync("t", [Idea("P-1", 1, Statins), Idea("P-3", 1, Plankton), Idea("P-2", 1, StatinsHeart)], Ct);

        Assert.Equal(["P-1", "P-2", "P-3"], graph.ProposalIds);
        Assert.Equal(2, graph.Clusters.Count);
        Assert.Equal(["P-1", "P-2"], graph.Clusters[0]);
        Assert.Equal(["P-3"], graph.Clusters[1]);
        var similarity = graph.Similarity("P-2", "P-1");
        Assert.InRange(similarity, Thresholds.LexicalCluster, Thresholds.LexicalDuplicate);
        Assert.Equal(similarity, graph.Similarity("P-1", "P-2"));
        Assert.Equal(0, graph.Similarity("P-1", "P-3"));
    }

    [Fact]
    public async Task BuildAsync_Edges_OnlyAboveMinEdgeAndRounded()
    {
        var graph = await new ProximityAgent(null, Thresholds).BuildAsync("t", [Idea("P-1", 1, Statins), Idea("P-2", 1, StatinsHeart), Idea("P-3", 1, Plankton)], Ct);

        Assert.All(graph.Edges, e => Assert.True(e.Similarity >= Thresholds.MinEdge));
        Assert.All(graph.Edges, e => Assert.Equal(Math.Round(e.Similarity, 4), e.Similarity));
        Assert.DoesNotContain(graph.Edges, e => e.A == "P-3" || e.B == "P-3");
    }

    [Fact]
    public async Task BuildAsync_NoProposals_EmptyGraph()
    {
        var embeddings = new FakeEmbeddingGenerator(new Dictionary<string, float[]>());

        var graph = await new ProximityAgent(embeddings, Thresholds).BuildAsync("t", [], Ct);

        Assert.Empty(graph.ProposalIds);
        Assert.Empty(graph.Clusters);
        Assert.Empty(embeddings.Calls);
    }

    [Fact]
    public async Task BuildAsync_WithEmbeddings_UsesThemAndTheirThresholds()
    {
        // The texts share no words, so only the embeddings can make them alike.
        var embeddings = new FakeEmbeddingGenerator(new Dictionary<string, float[]>
        {
            ["alpha"] = [1f, 0f, 0f],
            ["bravo"] = [0.99f, 0.141f, 0f],  // cosine ~0.99 with alpha: a duplicate
            ["charlie"] = [0.9f, 0.436f, 0f], // cosine ~0.90 with alpha: above the lexical duplicate bar, below the embedding one
            ["delta"] = [0f, 0f, 1f],
        });

        var graph = await new ProximityAgent(embeddings, Thresholds).BuildAsync(
            "r002-proximity-01",
            [Idea("P-1", 1, "alpha"), Idea("P-2", 2, "bravo"), Idea("P-3", 3, "charlie"), Idea("P-4", 3, "delta")],
            Ct);

        Assert.Equal("embedding", graph.Method);
        Assert.Single(embeddings.Calls);
        Assert.Equal(4, embeddings.Calls[0].Count);
        Assert.Equal([("P-2", "P-1")], graph.Duplicates.Select(d => (d.ProposalId, d.DuplicateOf)));
        Assert.Equal(["P-1", "P-2", "P-3"], graph.Clusters[0]);
        Assert.Equal(["P-4"], graph.Clusters[1]);
    }

    [Fact]
    public async Task BuildAsync_WithEmbeddings_BelowEmbeddingClusterBar_NotClustered()
    {
        var embeddings = new FakeEmbeddingGenerator(new Dictionary<string, float[]>
        {
            ["alpha"] = [1f, 0f],
            ["bravo"] = [0.6f, 0.8f], // cosine 0.6: above the lexical cluster bar, below the embedding one
        });

        var graph = await new ProximityAgent(embeddings, Thresholds).BuildAsync("t", [Idea("P-1", 1, "alpha"), Idea("P-2", 1, "bravo")], Ct);

        Assert.Equal(2, graph.Clusters.Count);
        Assert.Equal(0.6, graph.Similarity("P-1", "P-2"), 4);
    }
}
