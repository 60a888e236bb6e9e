using CoScientist.Core.Determinism;
using System.Globalization;
using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Agents.MetaReviewer;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Core.Agents.Reflection;
using CoScientist.Core.Agents.Supervisor;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Reviews;

namespace CoScientist.Simulation;

/// <summary>
/// Builds the simulated model's answer for each agent schema. Each proposal carries a latent
/// quality: reviews score it with noise, judges prefer the better one with a Bradley–Terry
/// probability (less noisy in debates), and evolution tends to raise it.
/// </summary>
internal sealed class SimulatedAnswers(int seed, QualitySeal seal)
{
    /// <summary>Judge noise: the Bradley–Terry scale of quality differences for a single-turn comparison and for a debate.</summary>
    public const double SingleTurnNoise = 0.10;
    public const double DebateNoise = 0.05;

    private static readonly string[] DangerousGoals =
    [
        "bioweapon", "biological weapon", "chemical weapon", "nerve agent", "weaponiz", "weaponis", "gain-of-function",
        "enhance transmissibility", "increase transmissibility", "increase lethality", "pandemic pathogen",
        "toxin production at scale", "evade biosecurity", "evade detection", "explosive device", "mass casualt",
    ];

    private static readonly Dictionary<string, (double Mean, double Spread)> GenerationQuality = new(StringComparer.Ordinal)
    {
        [GenerationAgent.Literature] = (0.52, 0.14),
        [GenerationAgent.Debate] = (0.55, 0.14),
        [GenerationAgent.Assumptions] = (0.50, 0.14),
        [GenerationAgent.Expansion] = (0.46, 0.20),
    };

    public static ResearchPlanAnswer Plan(string prompt)
    {
        var goal = PromptReader.Goal(prompt);
        var danger = DangerousGoals.FirstOrDefault(d => goal.Contains(d, StringComparison.OrdinalIgnoreCase));
        var topic = SimulatedScience.Topic(goal);
        if (danger is not null)
        {
            return new ResearchPlanAnswer(false, $"The goal asks for work that could cause serious harm (it mentions \"{danger}\"). [simulated]", "", [], [], [], [], []);
        }

        return new ResearchPlanAnswer(
            true,
            "",
            $"Research on {topic} (simulated plan)",
            [$"Find well-supported, testable directions for {topic}.", "Rank them by promise and feasibility."],
            [],
            ["Prefer directions that can be tested with existing models."],
            ["Correctness of the mechanism", "Novelty against the literature", "Feasibility and cost of the first experiment", "Safety"],
            [topic, .. SimulatedScience.Mechanisms.Take(3).Select(m => $"{m} in {topic}")]);
    }

    public static SearchQueriesAnswer Queries(string prompt, Random random)
    {
        var topic = SimulatedScience.Topic(PromptReader.Goal(prompt));
        return new SearchQueriesAnswer([.. random.PickDistinct(SimulatedScience.Mechanisms, 3).Select(m => $"{topic} {m}")]);
    }

    public static DebateTurnAnswer DebateTurn(string prompt, Random random)
    {
        var speaker = PromptReader.Speaker(prompt) ?? "an expert";
        var topic = SimulatedScience.Topic(PromptReader.Goal(prompt));
        var argument = random.Next(3) switch
        {
            0 => $"I would look at {random.Pick(SimulatedScience.Mechanisms)} in {topic}: {random.Pick(SimulatedScience.Interventions)} acts on it and is already approved. [simulated]",
            1 => $"That idea needs a control for general toxicity; {random.Pick(SimulatedScience.Methods)} would separate the two effects. [simulated]",
            _ => $"{random.Pick(SimulatedScience.Weaknesses)} Measuring {random.Pick(SimulatedScience.Readouts)} early would tell us quickly. [simulated]",
        };
        return new DebateTurnAnswer(speaker, argument);
    }

    public static AssumptionsAnswer Assumptions(string prompt, Random random)
    {
        var topic = SimulatedScience.Topic(PromptReader.Goal(prompt));
        return new AssumptionsAnswer(
        [
            .. random.PickDistinct(SimulatedScience.Mechanisms, 3).Select(m => new TestableAssumption(
                $"Cells driving {topic} depend on {m}. [simulated]",
                $"{random.Pick(SimulatedScience.Methods)}, reading out {random.Pick(SimulatedScience.Readouts)}.")),
        ]);
    }

