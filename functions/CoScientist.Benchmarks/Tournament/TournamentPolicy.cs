using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>The pairing policies the benchmark compares.</summary>
public enum TournamentPolicyKind
{
    /// <summary>Random pairs, Elo with K = 24, single-turn: what open re-implementations do.</summary>
    RandomEloK24,

    /// <summary>Random pairs, Elo with K = 32, single-turn.</summary>
    RandomEloK32,

    /// <summary>Every pair once per cycle, ranked by share of games won.</summary>
    RoundRobin,

    /// <summary>Adjacent proposals by Elo (K = 24) meet each round, avoiding rematches.</summary>
    Swiss,

    /// <summary>The product: TournamentScheduler.Choose, KFactorSchedule, debates at the top, the TopStability stop rule.</summary>
    Product,
}

/// <summary>One match a policy wants played this round, by proposal index; BothOrders asks a single turn in both presentation orders.</summary>
internal sealed record PlannedMatch(int A, int B, MatchFormat Format, bool BothOrders = false);

/// <summary>A played match, by proposal index; a draw when the two presentation orders disagreed.</summary>
internal sealed record PlayedMatch(int Winner, int Loser, MatchFormat Format, bool Draw = false);

/// <summary>
/// A pairing-and-rating policy as the simulation drives it. Policies see only what the product
/// would: which proposals are present, the verdicts, and the proximity graph.
/// </summary>
internal interface ITournamentPolicy
{
    void Admit(int proposal);

    /// <summary>The matches of the next round; empty when the policy has nothing left to play.</summary>
    IReadOnlyList<PlannedMatch> PlanRound();

    void Record(IReadOnlyList<PlayedMatch> results);

    /// <summary>The present proposals, best first.</summary>
    IReadOnlyList<int> Ranking();

    /// <summary>The policy's own stop rule says the top is settled.</summary>
    bool IsStable { get; }
}

/// <summary>Ratings kept with the product's Elo arithmetic, for the baselines that use plain Elo.</summary>
internal sealed class EloTable
{
    private readonly Dictionary<int, double> _ratings = [];

    public void Add(int proposal) => _ratings[proposal] = EloRating.Initial;

    public IReadOnlyCollection<int> Present => _ratings.Keys;

    public double this[int proposal] => _ratings[proposal];

    public void Update(int winner, int loser, double k)
    {
        (_ratings[winner], _ratings[loser]) = EloRating.Update(_ratings[winner], _ratings[loser], k);
    }

    public IReadOnlyList<int> Ranking() => [.. _ratings.Keys.OrderByDescending(p => _ratings[p]).ThenBy(p => p)];
}

/// <summary>Random pairs and a constant K, one match at a time, as the open re-implementations do.</summary>
internal sealed class RandomEloPolicy(double kFactor, Random random) : ITournamentPolicy
{
    private readonly EloTable _elo = new();
    private readonly List<int> _present = [];

    public bool IsStable => false;

    public void Admit(int proposal)
    {
        _elo.Add(proposal);
        _present.Add(proposal);
    }

    public IReadOnlyList<PlannedMatch> PlanRound()
    {
        if (_present.Count < 2)
        {
            return [];
        }

        var a = random.Next(_present.Count);
        var b = random.Next(_present.Count - 1);
        if (b >= a)
        {
            b++;
        }

        return [new PlannedMatch(_present[a], _present[b], MatchFormat.SingleTurn)];
    }

    public void Record(IReadOnlyList<PlayedMatch> results)
    {
        foreach (var r in results)
        {
            _elo.Update(r.Winner, r.Loser, kFactor);
        }
    }

    public IReadOnlyList<int> Ranking() => _elo.Ranking();
}

/// <summary>
/// Every pair once per cycle, in a shuffled order, as many disjoint pairs per round as fit;
/// a newcomer's pairs join the current cycle. Ranked by share of games won, the classic
/// round-robin score (a newcomer without games counts as 0.5).
/// </summary>
internal sealed class RoundRobinPolicy(Random random) : ITournamentPolicy
{
    private readonly List<int> _present = [];
    private readonly List<(int A, int B)> _pending = [];
    private readonly Dictionary<int, (int Wins, int Games)> _score = [];

