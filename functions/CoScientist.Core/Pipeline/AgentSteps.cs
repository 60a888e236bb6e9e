using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Evolution;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Agents.MetaReviewer;
using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Core.Agents.Reflection;
using CoScientist.Core.Agents.Supervisor;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Pipeline;

/// <summary>
/// Does the work of one task with the agent it belongs to, and writes its outputs keyed by the
/// task id. Inputs are read as of the task's round, so a retry reads what the first try read.
/// </summary>
public sealed class AgentSteps(
    RunStore store,
    SupervisorAgent supervisor,
    GenerationAgent generation,
    ReflectionAgent reflection,
    RankingAgent ranking,
    ProximityAgent proximity,
    EvolutionAgent evolution,
    MetaReviewAgent metaReview,
    RunLiterature literature,
    Microsoft.Extensions.Options.IOptions<SupervisorOptions> options)
{
    public async Task ExecuteAsync(AgentTask task, RunSnapshot snapshot, AgentContext context, CancellationToken cancellationToken = default)
    {
        // Everything before this task's round: the state its inputs were chosen from.
        var before = snapshot.UpTo(task.Round - 1);
        switch (task.Kind)
        {
            case TaskKind.Plan:
                var plan = await supervisor.PlanAsync(context.Run, context.Meter, cancellationToken);
                await store.MutateRunAsync(task.RunId, r => r.Plan == plan ? r : r with { Plan = plan }, cancellationToken);
                break;

            case TaskKind.Generate:
                var generated = await generation.GenerateAsync(
                    context,
                    Required(task.Input.Strategy, "strategy"),
                    before.Proposals,
                    await literature.RecordedAsync(task.RunId, task.Input.ArticleIds, cancellationToken),
                    cancellationToken);
                await store.SaveProposalAsync(generated, cancellationToken);
                break;

            case TaskKind.Review:
                var reviewed = ProposalOf(snapshot, task, 0);
                var review = await reflection.ReviewAsync(
                    context,
                    task.Input.ReviewKind ?? throw new InvalidTaskException($"Task {task.Id} has no review kind."),
                    reviewed,
                    [.. before.Matches.Where(m => m.ProposalA == reviewed.Id || m.ProposalB == reviewed.Id)],
                    await literature.RecordedAsync(task.RunId, task.Input.ArticleIds, cancellationToken),
                    cancellationToken);
                await store.SaveReviewAsync(review, cancellationToken);
                break;

            case TaskKind.Proximity:
                var candidates = before.Proposals
                    .Where(p => before.Reviews.Any(r => r.ProposalId == p.Id && r.Kind == ReviewKind.Initial && r.Verdict == ReviewVerdict.Pass))
                    .ToList();
                var graph = await proximity.BuildAsync(task.Id, candidates, cancellationToken);
                await store.SaveProximityGraphAsync(task.RunId, graph, cancellationToken);
                break;

            case TaskKind.Match:
                var match = task.Input.BothOrders && !task.Input.Debate
                    ? await ranking.PlayBothOrdersAsync(context, ProposalOf(snapshot, task, 0), ProposalOf(snapshot, task, 1), before.Reviews, task.Input.Disagreement ?? DisagreementResolution.Draw, cancellationToken)
                    : await ranking.PlayAsync(context, ProposalOf(snapshot, task, 0), ProposalOf(snapshot, task, 1), before.Reviews, task.Input.Debate, cancellationToken);
                await store.SaveMatchAsync(match, cancellationToken);
                break;

            case TaskKind.Evolve:
                var parents = task.Input.ProposalIds.Select((_, i) => ProposalOf(snapshot, task, i)).ToList();
                var evolved = await evolution.EvolveAsync(context, Required(task.Input.Strategy, "strategy"), parents, before.Reviews, cancellationToken);
                await store.SaveProposalAsync(evolved, cancellationToken);
                break;

            case TaskKind.MetaReview:
                var meta = await metaReview.MetaReviewAsync(context, before.Reviews, before.Matches, cancellationToken);
                await store.SaveMetaReviewAsync(meta, cancellationToken);
                break;

            case TaskKind.Overview:
                var ranked = before.Ranked.Select(p => (p, before.Leaderboard.RatingOf(p.Id))).ToList();
                var overview = await metaReview.OverviewAsync(context, ranked, before.Graph, await NewLiteratureAsync(before, cancellationToken), cancellationToken);
                await store.SaveDocumentAsync(task.RunId, RunStore.OverviewDocument, overview, cancellationToken);
                foreach (var (proposal, _) in ranked.Where(r => r.p.Status == ProposalStatus.Active).Take(options.Value.SpecificAimsForTop))
                {
                    var aims = await metaReview.SpecificAimsAsync(context, proposal, before.Reviews, cancellationToken);
                    await store.SaveDocumentAsync(task.RunId, RunStore.AimsPrefix + proposal.Id, aims, cancellationToken);
                }

                break;

            default:
                throw new InvalidTaskException($"Task {task.Id} has unknown kind {task.Kind}.");
        }
    }

    /// <summary>The overview's "new literature since" sections, newest scan first, from the run's records of what each scan found.</summary>
    private async Task<IReadOnlyList<LiteratureUpdate>> NewLiteratureAsync(RunSnapshot before, CancellationToken cancellationToken)
    {
        var scans = before.Run.Scans;
        if (scans.Count == 0)
        {
            return [];
        }

        var records = await store.ListLiteratureAsync(before.Run.Id, cancellationToken);
        var shown = before.Proposals.Where(p => p.IsShown).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. scans.OrderByDescending(s => s.At).Select(scan => new LiteratureUpdate(
                scan.Since,
                scan.At,
                [
                    .. records.Where(r => r.ScanId == scan.Id).OrderBy(r => r.Article.Id, StringComparer.Ordinal).Select(r => new NewLiteratureArticle(
                        new ArticleReference(r.Article.Id, r.Article.Title, r.Article.Url, r.Article.Source),
                        r.Article.Year,
                        [.. r.BearsOn.Where(shown.Contains)])),
                ],
                [.. scan.Reviews.Select(r => r.ProposalId).Where(shown.Contains)],
                [.. before.Proposals.Where(p => scan.PlannedRound is { } round && p.Round == round && p.Origin == ProposalOrigin.Generated && p.IsShown).Select(p => p.Id)])),
        ];
    }

    private static Proposal ProposalOf(RunSnapshot snapshot, AgentTask task, int index) =>
        index < task.Input.ProposalIds.Count && snapshot.Proposal(task.Input.ProposalIds[index]) is { } proposal
            ? proposal
            : throw new InvalidTaskException($"Task {task.Id} names proposal #{index + 1} that does not exist.");

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidTaskException($"The task has no {name}.") : value;
}

/// <summary>A task whose inputs cannot be used: it fails at once instead of being retried.</summary>
public sealed class InvalidTaskException(string message) : Exception(message)
{
    public InvalidTaskException()
        : this("Invalid task.")
    {
    }

    public InvalidTaskException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}
