using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Core.Determinism;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Proposals;
using CoScientist.Core.Runs;
using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Rediscovery;

/// <summary>One question's tournament: where the published hypothesis ended and how Elo relates to the experts' scores.</summary>
public sealed record QuestionResult(int Id, int PublishedRank, double? SpearmanWithExperts, int Pairs, int OrderAgreements, StepUsage Usage, bool OwnGoal);

/// <summary>What <c>cosci eval rediscovery</c> reports.</summary>
public sealed record RediscoveryReport
{
    public required string Model { get; init; }

    public required bool Simulated { get; init; }

    /// <summary>Why the figures mean nothing (simulated model), or null.</summary>
    public string? Caveat { get; init; }

    public required string Experiment { get; init; }

    public required int Questions { get; init; }

    /// <summary>Questions judged against their own research background from the workbook; the rest used the generic goal.</summary>
    public required int QuestionsWithOwnGoal { get; init; }

    /// <summary>One line when some or all questions were judged against the generic goal (no workbook, or no background question for an id), or null.</summary>
    public string? GoalNote { get; init; }

    /// <summary>Share of questions whose published hypothesis ranked first (chance: 1 in 5).</summary>
    public required double PublishedFirstRate { get; init; }

    public required double ChanceFirstRate { get; init; }

    /// <summary>Mean of 1 / (rank of the published hypothesis); chance is (1 + 1/2 + … + 1/5) / 5 ≈ 0.457.</summary>
    public required double MeanReciprocalRank { get; init; }

    public required double ChanceMeanReciprocalRank { get; init; }

    /// <summary>Mean Spearman correlation between final Elo and expert score over the scored generated hypotheses of a question; null when no question's scores vary.</summary>
    public required double? MeanSpearmanEloVsExperts { get; init; }

    /// <summary>Questions whose expert scores vary, so a correlation exists.</summary>
    public required int QuestionsWithSpearman { get; init; }

    /// <summary>Share of pairs on which the judge's two presentation orders agreed.</summary>
    public required double OrderConsistency { get; init; }

    public required int Calls { get; init; }

    public required long InputTokens { get; init; }

    public required long OutputTokens { get; init; }

    public required decimal CostUsd { get; init; }

    public required IReadOnlyList<QuestionResult> PerQuestion { get; init; }
}

/// <summary>
/// Calibration of the configured judge on MOOSE-Chem: for each question the product's own
/// Ranking agent plays every pair of the five hypotheses (published + 4 generated) in both
/// presentation orders; the Elo replay of those matches ranks them.
/// </summary>
public static class RediscoveryEvaluation
{
    public const int CallsPerQuestion = 20; // 10 pairs × 2 orders

    public const string Goal =
        "Rank candidate chemistry research hypotheses for a 2024 research question: which one is most likely to be the valid, "
        + "significant and novel hypothesis that experiments would confirm?";

    public static async Task<RediscoveryReport> RunAsync(
        RediscoveryData data,
        RankingAgent ranking,
        string model,
        bool simulated,
        int seed,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var results = new List<QuestionResult>();
        foreach (var question in data.Questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await PlayAsync(question, ranking, seed, cancellationToken));
            progress?.Report(results.Count);
        }

