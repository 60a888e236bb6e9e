namespace CoScientist.Tournament;

/// <summary>
/// The stop rule's measure: the top of the leaderboard is stable when the same proposals, in
/// the same order, led after each of the last few rounds and each of them has played enough.
/// </summary>
public sealed record TopStability(int TopSize = 3, int Rounds = 3, int MinGames = 4)
{
    public static readonly TopStability Default = new();

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
