using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Supervisor;

public sealed class RoundPlannerTests
{
    private static readonly DateTimeOffset Now = TestData.Now.AddMinutes(30);

    private static SupervisorOptions Options(TopStability? stability = null, double minGamesPerEntrant = 2.5) => new()
    {
        ParallelWidth = 8,
        GenerationShare = 0.6,
        MetaReviewEvery = 3,
        DeepReviewTop = 3,
        TournamentReviewAfterGames = 4,
        SpecificAimsForTop = 3,
        Pairing = new PairingOptions
        {
            SimilarityWeight = 1,
            NewcomerWeight = 1.5,
            TopWeight = 1,
            ClosenessWeight = 1,
            RepeatPenalty = 1.5,
            TopSize = 4,
            DebateAtTop = true,
            MaxMatchesPerEntrantPerRound = 2,
        },
        KFactor = new KFactorSchedule(32, 16, 4),
        Stability = (stability ?? new TopStability(TopSize: 3, Rounds: 3, MinGames: 4)) with { MinGamesPerEntrant = minGamesPerEntrant },
        StopRule = StopRuleKind.Stability,
    };

    private static RoundPlan Plan(RunSnapshot snapshot, SupervisorOptions? options = null, DateTimeOffset? now = null) =>
        new RoundPlanner(options ?? Options()).Plan(snapshot, now ?? Now);

    private static IEnumerable<AgentTask> OfKind(RoundPlan plan, TaskKind kind) => plan.Tasks.Where(t => t.Kind == kind);

    private static int NewProposals(RoundPlan plan) => plan.Tasks.Count(t => t.Kind is TaskKind.Generate or TaskKind.Evolve);

    private static ProximityGraph Graph(string taskId, IReadOnlyList<string> ids, params NearDuplicate[] duplicates) =>
        new(taskId, "lexical", ids, [], duplicates, [.. ids.Select(id => (IReadOnlyList<string>)[id])]);

    [Fact]
    public async Task Plan_FirstRound_ExactlyOnePlanTask()
    {
        var snapshot = await new RunBuilder(TestData.Run(round: 0)).SnapshotAsync();

        var plan = Plan(snapshot);

        Assert.Equal(1, plan.Round);
        var task = Assert.Single(plan.Tasks);
        Assert.Equal(TaskKind.Plan, task.Kind);
        Assert.Equal("r001-plan-01", task.Id);
        Assert.Equal("run-1", task.RunId);
        Assert.Equal(1, task.Round);
        Assert.Equal(AgentTaskStatus.Pending, task.Status);
        Assert.Equal(Now, task.CreatedAt);
        Assert.False(plan.Finalizing);
        Assert.Null(plan.Refusal);
    }

    [Fact]
    public async Task Plan_UnsafePlan_RefusesWithTheReason()
    {
        var builder = RunBuilder.Planned();
        builder.Run = builder.Run with { Plan = TestData.SafePlan with { Safe = false, RefusalReason = "Bioweapon risk." } };

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Contains("Bioweapon risk.", plan.Refusal, StringComparison.Ordinal);
        Assert.Empty(plan.Tasks);
        Assert.False(plan.Finalizing);
    }

    [Fact]
    public async Task Plan_PlanTaskFailedWithoutPlan_RefusesWithTheTaskError()
    {
        var builder = new RunBuilder(TestData.Run(round: 1));
        builder.Task(TestData.Task("r001-plan-01", TaskKind.Plan, 1, AgentTaskStatus.Failed) with { Error = "The model gave no usable answer." });

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Contains("The model gave no usable answer.", plan.Refusal, StringComparison.Ordinal);
        Assert.Empty(plan.Tasks);
    }

