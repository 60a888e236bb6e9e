namespace CoScientist.Core.Tournament;

/// <summary>Which stop rule ends a tournament whose top is settled.</summary>
public enum StopRuleKind
{
    /// <summary><see cref="TopSeparation"/>: the top k are separated from the rest with the configured confidence.</summary>
    Separation,

    /// <summary><see cref="TopStability"/>: the same top k, in order, for a number of rounds.</summary>
    Stability,
}

/// <summary>The verdict of a stop rule: whether it fired, and by how much it passed or missed.</summary>
/// <param name="Settled">The rule fired.</param>
/// <param name="Margin">
/// For the separation rule: the confidence with which the weakest pair (one of the top, one of
/// the rest) is told apart. For the stability rule: the rounds the top has stood.
/// </param>
/// <param name="Weakest">The weakest pair, as (one of the top, one of the rest), when known.</param>
public sealed record StopCheck(bool Settled, double Margin, (string Top, string Other)? Weakest = null);

/// <summary>
/// The interval stop rule: the tournament may end when each of the top <see cref="TopSize"/> (by
/// Elo) is ahead of every proposal outside it with at least <see cref="Confidence"/>, judged by
/// the Bradley–Terry fit of the whole log (<see cref="BradleyTerryRatings.Separation"/>).
/// </summary>
/// <param name="TopSize">How many leaders must be told apart from the rest (their order among themselves does not matter).</param>
/// <param name="Confidence">One-sided confidence required of every (top, rest) pair.</param>
/// <param name="MinGamesPerEntrant">Matches per entrant, on average, before the rule is asked at all.</param>
public sealed record TopSeparation(int TopSize = 3, double Confidence = 0.9, double MinGamesPerEntrant = 2.5)
{
    /// <summary>The default, chosen with the tournament benchmark (figures in functions/CoScientist.Benchmarks/README.md).</summary>
    public static readonly TopSeparation Default = new();

    /// <param name="matchesPlayed">Matches in the log.</param>
    /// <param name="entrants">Proposals in the tournament.</param>
    /// <param name="board">The leaderboard replayed from the log (Elo order, and the fit behind the intervals).</param>
    public StopCheck Check(int matchesPlayed, IReadOnlyCollection<string> entrants, Leaderboard board)
    {
        if (entrants.Count <= TopSize
            || matchesPlayed < MinGamesPerEntrant * entrants.Count / 2
            || entrants.Any(id => board.GamesOf(id) == 0))
        {
            return new StopCheck(false, 0);
        }

        var ranked = board.Ranked(entrants);
        var fit = board.Intervals;
        var weakest = double.PositiveInfinity;
        (string, string)? pair = null;
        foreach (var top in ranked.Take(TopSize))
        {
            foreach (var rest in ranked.Skip(TopSize))
            {
                var z = fit.Separation(top, rest);
                if (z < weakest)
                {
                    (weakest, pair) = (z, (top, rest));
                }
            }
        }

        var confidence = BradleyTerryRatings.NormalCdf(weakest);
        return new StopCheck(confidence >= Confidence, confidence, pair);
    }
}
