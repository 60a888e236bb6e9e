using System.Globalization;
using CoScientist.Core.Determinism;
using CoScientist.Core.Agents.Evolution;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Supervisor;

/// <summary>
/// Decides the tasks of the next round from the run's statistics. A pure function of the
/// snapshot (cut at the finished round), the seed and the clock, so planning twice plans the same
/// tasks with the same ids, and the same seed gives the same run.
/// </summary>
public sealed class RoundPlanner(SupervisorOptions options)
{
    public RoundPlan Plan(RunSnapshot snapshot, DateTimeOffset now)
    {
        var run = snapshot.Run;
        var round = run.Round + 1;
        var random = new Random(StableHash.Combine(run.Seed, round));
        var tasks = new List<AgentTask>();
        AgentTask Add(TaskKind kind, TaskInput input)
        {
            var index = tasks.Count(t => t.Kind == kind) + 1;
            var task = new AgentTask { Id = AgentTask.MakeId(round, kind, index), RunId = run.Id, Kind = kind, Round = round, Input = input, CreatedAt = now };
            tasks.Add(task);
            return task;
        }

        var planTask = snapshot.Tasks.FirstOrDefault(t => t.Kind == TaskKind.Plan);
        if (planTask is null)
        {
            Add(TaskKind.Plan, new TaskInput());
            return new RoundPlan(round, tasks, false, null, null);
        }

        if (run.Plan is null)
        {
            return RoundPlan.Refuse(round, $"Planning the run failed: {planTask.Error ?? "no plan was written"}");
        }

        if (!run.Plan.Safe)
        {
            return RoundPlan.Refuse(round, $"The research goal was refused as unsafe: {run.Plan.RefusalReason}");
        }

        // Failed proposal-writing steps use up the proposal budget too, so a model that never
        // gives a usable proposal cannot keep a run going forever.
        var failedWriters = FailedWriters(snapshot);
        if (!snapshot.Proposals.Any(p => p.Origin != ProposalOrigin.Scientist) && failedWriters >= run.Budget.MaxProposals)
        {
            var lastError = snapshot.Tasks.Where(t => t.Kind is TaskKind.Generate or TaskKind.Evolve && t.Status == AgentTaskStatus.Failed)
                .OrderBy(t => t.Id, StringComparer.Ordinal).Last().Error;
            return RoundPlan.Refuse(round, $"No proposal could be written: all {failedWriters} generation steps failed. Last error: {lastError}");
        }

        // A literature scan re-opened the run: its round (re-reviews with the new papers, proposals
        // from a direction they open) comes first, once; then the run goes on as usual to a new overview.
        if (run.Scans.Count > 0 && run.Scans[^1] is { PlannedRound: null } scan)
        {
            PlanScan(snapshot, scan, Add);
            if (tasks.Count > 0)
            {
                return new RoundPlan(round, tasks, false, null, null, scan.Id);
            }

            return PlanRound(snapshot, now, round, random, tasks, Add) with { ScanPlanned = scan.Id };
        }

        return PlanRound(snapshot, now, round, random, tasks, Add);
    }

    private RoundPlan PlanRound(RunSnapshot snapshot, DateTimeOffset now, int round, Random random, List<AgentTask> tasks, Func<TaskKind, TaskInput, AgentTask> add)
    {
        var stop = StopReason(snapshot, now);
        if (stop is null)
        {
            PlanWork(snapshot, random, tasks, add);

            // Runs share the agent queues: one round of one run never holds more than the cap, so a huge run
            // cannot bury another run's round behind its own. What is cut (the plan's end) is planned again next round.
            if (tasks.Count > options.MaxTasksPerRound)
            {
                tasks.RemoveRange(options.MaxTasksPerRound, tasks.Count - options.MaxTasksPerRound);
            }

            stop = tasks.Count == 0 ? "No further work would improve the results." : null;
            stop ??= FitBudget(snapshot, tasks);
        }

        if (stop is not null)
        {
            tasks.Clear();
            add(TaskKind.Overview, new TaskInput());
            return new RoundPlan(round, tasks, true, stop, null);
        }

        return new RoundPlan(round, tasks, false, null, null);
    }

