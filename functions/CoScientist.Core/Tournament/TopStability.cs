namespace CoScientist.Core.Tournament;

/// <summary>
/// The stop rule's measure: the top of the leaderboard is stable when the same proposals, in
/// the same order, led after each of the last few rounds and each of them has played enough.
/// </summary>
/// <param name="TopSize">How many leaders must stay put.</param>
/// <param name="Rounds">For how many consecutive rounds.</param>
/// <param name="MinGames">Games each of those leaders must have played.</param>
/// <param name="MinGamesPerEntrant">Matches per entrant, on average, before a stable top may end the tournament.</param>
public sealed record TopStability(int TopSize = 3, int Rounds = 3, int MinGames = 4, double MinGamesPerEntrant = 2.5)
{
    /// <summary>
    /// The supervisor's stop rule: the same top 3, in order, for 16 rounds, each with 16 games
    /// or more. Chosen with the tournament benchmark: a run stops at about the cost where mean
    /// top-3 recall reaches 0.9; 3 rounds and 4 games stopped at recall 0.7, and asking for more
    /// games than a settled leader gets (the scheduler skips foregone matches) would often
    /// never fire. Figures in functions/CoScientist.Benchmarks/README.md.
    /// </summary>
    public static readonly TopStability Default = new(TopSize: 3, Rounds: 16, MinGames: 16);

    /// <summary>
    /// The whole stop condition of the tournament, as the supervisor applies it and the benchmark
    /// measures it: enough matches overall, every entrant has played, and a stable top.
    /// </summary>
    /// <param name="matchesPlayed">Matches in the log.</param>
    /// <param name="entrants">Proposals in the tournament.</param>
    /// <param name="rankingsByRound">The ranking after each round, oldest first.</param>
    /// <param name="gamesOf">Games played so far by a proposal.</param>
    public bool IsSettled(int matchesPlayed, IReadOnlyCollection<string> entrants, IReadOnlyList<IReadOnlyList<string>> rankingsByRound, Func<string, int> gamesOf) =>
        entrants.Count >= 2
        && matchesPlayed >= MinGamesPerEntrant * entrants.Count / 2
        && entrants.All(id => gamesOf(id) > 0)
        && IsStable(rankingsByRound, gamesOf);

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