        var usage = results.Aggregate(StepUsage.None, (u, r) => u.Add(r.Usage));
        var spearman = results.Where(r => r.SpearmanWithExperts is not null).Select(r => r.SpearmanWithExperts!.Value).ToList();
        var size = 1 + (data.Questions.Count == 0 ? 4 : data.Questions[0].Generated.Count);
        return new RediscoveryReport
        {
            Model = model,
            Simulated = simulated,
            Caveat = simulated
                ? "The simulated model judges by a latent quality these hypotheses do not carry, so its verdicts are coin flips: these numbers are meaningless and only show the command works. Run it with a real model for a calibration."
                : null,
            Experiment = data.Experiment,
            Questions = results.Count,
            QuestionsWithOwnGoal = results.Count(r => r.OwnGoal),
            GoalNote = GoalNoteOf(data, results),
            PublishedFirstRate = results.Count == 0 ? 0 : results.Count(r => r.PublishedRank == 1) / (double)results.Count,
            ChanceFirstRate = 1.0 / size,
            MeanReciprocalRank = results.Count == 0 ? 0 : results.Average(r => 1.0 / r.PublishedRank),
            ChanceMeanReciprocalRank = Enumerable.Range(1, size).Average(r => 1.0 / r),
            MeanSpearmanEloVsExperts = spearman.Count == 0 ? null : spearman.Average(),
            QuestionsWithSpearman = spearman.Count,
            OrderConsistency = results.Sum(r => r.Pairs) == 0 ? 0 : results.Sum(r => r.OrderAgreements) / (double)results.Sum(r => r.Pairs),
            Calls = usage.Calls,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = Math.Round(usage.CostUsd, 6),
            PerQuestion = results,
        };
    }

    private static string? GoalNoteOf(RediscoveryData data, IReadOnlyList<QuestionResult> results)
    {
        if (data.BackgroundsFile is null)
        {
            return $"{RediscoveryBackgroundReader.FileName} is not in the data folder: every question was judged against the generic goal, not its own research question.";
        }

        var generic = results.Where(r => !r.OwnGoal).Select(r => r.Id).ToList();
        return generic.Count == 0
            ? null
            : $"{generic.Count} question(s) have no background question in {data.BackgroundsFile} (id {string.Join(", ", generic)}): judged against the generic goal.";
    }

    internal static async Task<QuestionResult> PlayAsync(RediscoveryQuestion question, RankingAgent ranking, int seed, CancellationToken cancellationToken)
    {
        var runId = $"rediscovery-{question.Id:D2}";
        var random = new Random(StableHash.Combine(seed, question.Id));

        // Labels are shuffled per question so neither ids nor list order can favour the published one.
        var texts = new List<(string Text, double? Score)> { (question.Published, null) };
        texts.AddRange(question.Generated.Select(g => (g.Text, g.ExpertScore)));
        var labels = Enumerable.Range(1, texts.Count).OrderBy(_ => random.Next()).ToList();
        var proposals = texts.Select((t, i) => (Proposal: Hypothesis(runId, $"H{labels[i]}", t.Text), t.Score)).ToList();
        var run = new RunRecord
        {
            Id = runId,
            // The question text is data from outside: it is the run's goal, which every prompt escapes, never instructions.
            Goal = new ResearchGoal(question.Goal ?? Goal, [], []),
            Budget = new RunBudget(MaxProposals: texts.Count),
            Seed = StableHash.Combine(seed, question.Id),
            ModelDescription = "rediscovery",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var matches = new List<MatchRecord>();
        var meter = new UsageMeter(StableHash.Combine(seed, question.Id, 0x5EED));
        var agreements = 0;
        for (var i = 0; i < proposals.Count; i++)
        {
            for (var j = i + 1; j < proposals.Count; j++)
            {
                var context = new AgentContext(run, null, $"r001-match-{matches.Count + 1:D2}", 1, DateTimeOffset.UnixEpoch, meter);
                var match = await ranking.PlayBothOrdersAsync(context, proposals[i].Proposal, proposals[j].Proposal, [], DisagreementResolution.Draw, cancellationToken);
                agreements += match.Draw ? 0 : 1;
                matches.Add(match);
            }
        }

        var ids = proposals.Select(p => p.Proposal.Id).ToList();
        var board = Leaderboard.Replay(ids, matches);
        var ranked = board.Ranked(ids);
        var publishedRank = ranked.ToList().IndexOf(proposals[0].Proposal.Id) + 1;
        var generated = proposals.Skip(1).Where(g => g.Score is not null).ToList();
        var spearman = Spearman([.. generated.Select(g => board.RatingOf(g.Proposal.Id))], [.. generated.Select(g => g.Score!.Value)]);
        return new QuestionResult(question.Id, publishedRank, spearman, matches.Count, agreements, meter.Total, question.Goal is not null);
    }

    /// <summary>Spearman's rho with average ranks for ties; null when either side is constant.</summary>
    public static double? Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2)
        {
            return null;
        }

        var rx = Ranks(x);
        var ry = Ranks(y);
        var mx = rx.Average();
        var my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }

        return sxx <= 0 || syy <= 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToList();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Count;)
        {
            var end = start;
            while (end + 1 < order.Count && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = ((start + end) / 2.0) + 1;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static Proposal Hypothesis(string runId, string id, string text) => new()
    {
        Id = id,
        RunId = runId,
        TaskId = "rediscovery",
        Round = 1,
        Title = $"Hypothesis {id}",
        Statement = text,
        Origin = ProposalOrigin.Generated,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
