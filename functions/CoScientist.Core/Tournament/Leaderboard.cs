namespace CoScientist.Core.Tournament;

/// <summary>A match with the ratings of both proposals before and after it, as replayed from the log.</summary>
public sealed record RatedMatch(MatchRecord Match, double WinnerBefore, double LoserBefore, double WinnerAfter, double LoserAfter);

/// <summary>
/// Elo ratings derived from the append-only match log, replayed in (round, id) order so the
/// result does not depend on the order in which parallel matches finished.
/// </summary>
public sealed class Leaderboard
{
    private readonly Dictionary<string, double> _ratings;
    private readonly Dictionary<string, int> _games;
    private BradleyTerryRatings? _intervals;

    private Leaderboard(Dictionary<string, double> ratings, Dictionary<string, int> games, IReadOnlyList<RatedMatch> history)
    {
        _ratings = ratings;
        _games = games;
        History = history;
    }

    public IReadOnlyList<RatedMatch> History { get; }

    public IReadOnlyDictionary<string, double> Ratings => _ratings;

    public static IOrderedEnumerable<MatchRecord> InLogOrder(IEnumerable<MatchRecord> matches) =>
        matches.OrderBy(m => m.Round).ThenBy(m => m.Id, StringComparer.Ordinal);

    public static Leaderboard Replay(IEnumerable<string> proposalIds, IEnumerable<MatchRecord> matches, KFactorSchedule? kFactor = null)
    {
        kFactor ??= KFactorSchedule.Default;
        var ratings = proposalIds.ToDictionary(id => id, _ => EloRating.Initial, StringComparer.Ordinal);
        var games = new Dictionary<string, int>(StringComparer.Ordinal);
        var history = new List<RatedMatch>();
        foreach (var match in InLogOrder(matches))
        {
            var winner = ratings.GetValueOrDefault(match.WinnerId, EloRating.Initial);
            var loser = ratings.GetValueOrDefault(match.LoserId, EloRating.Initial);
            var k = Math.Max(
                kFactor.For(games.GetValueOrDefault(match.WinnerId)),
                kFactor.For(games.GetValueOrDefault(match.LoserId)));
            var (winnerAfter, loserAfter) = match.Draw ? EloRating.UpdateDraw(winner, loser, k) : EloRating.Update(winner, loser, k);
            ratings[match.WinnerId] = winnerAfter;
            ratings[match.LoserId] = loserAfter;
            games[match.WinnerId] = games.GetValueOrDefault(match.WinnerId) + 1;
            games[match.LoserId] = games.GetValueOrDefault(match.LoserId) + 1;
            history.Add(new RatedMatch(match, winner, loser, winnerAfter, loserAfter));
        }

        return new Leaderboard(ratings, games, history);
    }

    /// <summary>
    /// The Bradley–Terry fit of the same log, for the interval beside each Elo; fitted on first
    /// use, since most replays (one per past round in the stability rule) never need it.
    /// </summary>
    public BradleyTerryRatings Intervals => _intervals ??= BradleyTerryRatings.Fit(_ratings.Keys, History.Select(h => h.Match));

    public RatingInterval IntervalOf(string proposalId) => Intervals.IntervalOf(proposalId);

    public double RatingOf(string proposalId) => _ratings.GetValueOrDefault(proposalId, EloRating.Initial);

    public int GamesOf(string proposalId) => _games.GetValueOrDefault(proposalId);

    /// <summary>Proposals by rating, best first; ties broken by id so the order is stable.</summary>
    public IReadOnlyList<string> Ranked(IEnumerable<string>? among = null) =>
        [.. (among ?? _ratings.Keys).OrderByDescending(RatingOf).ThenBy(id => id, StringComparer.Ordinal)];
}