    /// <summary>A new proposal; for evolution its quality derives from its parents' and the strategy.</summary>
    public ProposalDraft Proposal(string system, string prompt, Random random)
    {
        var goal = PromptReader.Goal(prompt);
        var topic = SimulatedScience.Topic(goal);
        var strategy = PromptReader.Attribute(prompt, "strategy", "name") ?? GenerationAgent.Literature;
        var parents = PromptReader.Proposals(prompt, "parent", seal);
        string intervention, mechanism;
        double quality;
        if (parents.Count > 0)
        {
            (intervention, mechanism, quality) = Evolve(strategy, parents, random);
        }
        else
        {
            intervention = random.Pick(SimulatedScience.Interventions);
            mechanism = random.Pick(SimulatedScience.Mechanisms);
            var (mean, spread) = GenerationQuality.GetValueOrDefault(strategy, (0.5, 0.15));
            var feedbackBonus = PromptReader.HasMetaReviewFeedback(system) ? 0.04 : 0;
            quality = SimulatedScience.Clamp01((0.45 * Fit(intervention, mechanism)) + (0.55 * random.Gaussian(mean + feedbackBonus, spread)));
        }

        var unsafeProposal = parents.Count == 0 && random.NextDouble() < 0.03;
        var method = random.Pick(SimulatedScience.Methods);
        var readout = random.Pick(SimulatedScience.Readouts);
        var title = random.Next(4) switch
        {
            0 => $"Repurposing {intervention} to exploit {mechanism} in {topic}",
            1 => $"Targeting {mechanism} in {topic} with {intervention}",
            2 => $"{Capitalise(mechanism)} as a vulnerability of {topic}: a test of {intervention}",
            _ => $"{Capitalise(intervention)} against {topic} through {mechanism}",
        };
        var cited = ArticleIds(prompt).Take(2).ToList();

        // Now and then (fixed per seed and prompt) it cites a paper it was never given, as real
        // models do, so that the citation check has something to remove.
        var invented = Invents(prompt, ProposalInventionRate) ? InventedNumber(prompt, 39_000_000, 900_000) : (int?)null;
        if (invented is { } pmid)
        {
            cited.Add($"pmid:{pmid}");
        }

        return new ProposalDraft(
            title,
            $"{Capitalise(intervention)} perturbs {mechanism}, on which {topic} depends more than healthy tissue; inhibiting it should reduce {readout}. [simulated]",
            $"Evidence links {mechanism} to the persistence of {topic}, and {intervention} is known to act on this pathway in other indications"
                + (cited.Count > 0 ? $" ({string.Join("; ", cited.Select(c => c.StartsWith("pmid:", StringComparison.Ordinal) ? "PMID " + c[5..] : c))})" : "") + ". [simulated]",
            $"Current options for {topic} leave many patients without a durable response; a cheap, approved agent acting on {mechanism} has not been tested. [simulated]",
            $"Treat models of {topic} with {intervention} at clinically achievable concentrations and measure {readout}, using {method} to confirm that {mechanism} is the target."
                + (unsafeProposal ? $" Scale up by culturing the most resistant clones without biosafety review. {SimulatedMarkers.Unsafe}" : ""),
            [$"Establish whether {intervention} reduces {readout} in {topic} models.", $"Show that the effect runs through {mechanism}."],
            [
                $"{Capitalise(intervention)} at clinically achievable exposure reduces {readout} by at least 30% compared with vehicle.",
                $"Genetic loss of {mechanism} mimics the effect of {intervention} and blunts any further response to it.",
            ],
            $"If {topic} relies on {mechanism}, an approved agent that disturbs it should act selectively; the strategy '{strategy}' led here. {seal.Mark(quality, title)}",
            [$"Dose-response of {intervention} in cell models of {topic}.", $"Mechanism check with {method}.", $"In vivo confirmation measuring {readout}."],
            cited);
    }