    [Fact]
    public async Task Plan_UnreviewedProposals_EachGetsAnInitialReview()
    {
        var builder = RunBuilder.Planned(round: 2)
            .Proposal(TestData.Proposal("P-1", 2)).Proposal(TestData.Proposal("P-2", 2))
            .Proposal(TestData.Proposal("S-1", 2, origin: ProposalOrigin.Scientist))
            .Entrant("P-0");

        var plan = Plan(await builder.SnapshotAsync());

        var initial = OfKind(plan, TaskKind.Review).Where(t => t.Input.ReviewKind == ReviewKind.Initial).ToList();
        Assert.Equal(["P-1", "P-2", "S-1"], initial.Select(t => Assert.Single(t.Input.ProposalIds)).Order(StringComparer.Ordinal));
        Assert.All(plan.Tasks, t => Assert.Equal(3, t.Round));
    }

    [Fact]
    public async Task Plan_InitialReviewGivenUpAfterTwoFailures_NotAskedAgain()
    {
        var builder = RunBuilder.Planned(round: 3).Proposal(TestData.Proposal("P-1"))
            .Task(TestData.Task("r001-review-01", TaskKind.Review, 1, AgentTaskStatus.Failed, new TaskInput { ReviewKind = ReviewKind.Initial, ProposalIds = ["P-1"] }))
            .Task(TestData.Task("r002-review-01", TaskKind.Review, 2, AgentTaskStatus.Failed, new TaskInput { ReviewKind = ReviewKind.Initial, ProposalIds = ["P-1"] }));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.DoesNotContain(plan.Tasks, t => t.Kind == TaskKind.Review && t.Input.ProposalIds.Contains("P-1"));
    }

