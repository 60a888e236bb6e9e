namespace CoScientist.Tournament;

/// <summary>
/// The stop rule's measure: the top of the leaderboard is stable when the same proposals, in
/// the same order, led after each of the last few rounds and each of them has played enough.
/// </summary>
public sealed record TopStability(int TopSize = 3, int Rounds = 3, int MinGames = 4)
{
    /// <summary>
    /// The supervisor's stop rule: the same top 3, in order, for 16 rounds, each with 16 games
    /// or more. Chosen with the tournament benchmark: a run stops at about the cost where mean
    /// top-3 recall reaches 0.9; 3 rounds and 4 games stopped at recall 0.7, and asking for more
    /// games than a settled leader gets (the scheduler skips foregone matches) would often
    /// never fire. Figures in functions/CoScientist.Benchmarks/README.md.
    /// </summary>
    public static readonly TopStability Default = new(TopSize: 3, Rounds: 16, MinGames: 16);

    /// <param name="rankingsByRound">The ranking after each round, oldest first.</param>
    /// <param name="gamesOf">Games played so far by a proposal.</param>
    public bool IsStable(IReadOnlyList<IReadOnlyList<string>> rankingsByRound, Func<string, int> gamesOf)
    {
        if (rankingsByRound.Count < Rounds)
        {
            return false;
        }

        var latest = rankingsByRound[^1].Take(TopSize).ToList();
        if (latest.Count < TopSize || latest.Any(id => gamesOf(id) < MinGames))
        {
            return false;
        }

        return rankingsByRound.Skip(rankingsByRound.Count - Rounds)
            .All(ranking => ranking.Take(TopSize).SequenceEqual(latest, StringComparer.Ordinal));
    }
}