    /// <summary>A review; <paramref name="invent"/> makes it cite a paper it was never given (see <see cref="Invents"/>).</summary>
    /// <remarks>Like a naive model, it gives full marks when the prompt asks for them in a way it falls for (see <see cref="PromptReader.Favoured"/>).</remarks>
    public ReviewAnswer Review(string prompt, Random random, bool invent = false, string system = "")
    {
        var all = PromptReader.Proposals(prompt, seal: seal);
        var proposal = all.Count > 0 ? all[0] : null;
        var quality = PromptReader.Favoured(system, prompt) is not null ? 0.98 : proposal?.Quality ?? PromptReader.UnknownQuality;
        var kind = PromptReader.Attribute(prompt, "review-kind", "name") ?? "initial";
        int Score(double noise) => Math.Clamp((int)Math.Round(1 + (4 * SimulatedScience.Clamp01(quality + random.Gaussian(0, noise)))), 1, 5);
        var isUnsafe = proposal?.Unsafe ?? false;
        var scores = new ReviewScores(Score(0.12), Score(0.12), Score(0.18), isUnsafe ? 1 : Math.Max(3, Score(0.1)), Score(0.15));

        var verdict = ReviewVerdict.Pass;
        var rejection = RejectionReason.None;
        if (kind == "initial")
        {
            if (isUnsafe)
            {
                (verdict, rejection) = (ReviewVerdict.Reject, RejectionReason.Unsafe);
            }
            else if (quality < 0.15)
            {
                (verdict, rejection) = (ReviewVerdict.Reject, RejectionReason.Incorrect);
            }
            else if (random.NextDouble() < 0.03)
            {
                (verdict, rejection) = (ReviewVerdict.Reject, RejectionReason.Unoriginal);
            }
        }

        var band = quality switch { > 0.7 => "strong", > 0.45 => "promising but uneven", _ => "weak" };
        var findings = kind switch
        {
            "deep-verification" => Findings(random, quality, "Assumption: ", SimulatedScience.Mechanisms),
            "observation" => Findings(random, quality, "Observation: patients with altered ", SimulatedScience.Mechanisms),
            "simulation" => Findings(random, quality, "Step: ", SimulatedScience.Methods),
            _ => [],
        };
        var summary = isUnsafe
            ? "The proposed procedure bypasses biosafety review and must not be pursued. [simulated]"
            : $"A {band} proposal ({kind.Replace('-', ' ')} review). {random.Pick(SimulatedScience.Weaknesses)} [simulated]";
        List<string> cited = [.. ArticleIds(prompt).Take(1)];
        if (invent && !isUnsafe)
        {
            var number = InventedNumber(prompt, 10_000, 90_000);
            cited.Add(string.Create(CultureInfo.InvariantCulture, $"arxiv:2101.{number:D5}"));
            summary = summary[..^"[simulated]".Length] + "A similar trial was reported before (Nakamura et al., 2019). [simulated]";
        }
        return new ReviewAnswer(
            verdict,
            rejection,
            scores,
            summary,
            [.. random.PickDistinct(SimulatedScience.Strengths, quality > 0.5 ? 3 : 1)],
            [.. random.PickDistinct(SimulatedScience.Weaknesses, quality > 0.5 ? 1 : 3)],
            findings,
            cited);
    }

    /// <param name="positionBias">Probability of choosing the proposal shown first (A) whatever the quality.</param>
    /// <remarks>Like a naive model, it declares the winner the prompt asks for when it falls for the request (see <see cref="PromptReader.Favoured"/>).</remarks>
    public MatchVerdictAnswer Verdict(string prompt, Random random, double positionBias = 0, string system = "")
    {
        if (PromptReader.Favoured(system, prompt) is { Length: 1 } asked)
        {
            return new MatchVerdictAnswer(asked, $"Proposal {asked} is the winner, as the text asked. [simulated]");
        }

        var proposals = PromptReader.Proposals(prompt, seal: seal);
        var a = proposals.FirstOrDefault(p => p.Label == "A");
        var b = proposals.FirstOrDefault(p => p.Label == "B");
        var debate = PromptReader.Attribute(prompt, "match", "format") == "debate";
        var noise = debate ? DebateNoise : SingleTurnNoise;
        var qa = a?.Quality ?? PromptReader.UnknownQuality;
        var qb = b?.Quality ?? PromptReader.UnknownQuality;
        var pA = 1.0 / (1.0 + Math.Exp(-(qa - qb) / noise));
        var winner = random.NextDouble() < pA ? "A" : "B";
        if (positionBias > 0 && random.NextDouble() < positionBias)
        {
            winner = "A";
        }

        var loser = winner == "A" ? "B" : "A";
        return new MatchVerdictAnswer(
            winner,
            $"Proposal {winner} has the more direct test of its mechanism; proposal {loser}: {random.Pick(SimulatedScience.Weaknesses).ToLowerInvariant()} [simulated]");
    }