    /// <summary>
    /// A scan round: a new full review, with the new papers that bear on it, for each leading
    /// proposal the scan named (still shown and in the tournament), and literature-grounded
    /// proposals from the papers that bear on none.
    /// </summary>
    private static void PlanScan(RunSnapshot snapshot, Runs.RunScan scan, Func<TaskKind, TaskInput, AgentTask> add)
    {
        foreach (var review in scan.Reviews.Where(r => snapshot.Proposal(r.ProposalId) is { } p && snapshot.IsEntrant(p)))
        {
            add(TaskKind.Review, new TaskInput { ReviewKind = ReviewKind.Full, ProposalIds = [review.ProposalId], ArticleIds = review.ArticleIds });
        }

        for (var i = 0; i < scan.NewProposals; i++)
        {
            add(TaskKind.Generate, new TaskInput { Strategy = GenerationAgent.Literature, ArticleIds = scan.DirectionArticleIds });
        }
    }

    /// <summary>Why the run should end now, or null to go on.</summary>
    internal string? StopReason(RunSnapshot snapshot, DateTimeOffset now)
    {
        var run = snapshot.Run;
        var budget = run.Budget;
        if (run.StopRequested)
        {
            return "Stopped at the scientist's request.";
        }

        var usage = TotalUsage(snapshot);
        if (budget.MaxCostUsd is { } maxCost && usage.CostUsd >= maxCost)
        {
            return $"The cost budget of ${maxCost} was reached.";
        }

        if (budget.MaxTokens is { } maxTokens && usage.TotalTokens >= maxTokens)
        {
            return $"The token budget of {maxTokens} was reached.";
        }

        if (budget.MaxWallTime is { } wall && now - run.CreatedAt >= wall)
        {
            return $"The time budget of {wall} was reached.";
        }

        var agentProposals = snapshot.Proposals.Count(p => p.Origin != ProposalOrigin.Scientist) + FailedWriters(snapshot);
        var unreviewed = snapshot.Proposals.Any(p => !snapshot.HasReview(p.Id, ReviewKind.Initial) && !GaveUp(snapshot, p.Id, ReviewKind.Initial));
        if (agentProposals < budget.MaxProposals || unreviewed)
        {
            return null;
        }

        if (snapshot.Matches.Count >= budget.EffectiveMaxMatches)
        {
            return $"All {budget.EffectiveMaxMatches} matches of the budget were played.";
        }

        var entrants = snapshot.Entrants.Select(p => p.Id).ToList();
        if (options.StopRule == StopRuleKind.Separation)
        {
            var check = options.Separation.Check(snapshot.Matches.Count, entrants, snapshot.Leaderboard);
            if (check.Settled)
            {
                var weakest = check.Weakest is { } pair ? $"; the closest pair, {pair.Top} over {pair.Other}, is apart with {check.Margin.ToString("P1", CultureInfo.InvariantCulture)} confidence" : "";
                return $"Interval rule: the top {options.Separation.TopSize} of the leaderboard are separated from the rest with at least {options.Separation.Confidence.ToString("P0", CultureInfo.InvariantCulture)} confidence{weakest}.";
            }
        }
        else if (options.Stability.IsSettled(snapshot.Matches.Count, entrants, RankingsByRound(snapshot), snapshot.Leaderboard.GamesOf))
        {
            return $"Stability rule: the top {options.Stability.TopSize} of the leaderboard has been the same for {options.Stability.Rounds} rounds, each with {options.Stability.MinGames} games or more.";
        }

        return null;
    }

