using CoScientist.Core.Agents.Proximity;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>
/// A simulated proposal. <see cref="Quality"/> and <see cref="Features"/> are hidden from the
/// policies: they see only the judge's verdicts and the similarity graph built from the features.
/// </summary>
public sealed record SimulatedProposal(int Index, double Quality, IReadOnlyList<double> Features, int? ParentIndex, double ArrivalCost)
{
    public string Id => $"p{Index:D3}";
}

/// <summary>Shape of the simulated field: quality spread, research directions and evolution.</summary>
public sealed record ProposalFieldOptions
{
    public static readonly ProposalFieldOptions Default = new();

    /// <summary>Standard deviation of the hidden quality of the initial proposals, in Elo points.</summary>
    public double QualitySd { get; init; } = 500;

    /// <summary>
    /// Share of the quality variance explained by the research direction (family) a proposal
    /// belongs to, so that neighbours in the proximity graph tend to be of similar quality.
    /// </summary>
    public double FamilyVarianceShare { get; init; } = 0.3;

    /// <summary>
    /// Within a direction, quality has a long upper tail (standardised Gumbel): most proposals
    /// are modest and a few stand out. False draws it from a normal distribution instead.
    /// </summary>
    public bool SkewedQuality { get; init; } = true;

    /// <summary>Proposals per research direction.</summary>
    public int ProposalsPerFamily { get; init; } = 8;

    public int FeatureDimensions { get; init; } = 16;

    /// <summary>Spread of a proposal's features around its direction's centroid (the centroid has unit variance per dimension).</summary>
    public double FeatureNoise { get; init; } = 0.5;

    /// <summary>Share of the field that arrives during the ranking phase as evolved children.</summary>
    public double ArrivalShare { get; init; } = 0.25;

    public int ArrivalBatches { get; init; } = 4;

    /// <summary>The last batch of children arrives once this many cost units per proposal have been spent.</summary>
    public double ArrivalEndPerProposal { get; init; } = 6;

    /// <summary>Parents are drawn from this top share of the proposals present, as evolution refines the best.</summary>
    public double ParentPoolShare { get; init; } = 0.25;

    /// <summary>Evolution improves on its parent on average, by this many Elo points.</summary>
    public double ChildQualityGain { get; init; } = 50;

    public double ChildQualitySd { get; init; } = 175;

    /// <summary>A child stays close to its parent in the proximity graph.</summary>
    public double ChildFeatureNoise { get; init; } = 0.3;
}

/// <summary>
/// All proposals of one simulated run, in arrival order, with the proximity graph (cosine
/// similarity of the hidden features) the product would get from its proximity agent.
/// </summary>
public sealed class ProposalField
{
    private readonly double[,] _similarity;

    private ProposalField(IReadOnlyList<SimulatedProposal> proposals)
    {
        Proposals = proposals;
        _similarity = new double[proposals.Count, proposals.Count];
        for (var i = 0; i < proposals.Count; i++)
        {
            for (var j = i; j < proposals.Count; j++)
            {
                // Clamped at 0 like the product's TF-IDF cosine, whose vectors are non-negative.
                var s = Math.Max(0, LexicalSimilarity.Cosine(proposals[i].Features, proposals[j].Features));
                _similarity[i, j] = s;
                _similarity[j, i] = s;
            }
        }
    }

    /// <summary>Every proposal of the run in arrival order; initial proposals have arrival cost 0.</summary>
    public IReadOnlyList<SimulatedProposal> Proposals { get; }

    public int Count => Proposals.Count;

    public double Similarity(int a, int b) => _similarity[a, b];

    /// <summary>Builds a field from explicit proposals (tests, hand-made scenarios).</summary>
    public static ProposalField FromProposals(IReadOnlyList<SimulatedProposal> proposals)
    {
        for (var i = 0; i < proposals.Count; i++)
        {
            if (proposals[i].Index != i || (i > 0 && proposals[i].ArrivalCost < proposals[i - 1].ArrivalCost))
            {
                throw new ArgumentException("Proposals must be indexed 0..n-1 in arrival order.", nameof(proposals));
            }
        }

        return new ProposalField(proposals);
    }

    /// <summary>
    /// Draws a field of <paramref name="size"/> proposals: the initial ones in research
    /// directions, then batches of evolved children of good proposals arriving during the run.
    /// </summary>
    public static ProposalField Generate(int size, ProposalFieldOptions options, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        var children = (int)Math.Round(size * options.ArrivalShare);
        var initial = size - children;
        var families = Math.Max(2, (int)Math.Ceiling(initial / (double)Math.Max(1, options.ProposalsPerFamily)));
        var familySd = options.QualitySd * Math.Sqrt(options.FamilyVarianceShare);
        var memberSd = options.QualitySd * Math.Sqrt(1 - options.FamilyVarianceShare);

        var centroids = new double[families][];
        var offsets = new double[families];
        for (var f = 0; f < families; f++)
        {
            centroids[f] = [.. Enumerable.Range(0, options.FeatureDimensions).Select(_ => Gaussian(random))];
            offsets[f] = familySd * Gaussian(random);
        }

        var proposals = new List<SimulatedProposal>(size);
        for (var i = 0; i < initial; i++)
        {
            var f = i % families;
            double[] features = [.. centroids[f].Select(c => c + (options.FeatureNoise * Gaussian(random)))];
            var member = options.SkewedQuality ? StandardGumbel(random) : Gaussian(random);
            proposals.Add(new SimulatedProposal(i, offsets[f] + (memberSd * member), features, null, 0));
        }

        // Parents are chosen by hidden quality, not by any policy's ratings, so every policy
        // faces the same field; evolution in a real run also builds on the proposals that lead.
        var batches = Math.Max(1, Math.Min(options.ArrivalBatches, children));
        for (var b = 0; b < batches; b++)
        {
            var inBatch = (children * (b + 1) / batches) - (children * b / batches);
            var arrival = options.ArrivalEndPerProposal * size * (b + 1) / batches;
            var pool = proposals.OrderByDescending(p => p.Quality).Take(Math.Max(1, (int)Math.Ceiling(proposals.Count * options.ParentPoolShare))).ToList();
            for (var c = 0; c < inBatch; c++)
            {
                var parent = pool[random.Next(pool.Count)];
                double[] features = [.. parent.Features.Select(x => x + (options.ChildFeatureNoise * Gaussian(random)))];
                var quality = parent.Quality + options.ChildQualityGain + (options.ChildQualitySd * Gaussian(random));
                proposals.Add(new SimulatedProposal(proposals.Count, quality, features, parent.Index, arrival));
            }
        }

        return new ProposalField(proposals);
    }

    /// <summary>Standard normal draw (Box–Muller), so fields depend only on the seed.</summary>
    internal static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gumbel draw standardised to mean 0 and variance 1: an exponential upper tail.</summary>
    internal static double StandardGumbel(Random random)
    {
        const double EulerGamma = 0.5772156649015329;
        var u = 1.0 - random.NextDouble();
        return (-Math.Log(-Math.Log(u)) - EulerGamma) / (Math.PI / Math.Sqrt(6));
    }
}