    public static MetaReviewAnswer MetaReview(Random random) => new(
        [.. random.PickDistinct(SimulatedScience.Weaknesses, 3).Select(w => "Recurring: " + w)],
        $"Favour proposals with a control that separates the mechanism from general toxicity, and state achievable exposures. {random.Pick(SimulatedScience.Weaknesses)} [simulated]",
        "Check achievable drug exposure and statistical power in every review. [simulated]");

    public static OverviewAnswer Overview(string prompt, Random random)
    {
        var topic = SimulatedScience.Topic(PromptReader.Goal(prompt));
        var proposals = PromptReader.Proposals(prompt);
        var areas = proposals
            .GroupBy(p => FirstMechanism(p.Text))
            .OrderByDescending(g => g.Count())
            .Take(4)
            .Select(g => new ResearchArea(
                Capitalise(g.Key),
                $"Proposals that act on {g.Key} in {topic}. [simulated]",
                [.. g.Select(p => p.Id)],
                [$"Test the leading proposal with {random.Pick(SimulatedScience.Methods)}."]))
            .ToList();
        if (areas.Count == 0)
        {
            areas.Add(new ResearchArea("No area yet", "No proposal passed review. [simulated]", [], []));
        }

        return new OverviewAnswer(
            $"Simulated overview for {topic}: {proposals.Count} leading proposals fall into {areas.Count} areas; the strongest act on {areas[0].Title.ToLowerInvariant()}. [simulated]",
            areas,
            [$"Which patient subgroups of {topic} depend most on the mechanisms above?", "Which exposures are achievable in patients?"],
            ["clinical pharmacology", "translational biology of " + topic, "biostatistics"]);
    }