    [Fact]
    public async Task Plan_OneFailedInitialReview_AskedAgain()
    {
        var builder = RunBuilder.Planned(round: 2).Proposal(TestData.Proposal("P-1"))
            .Task(TestData.Task("r002-review-01", TaskKind.Review, 2, AgentTaskStatus.Failed, new TaskInput { ReviewKind = ReviewKind.Initial, ProposalIds = ["P-1"] }));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Contains(plan.Tasks, t => t.Kind == TaskKind.Review && t.Input.ReviewKind == ReviewKind.Initial && t.Input.ProposalIds.SequenceEqual(["P-1"]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(99)]
    public async Task Plan_MixedStandings_MatchesOnlyBetweenEntrants(int seed)
    {
        var builder = new RunBuilder(TestData.Run(plan: TestData.SafePlan, round: 2, seed: seed, budget: new RunBudget(MaxProposals: 30)));
        builder.Task(TestData.Task("r001-plan-01", TaskKind.Plan, 1))
            .Entrants("P-1", "P-2", "P-3", "P-4")
            .Proposal(TestData.Proposal("P-unreviewed"))
            .Proposal(TestData.Proposal("S-unreviewed", origin: ProposalOrigin.Scientist))
            .Proposal(TestData.Proposal("P-rejected")).Review(TestData.Review("rv-rej", "P-rejected", ReviewKind.Initial, ReviewVerdict.Reject, RejectionReason.Incorrect))
            .Entrant("P-unsafe").Review(TestData.Review("rv-unsafe", "P-unsafe", ReviewKind.Full, ReviewVerdict.Reject, RejectionReason.Unsafe))
            .Entrant("P-dup").Graph(Graph("r001-proximity-01", ["P-1", "P-2", "P-3", "P-4", "P-unsafe", "P-dup"], new NearDuplicate("P-dup", "P-1", 0.99)))
            .Proposal(TestData.Proposal("P-scientist-only-review")).Review(TestData.Review("rv-sci", "P-scientist-only-review", ReviewKind.Scientist))
            .Match(TestData.Match("r001-match-01", "P-1", "P-2", "P-1"));

        var plan = Plan(await builder.SnapshotAsync());

        var matches = OfKind(plan, TaskKind.Match).ToList();
        Assert.NotEmpty(matches);
        var entrants = new HashSet<string> { "P-1", "P-2", "P-3", "P-4" };
        Assert.All(matches, m =>
        {
            Assert.Equal(2, m.Input.ProposalIds.Count);
            Assert.NotEqual(m.Input.ProposalIds[0], m.Input.ProposalIds[1]);
            Assert.All(m.Input.ProposalIds, id => Assert.Contains(id, entrants));
        });
    }

    [Fact]
    public async Task Plan_NoEntrants_NoMatches()
    {
        var builder = RunBuilder.Planned(round: 2).Proposal(TestData.Proposal("P-1")).Proposal(TestData.Proposal("P-2"));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Empty(OfKind(plan, TaskKind.Match));
    }

    [Fact]
    public async Task Plan_ProposalBudgetReached_NoNewProposals()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 4, MaxMatches: 100), round: 3)
            .Entrants("P-1", "P-2", "P-3", "P-4")
            .Match(TestData.Match("r002-match-01", "P-1", "P-2", "P-1", round: 2))
            .Match(TestData.Match("r002-match-02", "P-3", "P-4", "P-3", round: 2));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.False(plan.Finalizing);
        Assert.Equal(0, NewProposals(plan));
        Assert.NotEmpty(OfKind(plan, TaskKind.Match));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public async Task Plan_AnyNumberOfProposals_NewProposalsNeverPassTheBudget(int existing)
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 4, MaxMatches: 100), round: 2);
        for (var i = 0; i < existing; i++)
        {
            builder.Entrant($"P-{i}");
        }

        for (var i = 0; i + 1 < existing; i += 2)
        {
            builder.Match(TestData.Match($"r002-match-{i:D2}", $"P-{i}", $"P-{i + 1}", $"P-{i}", round: 2));
        }

        var plan = Plan(await builder.SnapshotAsync());

        Assert.InRange(NewProposals(plan), 0, Math.Max(0, 4 - existing));
    }

    [Fact]
    public async Task Plan_NothingYet_GenerationStartsWithDistinctStrategies()
    {
        var plan = Plan(await RunBuilder.Planned(new RunBudget(MaxProposals: 10)).SnapshotAsync());

        var generate = OfKind(plan, TaskKind.Generate).ToList();
        Assert.InRange(generate.Count, 1, 10);
        Assert.Equal(Math.Min(4, generate.Count), generate.Take(4).Select(t => t.Input.Strategy).Distinct().Count());
        Assert.All(generate, t => Assert.Contains(t.Input.Strategy, CoScientist.Core.Agents.Generation.GenerationAgent.Strategies));
    }

    [Fact]
    public async Task Plan_ScientistProposals_DoNotUseTheBudget()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 4, MaxMatches: 100), round: 3)
            .Entrants("P-1", "P-2", "P-3")
            .Entrant("S-1", origin: ProposalOrigin.Scientist).Entrant("S-2", origin: ProposalOrigin.Scientist)
            .Match(TestData.Match("r002-match-01", "P-1", "P-2", "P-1", round: 2))
            .Match(TestData.Match("r002-match-02", "P-3", "S-1", "P-3", round: 2))
            .Match(TestData.Match("r002-match-03", "S-2", "P-1", "S-2", round: 2));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Equal(1, NewProposals(plan));
    }

    [Fact]
    public async Task Plan_StopRequested_FinalizesWithOneOverviewTask()
    {
        var builder = RunBuilder.Planned(round: 4).Entrants("P-1", "P-2").Proposal(TestData.Proposal("P-3"));
        builder.Run = builder.Run with { StopRequested = true };

        var plan = Plan(await builder.SnapshotAsync());

        Assert.True(plan.Finalizing);
        Assert.Contains("request", plan.StopReason, StringComparison.Ordinal);
        var task = Assert.Single(plan.Tasks);
        Assert.Equal(TaskKind.Overview, task.Kind);
        Assert.Equal("r005-overview-01", task.Id);
        Assert.Null(plan.Refusal);
    }

    [Theory]
    [InlineData("1.00", "1.00", true)]
    [InlineData("1.00", "1.50", true)]
    [InlineData("1.00", "0.01", false)]
    public async Task Plan_CostBudget_FinalizesOnceSpent(string max, string spent, bool finalizing)
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 10, MaxCostUsd: decimal.Parse(max)), round: 2)
            .Proposal(TestData.Proposal("P-1"))
            .Spent(new StepUsage(1, 10, 10, decimal.Parse(spent)));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.True(finalizing == plan.Finalizing, plan.StopReason);
        if (finalizing)
        {
            Assert.Contains("cost", plan.StopReason, StringComparison.Ordinal);
            Assert.Equal(TaskKind.Overview, Assert.Single(plan.Tasks).Kind);
        }
        else
        {
            Assert.NotEmpty(OfKind(plan, TaskKind.Review));
        }
    }

    [Fact]
    public async Task Plan_TokenBudgetReached_Finalizes()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 10, MaxTokens: 1000), round: 2)
            .Proposal(TestData.Proposal("P-1"))
            .Spent(new StepUsage(3, 900, 100, 0m));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.True(plan.Finalizing);
        Assert.Contains("token", plan.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WallTimeBudgetReached_Finalizes()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 10, MaxWallTime: TimeSpan.FromHours(1)), round: 2).Proposal(TestData.Proposal("P-1"));
        var snapshot = await builder.SnapshotAsync();

        Assert.False(Plan(snapshot, now: TestData.Now.AddMinutes(59)).Finalizing);
        var plan = Plan(snapshot, now: TestData.Now.AddHours(1));
        Assert.True(plan.Finalizing);
        Assert.Contains("time", plan.StopReason, StringComparison.Ordinal);
    }

    private static async Task<RunSnapshot> TwelveUnreviewedAfterTenPaidTasksAsync(decimal? maxCost)
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 20, MaxCostUsd: maxCost), round: 2);
        for (var i = 0; i < 10; i++)
        {
            builder.Spent(new StepUsage(1, 10, 10, 0.05m), round: 1);
        }

        for (var i = 0; i < 12; i++)
        {
            builder.Proposal(TestData.Proposal($"P-{i:D2}", 2));
        }

        return await builder.SnapshotAsync();
    }

    [Fact]
    public async Task Plan_CostProjectedOverBudget_TrimsTheEndOfTheRound()
    {
        var unlimited = Plan(await TwelveUnreviewedAfterTenPaidTasksAsync(null));

        var trimmed = Plan(await TwelveUnreviewedAfterTenPaidTasksAsync(1.50m));

        Assert.False(trimmed.Finalizing, trimmed.StopReason);
        Assert.InRange(trimmed.Tasks.Count, 1, unlimited.Tasks.Count - 1);
        Assert.Equal(unlimited.Tasks.Take(trimmed.Tasks.Count).Select(t => t.Id), trimmed.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task Plan_AmpleCostBudget_NothingTrimmed()
    {
        var unlimited = Plan(await TwelveUnreviewedAfterTenPaidTasksAsync(null));

        var ample = Plan(await TwelveUnreviewedAfterTenPaidTasksAsync(100m));

        Assert.Equal(unlimited.Tasks.Select(t => t.Id), ample.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task Plan_BudgetLeftOnlyForTheOverview_Finalizes()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 20, MaxCostUsd: 1.00m), round: 2).Proposal(TestData.Proposal("P-1"));
        for (var i = 0; i < 10; i++)
        {
            builder.Spent(new StepUsage(1, 10, 10, 0.09m), round: 1);
        }

        var plan = Plan(await builder.SnapshotAsync());

        Assert.True(plan.Finalizing);
        Assert.Equal(TaskKind.Overview, Assert.Single(plan.Tasks).Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Plan_MatchBudget_NeverExceeded(int played)
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 20, MaxMatches: 5), round: 3).Entrants("P-1", "P-2", "P-3", "P-4", "P-5", "P-6");
        for (var i = 0; i < played; i++)
        {
            builder.Match(TestData.Match($"r002-match-{i:D2}", $"P-{i + 1}", $"P-{((i + 1) % 6) + 1}", $"P-{i + 1}", round: 2));
        }

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Equal(5 - played, OfKind(plan, TaskKind.Match).Count());
    }

    [Fact]
    public async Task Plan_HugeBudget_RoundNoLargerThanTheCap()
    {
        // 300 entrants, each with its full review, and a budget of 100,000 matches: uncapped, one round is 300 matches.
        var ids = Enumerable.Range(1, 300).Select(i => $"P-{i:D3}").ToArray();
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 300, MaxMatches: 100_000), round: 5).Entrants(ids);
        foreach (var id in ids)
        {
            builder.Review(TestData.Review("full-" + id, id, ReviewKind.Full));
        }

        var options = Options();
        var plan = Plan(await builder.SnapshotAsync(), options);

        Assert.False(plan.Finalizing);
        Assert.Equal(options.MaxTasksPerRound, plan.Tasks.Count);
        Assert.NotEmpty(OfKind(plan, TaskKind.Match));
        Assert.Single(OfKind(plan, TaskKind.MetaReview));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    public async Task Plan_MoreReviewsDueThanTheCap_RoundCutAtTheCapReviewsFirst(int cap)
    {
        // 40 proposals nobody reviewed yet (e.g. uploaded by the scientist), plus entrants that could play.
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 10, MaxMatches: 100_000), round: 3).Entrants("P-1", "P-2", "P-3", "P-4");
        for (var i = 1; i <= 40; i++)
        {
            builder.Proposal(TestData.Proposal($"S-{i:D2}", 2, origin: ProposalOrigin.Scientist));
        }

        var options = Options();
        options.MaxTasksPerRound = cap;
        var plan = Plan(await builder.SnapshotAsync(), options);

        Assert.Equal(cap, plan.Tasks.Count);
        Assert.All(plan.Tasks, t => Assert.Equal(TaskKind.Review, t.Kind));
        Assert.Equal(cap, plan.Tasks.Select(t => t.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(7, 8)]
    [InlineData(10_001, 8)]
    public void Validate_RoundCapBelowTheWidthOrAbsurd_NamesTheKey(int cap, int width)
    {
        var options = new SupervisorOptions { MaxTasksPerRound = cap, ParallelWidth = width };

        Assert.Contains(options.Validate(), e => e.Contains("Supervisor:MaxTasksPerRound", StringComparison.Ordinal));
        Assert.DoesNotContain(new SupervisorOptions().Validate(), e => e.Contains("MaxTasksPerRound", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_AllProposalsAndMatchesDone_Finalizes()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 3, MaxMatches: 2), round: 3)
            .Entrants("P-1", "P-2", "P-3")
            .Match(TestData.Match("r002-match-01", "P-1", "P-2", "P-1", round: 2))
            .Match(TestData.Match("r002-match-02", "P-2", "P-3", "P-3", round: 2));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.True(plan.Finalizing);
        Assert.Contains("matches", plan.StopReason, StringComparison.Ordinal);
    }

    private static RunBuilder ThreeEntrantsPlayedThreeRounds(bool leaderChangedInTheWindow)
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 3, MaxMatches: 100), round: 4).Entrants("P-a", "P-b", "P-c");
        for (var round = 2; round <= 4; round++)
        {
            // Normally a > b > c every round; with the change, round 2 goes b > c > a, so the top two differ within the window.
            var early = leaderChangedInTheWindow && round == 2;
            builder.Match(TestData.Match($"r{round:D3}-match-01", "P-a", "P-b", early ? "P-b" : "P-a", round: round))
                .Match(TestData.Match($"r{round:D3}-match-02", "P-a", "P-c", early ? "P-c" : "P-a", round: round))
                .Match(TestData.Match($"r{round:D3}-match-03", "P-b", "P-c", "P-b", round: round));
        }

        return builder;
    }

    [Fact]
    public async Task Plan_StableTop_Finalizes()
    {
        var snapshot = await ThreeEntrantsPlayedThreeRounds(leaderChangedInTheWindow: false).SnapshotAsync();

        var plan = Plan(snapshot, Options(new TopStability(TopSize: 2, Rounds: 3, MinGames: 2), minGamesPerEntrant: 1));

        Assert.True(plan.Finalizing);
        Assert.StartsWith("Stability rule:", plan.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_TopSeparatedWithConfidence_FinalizesNamingTheIntervalRule()
    {
        // P-a beats P-b and P-c ten times each, P-b beats P-c: with TopSize 1, P-a stands apart.
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 3, MaxMatches: 100), round: 12).Entrants("P-a", "P-b", "P-c");
        for (var round = 1; round <= 10; round++)
        {
            builder.Match(TestData.Match($"r{round:D3}-match-01", "P-a", "P-b", "P-a", round: round))
                .Match(TestData.Match($"r{round:D3}-match-02", "P-a", "P-c", "P-a", round: round))
                .Match(TestData.Match($"r{round:D3}-match-03", "P-b", "P-c", "P-b", round: round));
        }

        var options = Options();
        options.StopRule = StopRuleKind.Separation;
        options.Separation = new TopSeparation(TopSize: 1, Confidence: 0.9, MinGamesPerEntrant: 1);

        var plan = Plan(await builder.SnapshotAsync(), options);

        Assert.True(plan.Finalizing);
        Assert.StartsWith("Interval rule: the top 1 ", plan.StopReason, StringComparison.Ordinal);
        Assert.Contains("P-a over P-b", plan.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_TopNotSeparated_GoesOnUnderTheIntervalRule()
    {
        // P-a and P-b split their games: neither is apart from the other.
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 3, MaxMatches: 100), round: 5).Entrants("P-a", "P-b", "P-c");
        for (var round = 1; round <= 4; round++)
        {
            builder.Match(TestData.Match($"r{round:D3}-match-01", "P-a", "P-b", round % 2 == 0 ? "P-a" : "P-b", round: round))
                .Match(TestData.Match($"r{round:D3}-match-02", "P-a", "P-c", "P-a", round: round))
                .Match(TestData.Match($"r{round:D3}-match-03", "P-b", "P-c", "P-b", round: round));
        }

        var options = Options();
        options.StopRule = StopRuleKind.Separation;
        options.Separation = new TopSeparation(TopSize: 1, Confidence: 0.9, MinGamesPerEntrant: 1);

        var plan = Plan(await builder.SnapshotAsync(), options);

        Assert.False(plan.Finalizing);
    }

    [Fact]
    public async Task Plan_TopChangedWithinTheWindow_GoesOn()
    {
        var snapshot = await ThreeEntrantsPlayedThreeRounds(leaderChangedInTheWindow: true).SnapshotAsync();

        var plan = Plan(snapshot, Options(new TopStability(TopSize: 2, Rounds: 3, MinGames: 2), minGamesPerEntrant: 1));

        Assert.False(plan.Finalizing);
        Assert.NotEmpty(OfKind(plan, TaskKind.Match));
    }

    [Fact]
    public async Task Plan_NewEntrantsNotInTheGraph_ProximityPlanned()
    {
        var builder = RunBuilder.Planned(round: 3).Entrants("P-1", "P-2", "P-3").Graph(Graph("r002-proximity-01", ["P-1", "P-2"]));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Single(OfKind(plan, TaskKind.Proximity));
    }

    [Fact]
    public async Task Plan_GraphCoversEveryReviewedProposal_NoProximity()
    {
        var builder = RunBuilder.Planned(round: 3).Entrants("P-1", "P-2", "P-3").Graph(Graph("r002-proximity-01", ["P-1", "P-2", "P-3"]));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Empty(OfKind(plan, TaskKind.Proximity));
    }

    [Fact]
    public async Task Plan_EntrantsWithoutFullReview_GetOne()
    {
        var builder = RunBuilder.Planned(round: 3).Entrants("P-1", "P-2").Review(TestData.Review("full-1", "P-1", ReviewKind.Full));

        var plan = Plan(await builder.SnapshotAsync());

        var full = OfKind(plan, TaskKind.Review).Where(t => t.Input.ReviewKind == ReviewKind.Full);
        Assert.Equal(["P-2"], full.Select(t => Assert.Single(t.Input.ProposalIds)));
    }

    [Fact]
    public async Task Plan_EnoughReviewsAndNoRecentMetaReview_MetaReviewPlanned()
    {
        var builder = RunBuilder.Planned(round: 5).Entrants("P-1", "P-2", "P-3", "P-4");

        Assert.Single(OfKind(Plan(await builder.SnapshotAsync()), TaskKind.MetaReview));

        builder.MetaReview(new MetaReview { Id = "r004-metareview-01", RunId = "run-1", Round = 4, GenerationFeedback = "g", ReflectionFeedback = "r" });
        Assert.Empty(OfKind(Plan(await builder.SnapshotAsync()), TaskKind.MetaReview));
    }

    [Fact]
    public async Task Plan_Tasks_IdsFollowRoundKindAndIndex()
    {
        var builder = RunBuilder.Planned(round: 6)
            .Entrants("P-1", "P-2", "P-3", "P-4")
            .Match(TestData.Match("r005-match-01", "P-1", "P-2", "P-1", round: 5))
            .Match(TestData.Match("r005-match-02", "P-3", "P-4", "P-3", round: 5));

        var plan = Plan(await builder.SnapshotAsync());

        Assert.Equal(7, plan.Round);
        foreach (var group in plan.Tasks.GroupBy(t => t.Kind))
        {
            Assert.Equal(
                Enumerable.Range(1, group.Count()).Select(i => AgentTask.MakeId(7, group.Key, i)),
                group.Select(t => t.Id));
        }

        Assert.Equal(plan.Tasks.Count, plan.Tasks.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public async Task Plan_SameSnapshotTwice_IdenticalTasks()
    {
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 40), round: 6)
            .Entrants("P-1", "P-2", "P-3", "P-4", "P-5", "P-6")
            .Proposal(TestData.Proposal("P-7", 6))
            .Match(TestData.Match("r005-match-01", "P-1", "P-2", "P-1", round: 5))
            .Match(TestData.Match("r005-match-02", "P-3", "P-4", "P-3", round: 5))
            .Match(TestData.Match("r005-match-03", "P-5", "P-6", "P-6", round: 5));
        var snapshot = await builder.SnapshotAsync();
        var again = await RunSnapshot.LoadAsync(builder.Store, "run-1", KFactorSchedule.Constant(32), TestContext.Current.CancellationToken);

        var first = Plan(snapshot);
        var second = Plan(snapshot);
        var third = Plan(again);

        Assert.True(first.Tasks.Count > 5);
        Assert.Equal(RunStore.Serialize(first.Tasks), RunStore.Serialize(second.Tasks));
        Assert.Equal(RunStore.Serialize(first.Tasks), RunStore.Serialize(third.Tasks));
    }

    [Fact]
    public async Task Plan_GenerationFailedInEveryRound_RunEndsInsteadOfRetryingForever()
    {
        // A model whose every proposal is unusable (malformed or content-filtered) fails each
        // Generate task at once. Reviews are given up after two failures; generation must give up
        // too, or a run without a cost, token or time budget never ends.
        var builder = RunBuilder.Planned(new RunBudget(MaxProposals: 10), round: 6);
        for (var round = 2; round <= 6; round++)
        {
            for (var i = 1; i <= 4; i++)
            {
                builder.Task(TestData.Task(AgentTask.MakeId(round, TaskKind.Generate, i), TaskKind.Generate, round, AgentTaskStatus.Failed,
                    new TaskInput { Strategy = CoScientist.Core.Agents.Generation.GenerationAgent.Strategies[i - 1] }) with { Error = "The model gave no usable ProposalDraft after 3 attempts." });
            }
        }

        var plan = Plan(await builder.SnapshotAsync());

        // With not one proposal written, the run ends as failed, naming the reason.
        Assert.True(plan.Refusal is not null, $"round {plan.Round} plans {plan.Tasks.Count} more tasks: {string.Join(", ", plan.Tasks.Select(t => t.Id))}");
        Assert.Contains("no usable ProposalDraft", plan.Refusal, StringComparison.Ordinal);
        Assert.Empty(plan.Tasks);
    }
}
