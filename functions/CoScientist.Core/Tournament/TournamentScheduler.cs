namespace CoScientist.Tournament;

/// <summary>A proposal that may play: reviewed, active, not a near-duplicate.</summary>
public sealed record Entrant(string Id, double Rating, int Games);

/// <summary>A pairing chosen for this round.</summary>
public sealed record ScheduledMatch(string ProposalA, string ProposalB, bool Debate);

/// <summary>Weights of the pairing policy; the defaults come from the tournament benchmark.</summary>
public sealed record PairingOptions
{
    public static readonly PairingOptions Default = new();

    /// <summary>Prefer pairs the proximity graph says are alike: comparing like with like is informative.</summary>
    public double SimilarityWeight { get; init; } = 1.0;

    /// <summary>Prefer pairs with a proposal that has played little: its rating is still a guess.</summary>
    public double NewcomerWeight { get; init; } = 1.5;

    /// <summary>Prefer pairs near the top: that is where the order matters to the scientist.</summary>
    public double TopWeight { get; init; } = 1.0;

    /// <summary>Prefer pairs of close rating: their outcome is least predictable.</summary>
    public double ClosenessWeight { get; init; } = 1.0;

    /// <summary>Penalty per earlier match between the same two proposals.</summary>
    public double RepeatPenalty { get; init; } = 1.5;

    /// <summary>How many of the leaders count as "the top" (at least this many, or a fifth of the field).</summary>
    public int TopSize { get; init; } = 4;

    /// <summary>Matches where both proposals are in the top are multi-turn debates.</summary>
    public bool DebateAtTop { get; init; } = true;

    public int MaxMatchesPerEntrantPerRound { get; init; } = 2;

    public int TopCount(int entrants) => Math.Min(entrants, Math.Max(TopSize, (int)Math.Ceiling(entrants / 5.0)));
}

/// <summary>
/// Chooses the matches of one round: pairs of similar proposals, new proposals and top-ranked
/// proposals first; debates for pairs within the top, single-turn comparisons for the rest.
/// </summary>
public static class TournamentScheduler
{
    public static IReadOnlyList<ScheduledMatch> Choose(
        IReadOnlyList<Entrant> entrants,
        int count,
        Func<string, string, double> similarity,
        Func<string, string, int> timesPlayed,
        PairingOptions options,
        Random random)
    {
        if (entrants.Count < 2 || count <= 0)
        {
            return [];
        }

        var ranked = entrants.OrderByDescending(e => e.Rating).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var rank = ranked.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var topCount = options.TopCount(ranked.Count);

        var candidates = new List<(Entrant A, Entrant B, double Score)>();
        for (var i = 0; i < ranked.Count; i++)
        {
            for (var j = i + 1; j < ranked.Count; j++)
            {
                var a = ranked[i];
                var b = ranked[j];
                var inTop = (rank[a.Id] < topCount ? 0.5 : 0) + (rank[b.Id] < topCount ? 0.5 : 0);
                var newcomer = 1.0 / (1 + Math.Min(a.Games, b.Games));
                var closeness = Math.Exp(-Math.Abs(a.Rating - b.Rating) / 200.0);
                var score = (options.SimilarityWeight * similarity(a.Id, b.Id))
                    + (options.NewcomerWeight * newcomer)
                    + (options.TopWeight * inTop)
                    + (options.ClosenessWeight * closeness)
                    - (options.RepeatPenalty * timesPlayed(a.Id, b.Id))
                    + (random.NextDouble() * 0.05); // breaks ties without favouring ids
                candidates.Add((a, b, score));
            }
        }

        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var chosen = new List<ScheduledMatch>();
        foreach (var (a, b, _) in candidates.OrderByDescending(c => c.Score))
        {
            if (chosen.Count >= count)
            {
                break;
            }

            if (used.GetValueOrDefault(a.Id) >= options.MaxMatchesPerEntrantPerRound
                || used.GetValueOrDefault(b.Id) >= options.MaxMatchesPerEntrantPerRound)
            {
                continue;
            }

            used[a.Id] = used.GetValueOrDefault(a.Id) + 1;
            used[b.Id] = used.GetValueOrDefault(b.Id) + 1;
            var debate = options.DebateAtTop && rank[a.Id] < topCount && rank[b.Id] < topCount;
            chosen.Add(new ScheduledMatch(a.Id, b.Id, debate));
        }

        return chosen;
    }
}
