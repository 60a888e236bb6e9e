using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>The product's tournament settings under test; the defaults are the product's own.</summary>
public sealed record ProductPolicyOptions
{
    public static readonly ProductPolicyOptions Default = new();

    public PairingOptions Pairing { get; init; } = PairingOptions.Default;

    public KFactorSchedule KFactor { get; init; } = KFactorSchedule.Default;

    public TopStability Stability { get; init; } = TopStability.Default;

    public TopSeparation Separation { get; init; } = TopSeparation.Default;

    /// <summary>The stop rule whose firing ends the run (the supervisor's <c>StopRule</c>).</summary>
    public StopRuleKind StopRule { get; init; } = StopRuleKind.Separation;

    /// <summary>Further stop rules probed on the same runs, by label: where each would have stopped. They do not end the run.</summary>
    public IReadOnlyList<ProbedStopRule> Probes { get; init; } = [];

    /// <summary>
    /// Matches asked of the scheduler per round, as the supervisor's RoundPlanner asks:
    /// max(ParallelWidth, entrants). The scheduler may choose fewer.
    /// </summary>
    public int ParallelWidth { get; init; } = 8;

    public int MatchesPerRound(int entrants) => Math.Max(ParallelWidth, entrants);
}

/// <summary>A stop rule probed in the benchmark: either an interval rule or a stability rule.</summary>
public sealed record ProbedStopRule(string Label, TopSeparation? Separation = null, TopStability? Stability = null);

/// <summary>
/// The product's policy, run with the product's own code: <see cref="TournamentScheduler.Choose"/>
/// picks the round, the verdicts go into a match log of <see cref="MatchRecord"/>s,
/// <see cref="Leaderboard.Replay"/> derives the ratings with the <see cref="KFactorSchedule"/>,
/// and <see cref="TopStability.IsStable"/> is the stop rule. Hidden qualities never reach it.
/// </summary>
internal sealed class ProductPolicy : ITournamentPolicy
{
    private readonly ProposalField _field;
    private readonly ProductPolicyOptions _options;
    private readonly Random _random;
    private readonly List<int> _present = [];
    private readonly List<string> _presentIds = [];
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private readonly List<MatchRecord> _log = [];
    private readonly Dictionary<(int, int), int> _met = [];
    private readonly List<IReadOnlyList<string>> _rankingsByRound = [];
    private Leaderboard _board = Leaderboard.Replay([], []);
    private int _round;

    public ProductPolicy(ProposalField field, ProductPolicyOptions options, Random random)
    {
        _field = field;
        _options = options;
        _random = random;
    }

    /// <summary>The supervisor's stop condition, the same code: <see cref="TopStability.IsSettled"/>.</summary>
    public bool IsStable => _options.StopRule == StopRuleKind.Separation
        ? _options.Separation.Check(_log.Count, _presentIds, _board).Settled
        : _options.Stability.IsSettled(_log.Count, _presentIds, _rankingsByRound, _board.GamesOf);

    /// <summary>The probed stop rules, not yet in <paramref name="fired"/>, that fire now.</summary>
    public IEnumerable<string> FiredProbes(IEnumerable<string> fired)
    {
        var done = fired.ToHashSet(StringComparer.Ordinal);
        return [.. _options.Probes.Where(p => !done.Contains(p.Label)).Where(p =>
            p.Separation?.Check(_log.Count, _presentIds, _board).Settled
            ?? p.Stability?.IsSettled(_log.Count, _presentIds, _rankingsByRound, _board.GamesOf)
            ?? false).Select(p => p.Label)];
    }

    public void Admit(int proposal)
    {
        var id = _field.Proposals[proposal].Id;
        _present.Add(proposal);
        _presentIds.Add(id);
        _indexOf[id] = proposal;
        _board = Leaderboard.Replay(_presentIds, _log, _options.KFactor);
    }

    public IReadOnlyList<PlannedMatch> PlanRound()
    {
        var entrants = _presentIds.Select(id => new Entrant(id, _board.RatingOf(id), _board.GamesOf(id))).ToList();
        var chosen = TournamentScheduler.Choose(
            entrants,
            _options.MatchesPerRound(entrants.Count),
            (a, b) => _field.Similarity(_indexOf[a], _indexOf[b]),
            (a, b) => _met.GetValueOrDefault(Key(_indexOf[a], _indexOf[b])),
            _options.Pairing,
            _random);
        return [.. chosen.Select(m => new PlannedMatch(_indexOf[m.ProposalA], _indexOf[m.ProposalB], m.Debate ? MatchFormat.Debate : MatchFormat.SingleTurn, m.BothOrders))];
    }

    public void Record(IReadOnlyList<PlayedMatch> results)
    {
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var winner = _field.Proposals[r.Winner].Id;
            var loser = _field.Proposals[r.Loser].Id;
            _log.Add(new MatchRecord
            {
                Id = $"m{_round:D5}-{i:D3}",
                RunId = "bench",
                Round = _round,
                ProposalA = winner,
                ProposalB = loser,
                WinnerId = winner,
                Draw = r.Draw,
                Format = r.Format,
                Rationale = "simulated",
                Simulated = true,
            });
            _met[Key(r.Winner, r.Loser)] = _met.GetValueOrDefault(Key(r.Winner, r.Loser)) + 1;
        }

        _round++;
        _board = Leaderboard.Replay(_presentIds, _log, _options.KFactor);
        _rankingsByRound.Add(_board.Ranked(_presentIds));
    }

    public IReadOnlyList<int> Ranking() => [.. _board.Ranked(_presentIds).Select(id => _indexOf[id])];

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);
}
