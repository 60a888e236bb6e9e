namespace CoScientist.Core.Agents.Proximity;

/// <summary>An edge of the proximity graph: two proposals and how alike they are (0 to 1).</summary>
public sealed record SimilarityEdge(string A, string B, double Similarity);

/// <summary>A proposal found to repeat an earlier one.</summary>
public sealed record NearDuplicate(string ProposalId, string DuplicateOf, double Similarity);

/// <summary>
/// The Proximity agent's output: similarity between proposals, used to pair similar proposals in
/// the tournament, to keep near-duplicates out of it, and to group proposals in the overview.
/// </summary>
public sealed record ProximityGraph(
    string TaskId,
    string Method,
    IReadOnlyList<string> ProposalIds,
    IReadOnlyList<SimilarityEdge> Edges,
    IReadOnlyList<NearDuplicate> Duplicates,
    IReadOnlyList<IReadOnlyList<string>> Clusters)
{
    private Dictionary<(string, string), double>? _lookup;

    public double Similarity(string a, string b)
    {
        _lookup ??= Edges.ToDictionary(e => Key(e.A, e.B), e => e.Similarity);
        return _lookup.GetValueOrDefault(Key(a, b));
    }

    public bool IsDuplicate(string proposalId) => Duplicates.Any(d => d.ProposalId == proposalId);

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
