using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>Writes a hand-made run state into a <see cref="RunStore"/> over the embedded table store and loads it back as a snapshot.</summary>
public sealed class RunBuilder
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public RunBuilder(RunRecord? run = null, RunStore? store = null)
    {
        Store = store ?? new RunStore(new EmbeddedTableStore());
        Run = run ?? TestData.Run(plan: TestData.SafePlan, round: 1);
    }

    public RunStore Store { get; }

    public RunRecord Run { get; set; }

    private readonly List<AgentTask> _tasks = [];
    private readonly List<Proposal> _proposals = [];
    private readonly List<Review> _reviews = [];
    private readonly List<MatchRecord> _matches = [];
    private readonly List<MetaReview> _metaReviews = [];
    private readonly List<ProximityGraph> _graphs = [];

    /// <summary>A run whose plan task is done and whose plan is safe, at the given round.</summary>
    public static RunBuilder Planned(RunBudget? budget = null, int round = 1)
    {
        var builder = new RunBuilder(TestData.Run(plan: TestData.SafePlan, round: round, budget: budget ?? new RunBudget(MaxProposals: 10)));
        builder.Task(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        return builder;
    }

    public RunBuilder Task(AgentTask task)
    {
        _tasks.Add(task);
        return this;
    }

    public RunBuilder Proposal(Proposal proposal)
    {
        _proposals.Add(proposal);
        return this;
    }

    public RunBuilder Review(Review review)
    {
        _reviews.Add(review);
        return this;
    }

    public RunBuilder Match(MatchRecord match)
    {
        _matches.Add(match);
        return this;
    }

    public RunBuilder MetaReview(MetaReview metaReview)
    {
        _metaReviews.Add(metaReview);
        return this;
    }

    public RunBuilder Graph(ProximityGraph graph)
    {
        _graphs.Add(graph);
        return this;
    }

    /// <summary>A generated proposal of round 1 with a passing initial review.</summary>
    public RunBuilder Entrant(string id, int round = 1, ProposalOrigin origin = ProposalOrigin.Generated) =>
        Proposal(TestData.Proposal(id, round, origin: origin)).Review(TestData.Review("init-" + id, id, round: round));

    public RunBuilder Entrants(params string[] ids)
    {
        foreach (var id in ids)
        {
            Entrant(id);
        }

        return this;
    }

    public RunBuilder Spent(StepUsage usage, int round = 1) =>
        Task(TestData.Task($"r{round:D3}-generate-{_tasks.Count + 1:D2}", TaskKind.Generate, round, usage: usage));

    public async Task<RunStore> SaveAsync()
    {
        if (await Store.GetRunAsync(Run.Id, Ct) is { } existing)
        {
            await Store.UpdateRunAsync(Run, existing.ETag, Ct);
        }
        else
        {
            await Store.TryCreateRunAsync(Run, Ct);
        }

        foreach (var task in _tasks)
        {
            await Store.TryAddTaskAsync(task, Ct);
        }

        foreach (var proposal in _proposals)
        {
            await Store.SaveProposalAsync(proposal, Ct);
        }

        foreach (var review in _reviews)
        {
            await Store.SaveReviewAsync(review, Ct);
        }

        foreach (var match in _matches)
        {
            await Store.SaveMatchAsync(match, Ct);
        }

        foreach (var meta in _metaReviews)
        {
            await Store.SaveMetaReviewAsync(meta, Ct);
        }

        foreach (var graph in _graphs)
        {
            await Store.SaveProximityGraphAsync(Run.Id, graph, Ct);
        }

        _tasks.Clear();
        _proposals.Clear();
        _reviews.Clear();
        _matches.Clear();
        _metaReviews.Clear();
        _graphs.Clear();
        return Store;
    }

    public async Task<RunSnapshot> SnapshotAsync(KFactorSchedule? kFactor = null)
    {
        await SaveAsync();
        return await RunSnapshot.LoadAsync(Store, Run.Id, kFactor ?? KFactorSchedule.Constant(32), Ct);
    }
}
