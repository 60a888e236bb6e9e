using CoScientist.Core.Proposals;
using Microsoft.Extensions.AI;

namespace CoScientist.Core.Agents.Proximity;

/// <summary>Thresholds of the Proximity agent, which depend on the measure.</summary>
public sealed record ProximityOptions
{
    public double LexicalDuplicate { get; init; } = 0.85;

    public double EmbeddingDuplicate { get; init; } = 0.95;

    public double LexicalCluster { get; init; } = 0.30;

    public double EmbeddingCluster { get; init; } = 0.80;

    /// <summary>Edges below this similarity are not kept: they carry no pairing signal.</summary>
    public double MinEdge { get; init; } = 0.05;
}

/// <summary>
/// Computes the proximity graph: cosine similarity of embeddings when an embedding model is
/// configured, of TF-IDF vectors offline. The later of two near-duplicates is marked.
/// </summary>
public sealed class ProximityAgent(IEmbeddingGenerator<string, Embedding<float>>? embeddings, ProximityOptions? options = null)
{
    private readonly ProximityOptions _options = options ?? new ProximityOptions();

    public async Task<ProximityGraph> BuildAsync(string taskId, IReadOnlyList<Proposal> proposals, CancellationToken cancellationToken = default)
    {
        var ordered = proposals.OrderBy(p => p.Round).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var texts = ordered.Select(Text).ToList();
        IReadOnlyList<IReadOnlyList<double>> vectors;
        string method;
        double duplicateAt, clusterAt;
        if (embeddings is not null && ordered.Count > 0)
        {
            var generated = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
            vectors = [.. generated.Select(e => (IReadOnlyList<double>)[.. e.Vector.ToArray().Select(v => (double)v)])];
            method = "embedding";
            (duplicateAt, clusterAt) = (_options.EmbeddingDuplicate, _options.EmbeddingCluster);
        }
        else
        {
            vectors = LexicalSimilarity.Vectors(texts, out _);
            method = "lexical";
            (duplicateAt, clusterAt) = (_options.LexicalDuplicate, _options.LexicalCluster);
        }

        var edges = new List<SimilarityEdge>();
        var duplicates = new List<NearDuplicate>();
        for (var j = 0; j < ordered.Count; j++)
        {
            NearDuplicate? duplicate = null;
            for (var i = 0; i < j; i++)
            {
                var similarity = Math.Round(LexicalSimilarity.Cosine(vectors[i], vectors[j]), 4);
                if (similarity >= _options.MinEdge)
                {
                    edges.Add(new SimilarityEdge(ordered[i].Id, ordered[j].Id, similarity));
                }

                // The earlier proposal keeps its place; the later copy is the duplicate.
                if (similarity >= duplicateAt && duplicate is null && !duplicates.Any(d => d.ProposalId == ordered[i].Id))
                {
                    duplicate = new NearDuplicate(ordered[j].Id, ordered[i].Id, similarity);
                }
            }

            if (duplicate is not null)
            {
                duplicates.Add(duplicate);
            }
        }

        return new ProximityGraph(taskId, method, [.. ordered.Select(p => p.Id)], edges, duplicates, Clusters(ordered, edges, clusterAt));
    }

    private static string Text(Proposal p) => $"{p.Title}\n{p.Statement}\n{p.ProposedSolution}\n{string.Join("\n", p.TestableHypotheses)}";

    // Connected components over strong edges: a cheap, deterministic grouping for the overview.
    private static List<IReadOnlyList<string>> Clusters(IReadOnlyList<Proposal> proposals, IReadOnlyList<SimilarityEdge> edges, double threshold)
    {
        var parent = proposals.ToDictionary(p => p.Id, p => p.Id, StringComparer.Ordinal);
        string Find(string x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var edge in edges.Where(e => e.Similarity >= threshold))
        {
            var (ra, rb) = (Find(edge.A), Find(edge.B));
            if (ra != rb)
            {
                parent[string.CompareOrdinal(ra, rb) < 0 ? rb : ra] = string.CompareOrdinal(ra, rb) < 0 ? ra : rb;
            }
        }

        return
        [
            .. proposals.GroupBy(p => Find(p.Id))
                .Select(g => (IReadOnlyList<string>)[.. g.Select(p => p.Id)])
                .OrderByDescending(c => c.Count)
                .ThenBy(c => c[0], StringComparer.Ordinal),
        ];
    }
}
