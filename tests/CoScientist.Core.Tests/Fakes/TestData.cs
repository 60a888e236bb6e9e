using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Reflection;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>Builders for the records the tests feed the engine.</summary>
public static class TestData
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public const string GoalText = "Find a repurposed drug that slows fibrosis in the liver.";

    /// <summary>
    /// How every agent's prompt shows the test goal (with its preferences and constraints) and
    /// <see cref="SafePlan"/>, exactly: the prompt tests assert the whole text around it.
    /// </summary>
    public const string GoalAndPlanInPrompt = """
        <goal>
        Find a repurposed drug that slows fibrosis in the liver.
        </goal>
        <preferences>
        - cheap
        - oral dosing
        </preferences>
        <constraints>
        - no animal work
        - approved drugs only
        </constraints>
        <plan domain="hepatology">
        <objectives>
        - slow liver fibrosis
        </objectives>
        <criteria>
        - novelty
        - feasibility
        </criteria>
        <topics>
        - hepatic stellate cells
        </topics>
        </plan>
        """;

    public static ResearchPlan SafePlan => new(
        "hepatology",
        ["slow liver fibrosis"],
        ["approved drugs only"],
        ["oral dosing"],
        ["novelty", "feasibility"],
        ["hepatic stellate cells"],
        Safe: true,
        RefusalReason: null);

    public static RunRecord Run(
        string id = "run-1",
        RunBudget? budget = null,
        ResearchPlan? plan = null,
        int round = 0,
        RunStatus status = RunStatus.Running,
        string? attachedContext = null,
        int seed = 7) => new()
        {
            Id = id,
            Goal = new ResearchGoal(GoalText, ["cheap"], ["no animal work"], attachedContext),
            Budget = budget ?? new RunBudget(MaxProposals: 10),
            Seed = seed,
            ModelDescription = "test",
            Status = status,
            CreatedAt = Now,
            UpdatedAt = Now,
            Round = round,
            Plan = plan,
        };

    public static Proposal Proposal(
        string id,
        int round = 1,
        string? title = null,
        string? statement = null,
        string runId = "run-1",
        ProposalOrigin origin = ProposalOrigin.Generated,
        string strategy = "literature") => new()
        {
            Id = id,
            RunId = runId,
            TaskId = "task-" + id,
            Round = round,
            Title = title ?? $"Title {id}",
            Statement = statement ?? $"Statement of {id}.",
            ProposedSolution = $"Solution of {id}.",
            TestableHypotheses = [$"Hypothesis of {id}."],
            Origin = origin,
            Strategy = strategy,
            CreatedAt = Now,
        };

    public static Review Review(
        string id,
        string proposalId,
        ReviewKind kind = ReviewKind.Initial,
        ReviewVerdict verdict = ReviewVerdict.Pass,
        RejectionReason rejection = RejectionReason.None,
        int round = 1,
        string runId = "run-1",
        string? summary = null) => new()
        {
            Id = id,
            RunId = runId,
            ProposalId = proposalId,
            Kind = kind,
            Round = round,
            Verdict = verdict,
            Rejection = rejection,
            Scores = new ReviewScores(3, 3, 3, rejection == RejectionReason.Unsafe ? 1 : 4, 3),
            Summary = summary ?? $"Review {id} of {proposalId}.",
            Weaknesses = [$"weakness noted by {id}"],
            CreatedAt = Now,
        };

    public static MatchRecord Match(string id, string a, string b, string winner, int round = 1, string runId = "run-1", string? rationale = null) => new()
    {
        Id = id,
        RunId = runId,
        Round = round,
        ProposalA = a,
        ProposalB = b,
        WinnerId = winner,
        Format = MatchFormat.SingleTurn,
        Rationale = rationale ?? $"{winner} was better in {id}.",
        CreatedAt = Now,
    };

    public static AgentTask Task(
        string id,
        TaskKind kind,
        int round,
        AgentTaskStatus status = AgentTaskStatus.Completed,
        TaskInput? input = null,
        StepUsage? usage = null,
        string runId = "run-1") => new()
        {
            Id = id,
            RunId = runId,
            Kind = kind,
            Round = round,
            Input = input ?? new TaskInput(),
            Status = status,
            Usage = usage ?? StepUsage.None,
            CreatedAt = Now,
        };

    public static AgentContext Context(RunRecord? run = null, string taskId = "r002-generate-01", int round = 2, MetaReviews.MetaReview? metaReview = null, UsageMeter? meter = null) =>
        new(run ?? Run(plan: SafePlan, round: round), metaReview, taskId, round, Now, meter ?? new UsageMeter(11));

    public static StructuredChat Chat(IAgentModelProvider models, int maxAttempts = 3) =>
        new(models, Options.Create(new StructuredChatOptions { MaxAttempts = maxAttempts }), NullLogger<StructuredChat>.Instance);

    public static ProposalDraft Draft(string title = "Losartan against stellate cells", IReadOnlyList<string>? cited = null) => new(
        title,
        "Losartan blocks angiotensin signalling in stellate cells and slows fibrosis.",
        "Angiotensin II activates hepatic stellate cells.",
        "No approved antifibrotic exists.",
        "Give losartan to patients with F2 fibrosis.",
        ["Slow fibrosis"],
        ["Losartan lowers collagen deposition by 30%."],
        "Blocking the receptor removes the activation signal.",
        ["Cell assay", "Pilot trial"],
        cited ?? []);

    public static ReviewAnswer ReviewAnswer(
        ReviewVerdict verdict = ReviewVerdict.Pass,
        RejectionReason rejection = RejectionReason.None,
        int safety = 4,
        int correctness = 4) => new(
        verdict,
        rejection,
        new ReviewScores(correctness, 3, 3, safety, 4),
        "A plausible proposal.",
        ["clear mechanism"],
        ["small effect size"],
        [new ReviewFinding("Angiotensin drives activation", "Supported", true)],
        []);

    public static DebateTurnAnswer Turn(string argument) => new("expert", argument);
}