    private void PlanWork(RunSnapshot snapshot, Random random, List<AgentTask> planned, Func<TaskKind, TaskInput, AgentTask> add)
    {
        var run = snapshot.Run;
        var budget = run.Budget;
        var board = snapshot.Leaderboard;
        var entrants = snapshot.Entrants;
        var rankedEntrants = board.Ranked(entrants.Select(p => p.Id));

        // Reviews first: nothing enters the tournament unreviewed.
        foreach (var proposal in snapshot.Proposals.Where(p => !snapshot.HasReview(p.Id, ReviewKind.Initial) && !GaveUp(snapshot, p.Id, ReviewKind.Initial)))
        {
            add(TaskKind.Review, new TaskInput { ReviewKind = ReviewKind.Initial, ProposalIds = [proposal.Id] });
        }

        foreach (var proposal in entrants.Where(p => !snapshot.HasReview(p.Id, ReviewKind.Full) && !GaveUp(snapshot, p.Id, ReviewKind.Full)))
        {
            add(TaskKind.Review, new TaskInput { ReviewKind = ReviewKind.Full, ProposalIds = [proposal.Id] });
        }

        // The leaders get the expensive reviews, once they have played enough to be leaders.
        var deepKinds = new[] { ReviewKind.DeepVerification, ReviewKind.Observation, ReviewKind.Simulation };
        var deep = 0;
        foreach (var id in rankedEntrants.Take(options.DeepReviewTop).Where(id => board.GamesOf(id) >= 2))
        {
            foreach (var kind in deepKinds.Where(k => !snapshot.HasReview(id, k) && !GaveUp(snapshot, id, k)))
            {
                if (deep++ < options.ParallelWidth)
                {
                    add(TaskKind.Review, new TaskInput { ReviewKind = kind, ProposalIds = [id] });
                }
            }
        }

        foreach (var id in rankedEntrants.Take(options.DeepReviewTop + 2)
                     .Where(id => board.GamesOf(id) >= options.TournamentReviewAfterGames
                                  && !snapshot.HasReview(id, ReviewKind.TournamentInformed)
                                  && !GaveUp(snapshot, id, ReviewKind.TournamentInformed))
                     .Take(2))
        {
            add(TaskKind.Review, new TaskInput { ReviewKind = ReviewKind.TournamentInformed, ProposalIds = [id] });
        }

        // Proximity whenever entrants exist that the latest graph has not seen.
        var graphed = snapshot.Graph?.ProposalIds.ToHashSet(StringComparer.Ordinal) ?? [];
        var reviewedPassed = snapshot.Proposals.Where(p => snapshot.Reviews.Any(r => r.ProposalId == p.Id && r.Kind == ReviewKind.Initial && r.Verdict == ReviewVerdict.Pass)).ToList();
        if (reviewedPassed.Count >= 2 && reviewedPassed.Any(p => !graphed.Contains(p.Id)))
        {
            add(TaskKind.Proximity, new TaskInput());
        }

        // New proposals: generation fills its share of the budget, evolution the rest.
        var agentProposals = snapshot.Proposals.Where(p => p.Origin != ProposalOrigin.Scientist).ToList();
        var remaining = budget.MaxProposals - agentProposals.Count - FailedWriters(snapshot);
        var generationQuota = Math.Max(2, (int)Math.Ceiling(budget.MaxProposals * options.GenerationShare));
        var generated = agentProposals.Count(p => p.Origin == ProposalOrigin.Generated)
            + snapshot.Tasks.Count(t => t.Kind == TaskKind.Generate && t.Status == AgentTaskStatus.Failed);
        var canEvolve = entrants.Count >= 2 && snapshot.Matches.Count >= entrants.Count / 2;
        var awaitingReview = snapshot.Proposals.Any(p => !snapshot.HasReview(p.Id, ReviewKind.Initial));

        // Generation fills its share; past it only if evolution can never start (too few entrants, none coming).
        var stalled = entrants.Count < 2 && !awaitingReview;
        var generateNow = Math.Min(options.ParallelWidth, Math.Max(0, stalled ? remaining : generationQuota - generated));
        generateNow = Math.Min(generateNow, remaining);
        var generationWeights = StrategyWeights(snapshot, GenerationAgent.Strategies, ProposalOrigin.Generated);
        for (var i = 0; i < generateNow; i++)
        {
            var strategy = generated + i < GenerationAgent.Strategies.Count
                ? GenerationAgent.Strategies[(generated + i) % GenerationAgent.Strategies.Count]
                : Pick(generationWeights, random);
            add(TaskKind.Generate, new TaskInput { Strategy = strategy });
        }

        var evolveNow = canEvolve ? Math.Min(Math.Max(1, options.ParallelWidth / 2), remaining - generateNow) : 0;
        var evolved = agentProposals.Count(p => p.Origin == ProposalOrigin.Evolved);
        var evolutionWeights = StrategyWeights(snapshot, EvolutionAgent.Strategies, ProposalOrigin.Evolved);
        for (var i = 0; i < evolveNow; i++)
        {
            var strategy = evolved + i < EvolutionAgent.Strategies.Count
                ? EvolutionAgent.Strategies[(evolved + i) % EvolutionAgent.Strategies.Count]
                : Pick(evolutionWeights, random);
            add(TaskKind.Evolve, new TaskInput { Strategy = strategy, ProposalIds = Parents(strategy, rankedEntrants, i) });
        }

        // A meta-review every few rounds, once there is something to read (planned last, kept a place under the round cap).
        var lastMeta = snapshot.LatestMetaReview?.Round ?? 0;
        var metaReviewDue = snapshot.Reviews.Count >= 4 && run.Round + 1 - lastMeta > options.MetaReviewEvery;

        // Matches among entrants, paired by the tournament policy, as many as the round cap leaves room for.
        var matchesLeft = budget.EffectiveMaxMatches - snapshot.Matches.Count;
        var room = options.MaxTasksPerRound - planned.Count - (metaReviewDue ? 1 : 0);
        if (entrants.Count >= 2 && matchesLeft > 0 && room > 0)
        {
            var perRound = Math.Min(Math.Min(matchesLeft, room), Math.Max(options.ParallelWidth, entrants.Count));
            var chosen = TournamentScheduler.Choose(
                [.. entrants.Select(p => new Entrant(p.Id, board.RatingOf(p.Id), board.GamesOf(p.Id)))],
                perRound,
                (a, b) => snapshot.Graph?.Similarity(a, b) ?? 0,
                snapshot.TimesPlayed,
                options.Pairing,
                random);
            foreach (var match in chosen)
            {
                add(TaskKind.Match, new TaskInput
                {
                    ProposalIds = [match.ProposalA, match.ProposalB],
                    Debate = match.Debate,
                    BothOrders = match.BothOrders,
                    Disagreement = match.BothOrders ? options.Pairing.Disagreement : null,
                });
            }
        }

        if (metaReviewDue)
        {
            add(TaskKind.MetaReview, new TaskInput());
        }
    }