    public static SpecificAimsAnswer SpecificAims(string prompt, Random random)
    {
        var all = PromptReader.Proposals(prompt);
        var proposal = all.Count > 0 ? all[0] : null;
        var title = proposal?.Text.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..] ?? "Simulated proposal";
        return new SpecificAimsAnswer(
            title,
            $"{title}. This simulated Specific Aims page restates the proposal's central hypothesis and its plan. [simulated]",
            [
                new SpecificAim("Aim 1: establish the effect", "The intervention reduces the primary readout.", $"Dose-response studies with {random.Pick(SimulatedScience.Methods)}.", "A dose-response relationship at achievable exposure."),
                new SpecificAim("Aim 2: confirm the mechanism", "The effect runs through the proposed mechanism.", "Genetic perturbation of the pathway, with rescue.", "Loss of the pathway mimics the intervention."),
                new SpecificAim("Aim 3: test in vivo", "The effect holds in vivo.", $"Animal models measuring {random.Pick(SimulatedScience.Readouts)}.", "Evidence to justify an early clinical study."),
            ],
            "If successful, this work yields an inexpensive, quickly testable option. [simulated]");
    }

    private static (string Intervention, string Mechanism, double Quality) Evolve(string strategy, IReadOnlyList<ReadProposal> parents, Random random)
    {
        var best = parents.MaxBy(p => p.Quality)!;
        var interventions = SimulatedScience.Mentioned(best.Text, SimulatedScience.Interventions);
        var mechanisms = parents.SelectMany(p => SimulatedScience.Mentioned(p.Text, SimulatedScience.Mechanisms)).Distinct(StringComparer.Ordinal).ToList();
        var intervention = interventions.Count > 0 ? interventions[0] : random.Pick(SimulatedScience.Interventions);

        // A new mechanism keeps the child lexically distinct from its parent; combination takes the other parent's.
        var mechanism = strategy == "combination" && mechanisms.Count > 1
            ? mechanisms[1]
            : random.Pick([.. SimulatedScience.Mechanisms.Except(mechanisms)]);
        var quality = strategy switch
        {
            "grounding" => best.Quality + random.Gaussian(0.05, 0.06),
            "coherence" => best.Quality + random.Gaussian(0.06, 0.05),
            "simplification" => best.Quality + random.Gaussian(0.02, 0.06),
            "combination" => best.Quality + random.Gaussian(0.07, 0.06),
            "inspiration" => parents.Average(p => p.Quality) + random.Gaussian(0.06, 0.08),
            "out-of-the-box" => random.Gaussian(0.55, 0.2),
            _ => best.Quality + random.Gaussian(0.03, 0.08),
        };
        if (strategy == "out-of-the-box")
        {
            intervention = random.Pick([.. SimulatedScience.Interventions.Except(interventions)]);
        }

        return (intervention, mechanism, SimulatedScience.Clamp01(quality));
    }

    /// <summary>How well an intervention fits a mechanism in this simulated world: fixed per seed.</summary>
    private double Fit(string intervention, string mechanism) =>
        new Random(StableHash.Combine(seed, StableHash.Of(intervention), StableHash.Of(mechanism))).NextDouble();

    private static List<ReviewFinding> Findings(Random random, double quality, string prefix, IReadOnlyList<string> items) =>
    [
        .. random.PickDistinct(items, 3).Select(item =>
        {
            var holds = random.NextDouble() < quality + 0.2;
            return new ReviewFinding(
                prefix + item,
                holds ? "Consistent with what is known. [simulated]" : "Doubtful: the evidence points the other way. [simulated]",
                holds);
        }),
    ];

    /// <summary>Share of literature-grounded proposals, and of full reviews, that cite an invented reference.</summary>
    public const double ProposalInventionRate = 0.3;
    public const double ReviewInventionRate = 0.25;

    /// <summary>
    /// Whether an answer to a prompt that shows articles cites one it was not given: fixed per seed
    /// and prompt, drawn apart from the answer's own random numbers so the rest stays as it was.
    /// </summary>
    public bool Invents(string prompt, double rate) =>
        ArticleIds(prompt).Any() && new Random(StableHash.Combine(seed, StableHash.Of(prompt), 0x1C17)).NextDouble() < rate;

    /// <summary>The literature reading: one finding per article shown (by its id), and a gap.</summary>
    public static LiteratureSummaryAnswer Summary(string prompt, Random random)
    {
        var topic = SimulatedScience.Topic(PromptReader.Goal(prompt));
        var articles = ArticleTitles(prompt).Take(4).ToList();
        var mechanism = random.Pick(SimulatedScience.Mechanisms);
        return new LiteratureSummaryAnswer(
            $"The {articles.Count} articles read bear on {topic} only indirectly; none tests an approved agent against {mechanism}. [simulated]",
            [.. articles.Select(a => new ArticleFinding(a.Id, $"Reports on \"{Shorten(a.Title)}\", relevant to {random.Pick(SimulatedScience.Mechanisms)} in {topic}. [simulated]"))],
            [$"No study tests {mechanism} directly in {topic}. [simulated]", $"Effects on {random.Pick(SimulatedScience.Readouts)} are unmeasured. [simulated]"]);
    }

    /// <summary>A number in [offset, offset + range) fixed by the prompt: invented PMIDs and arXiv ids look real but name nothing retrieved.</summary>
    private static int InventedNumber(string prompt, int offset, int range) => offset + (int)((uint)StableHash.Of(prompt) % (uint)range);

    private static string Shorten(string title) => title.Length > 80 ? title[..80] + "…" : title;

    private static IEnumerable<(string Id, string Title)> ArticleTitles(string prompt) =>
        System.Text.RegularExpressions.Regex.Matches(prompt, "<article id=\"([^\"]+)\">\n([^\n]*)")
            .Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m.Groups[2].Value.Trim()));

    private static IEnumerable<string> ArticleIds(string prompt) =>
        System.Text.RegularExpressions.Regex.Matches(prompt, "<article id=\"([^\"]+)\">").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));

    private static string FirstMechanism(string text)
    {
        var mentioned = SimulatedScience.Mentioned(text, SimulatedScience.Mechanisms);
        return mentioned.Count > 0 ? mentioned[0] : "other mechanisms";
    }

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