    public bool IsStable => false;

    public void Admit(int proposal)
    {
        foreach (var other in _present)
        {
            _pending.Add((other, proposal));
        }

        _present.Add(proposal);
        _score[proposal] = (0, 0);
        Shuffle(_pending);
    }

    public IReadOnlyList<PlannedMatch> PlanRound()
    {
        if (_present.Count < 2)
        {
            return [];
        }

        if (_pending.Count == 0)
        {
            for (var i = 0; i < _present.Count; i++)
            {
                for (var j = i + 1; j < _present.Count; j++)
                {
                    _pending.Add((_present[i], _present[j]));
                }
            }

            Shuffle(_pending);
        }

        var busy = new HashSet<int>();
        var round = new List<PlannedMatch>();
        for (var i = 0; i < _pending.Count && round.Count < _present.Count / 2; i++)
        {
            var (a, b) = _pending[i];
            if (!busy.Contains(a) && !busy.Contains(b))
            {
                busy.Add(a);
                busy.Add(b);
                round.Add(new PlannedMatch(a, b, MatchFormat.SingleTurn));
                _pending.RemoveAt(i--);
            }
        }

        return round;
    }

    public void Record(IReadOnlyList<PlayedMatch> results)
    {
        foreach (var r in results)
        {
            _score[r.Winner] = (_score[r.Winner].Wins + 1, _score[r.Winner].Games + 1);
            _score[r.Loser] = (_score[r.Loser].Wins, _score[r.Loser].Games + 1);
        }
    }

    public IReadOnlyList<int> Ranking() =>
        [.. _present.OrderByDescending(WinShare).ThenByDescending(p => _score[p].Wins).ThenBy(p => p)];

    private double WinShare(int proposal) =>
        _score[proposal].Games == 0 ? 0.5 : _score[proposal].Wins / (double)_score[proposal].Games;

    private void Shuffle(List<(int A, int B)> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}

/// <summary>
/// Swiss-style: each round everyone meets the nearest proposal below it in the Elo standings
/// (K = 24) that it has not met yet, or has met least; the last one sits out when the count is odd.
/// </summary>
internal sealed class SwissPolicy : ITournamentPolicy
{
    private const double KFactor = 24;
    private readonly EloTable _elo = new();
    private readonly Dictionary<(int, int), int> _met = [];

    public bool IsStable => false;

    public void Admit(int proposal) => _elo.Add(proposal);

    public IReadOnlyList<PlannedMatch> PlanRound()
    {
        var standings = _elo.Ranking();
        var paired = new HashSet<int>();
        var round = new List<PlannedMatch>();
        for (var i = 0; i < standings.Count; i++)
        {
            var a = standings[i];
            if (paired.Contains(a))
            {
                continue;
            }

            var best = -1;
            var bestMet = int.MaxValue;
            for (var j = i + 1; j < standings.Count && bestMet > 0; j++)
            {
                var b = standings[j];
                var met = _met.GetValueOrDefault(Key(a, b));
                if (!paired.Contains(b) && met < bestMet)
                {
                    best = b;
                    bestMet = met;
                }
            }

            if (best >= 0)
            {
                paired.Add(a);
                paired.Add(best);
                round.Add(new PlannedMatch(a, best, MatchFormat.SingleTurn));
            }
        }

        return round;
    }

    public void Record(IReadOnlyList<PlayedMatch> results)
    {
        foreach (var r in results)
        {
            _elo.Update(r.Winner, r.Loser, KFactor);
            _met[Key(r.Winner, r.Loser)] = _met.GetValueOrDefault(Key(r.Winner, r.Loser)) + 1;
        }
    }

    public IReadOnlyList<int> Ranking() => _elo.Ranking();

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);
}