    /// <summary>
    /// Trims the round so that what is spent, plus the round's projected cost, plus a reserve for
    /// the final overview, stays within the budget. Costs are projected per task kind from the
    /// tasks done so far; the overview (many proposals in one prompt, plus Specific Aims pages) is
    /// reserved at the cost of a meta-review per page, with a margin.
    /// </summary>
    private string? FitBudget(RunSnapshot snapshot, List<AgentTask> tasks)
    {
        var budget = snapshot.Run.Budget;
        var done = snapshot.Tasks.Where(t => t.Usage.Calls > 0).ToList();
        if (done.Count == 0 || (budget.MaxCostUsd is null && budget.MaxTokens is null))
        {
            return null;
        }

        var spent = TotalUsage(snapshot);
        var byKind = done.GroupBy(t => t.Kind).ToDictionary(
            g => g.Key,
            g => (Cost: g.Average(t => (double)t.Usage.CostUsd), Tokens: g.Average(t => (double)t.Usage.TotalTokens)));
        var costliest = (Cost: byKind.Values.Max(v => v.Cost), Tokens: byKind.Values.Max(v => v.Tokens));
        (double Cost, double Tokens) Expected(TaskKind kind) => byKind.TryGetValue(kind, out var v) ? v : costliest;

        var pages = 1 + options.SpecificAimsForTop;
        (double Cost, double Tokens) meta = byKind.TryGetValue(TaskKind.MetaReview, out var m) ? m : (costliest.Cost * 2, costliest.Tokens * 2);
        var reserve = (Cost: meta.Cost * pages * 1.5, Tokens: meta.Tokens * pages * 1.5);

        bool Fits(int count)
        {
            var projected = tasks.Take(count).Select(t => Expected(t.Kind)).ToList();
            var cost = (double)spent.CostUsd + projected.Sum(p => p.Cost) + reserve.Cost;
            var tokens = spent.TotalTokens + projected.Sum(p => p.Tokens) + reserve.Tokens;
            return (budget.MaxCostUsd is not { } maxCost || cost <= (double)maxCost)
                && (budget.MaxTokens is not { } maxTokens || tokens <= maxTokens);
        }

        var affordable = tasks.Count;
        while (affordable > 0 && !Fits(affordable))
        {
            affordable--;
        }

        if (affordable == 0)
        {
            return "The budget left is only enough for the final overview.";
        }

        tasks.RemoveRange(affordable, tasks.Count - affordable);
        return null;
    }

    private static int FailedWriters(RunSnapshot snapshot) =>
        snapshot.Tasks.Count(t => t.Kind is TaskKind.Generate or TaskKind.Evolve && t.Status == AgentTaskStatus.Failed);

    internal static StepUsage TotalUsage(RunSnapshot snapshot) =>
        snapshot.Tasks.Aggregate(StepUsage.None, (total, t) => total.Add(t.Usage));

    /// <summary>A review kind is given up for a proposal after it failed twice.</summary>
    private static bool GaveUp(RunSnapshot snapshot, string proposalId, ReviewKind kind) =>
        snapshot.Tasks.Count(t => t.Kind == TaskKind.Review && t.Status == AgentTaskStatus.Failed && t.Input.ReviewKind == kind && t.Input.ProposalIds.Contains(proposalId)) >= 2;

    /// <summary>
    /// Weight of each strategy from the tournament: strategies whose proposals rate higher are
    /// used more, and every strategy keeps a floor so none is abandoned on little evidence.
    /// </summary>
    internal static IReadOnlyList<(string Strategy, double Weight)> StrategyWeights(RunSnapshot snapshot, IReadOnlyList<string> strategies, ProposalOrigin origin)
    {
        return
        [
            .. strategies.Select(s =>
            {
                var ratings = snapshot.Proposals
                    .Where(p => p.Origin == origin && p.Strategy == s && snapshot.Leaderboard.GamesOf(p.Id) > 0)
                    .Select(p => snapshot.Leaderboard.RatingOf(p.Id))
                    .ToList();
                var mean = ratings.Count == 0 ? EloRating.Initial + 50 : ratings.Average();
                return (s, 0.15 + Math.Exp((mean - EloRating.Initial) / 100.0));
            }),
        ];
    }

    private static string Pick(IReadOnlyList<(string Strategy, double Weight)> weights, Random random)
    {
        var total = weights.Sum(w => w.Weight);
        var x = random.NextDouble() * total;
        foreach (var (strategy, weight) in weights)
        {
            x -= weight;
            if (x <= 0)
            {
                return strategy;
            }
        }

        return weights[^1].Strategy;
    }

    private static IReadOnlyList<string> Parents(string strategy, IReadOnlyList<string> ranked, int index)
    {
        var top = ranked.Take(Math.Max(3, index + 3)).ToList();
        return strategy switch
        {
            EvolutionAgent.Combination => [.. top.Take(2)],
            EvolutionAgent.Inspiration or EvolutionAgent.OutOfTheBox => [.. top.Take(3)],
            _ => [top[index % top.Count]],
        };
    }

    private List<IReadOnlyList<string>> RankingsByRound(RunSnapshot snapshot)
    {
        var rounds = snapshot.Matches.Select(m => m.Round).Distinct().Order().ToList();
        var ids = snapshot.Entrants.Select(p => p.Id).ToList();
        return
        [
            .. rounds.Select(r => Leaderboard.Replay(ids, snapshot.Matches.Where(m => m.Round <= r), options.KFactor).Ranked(ids)),
        ];
    }
}
