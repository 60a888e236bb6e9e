using CoScientist.Core.Llm;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Literature;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Runs;

/// <summary>What a scientist asks for when starting a run.</summary>
/// <param name="Scan">Whether scheduled literature scans look for new papers for the run once it has ended.</param>
/// <param name="Literature">Whether its agents search the configured literature sources; false: only its attached context.</param>
public sealed record RunRequest(ResearchGoal Goal, RunBudget Budget, int Seed, bool Scan = false, bool Literature = true);

/// <summary>A request that cannot be carried out as asked; the message names what is wrong.</summary>
public class RunRequestException(string message) : Exception(message)
{
    public RunRequestException()
        : this("Invalid request.")
    {
    }

    public RunRequestException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}

/// <summary>
/// Starts runs and carries out the scientist's actions on them: pause, resume, stop, feedback,
/// their own proposals and reviews. Every action changes the run under its ETag; nothing already
/// stored is removed. A new run starts its orchestration; resume and stop tell it at once, while
/// feedback, context and the scientist's proposals are read by the next round's plan. Runs are
/// recorded with the model provider this process serves them with.
/// </summary>
public sealed class RunService(RunStore store, IRunOrchestrations orchestrations, IAgentModelProvider models, TimeProvider time, RunRequestRules rules)
{
    public async Task<RunRecord> StartAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var run = NewRun($"run-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}", request, now);
        if (!await store.TryCreateRunAsync(run, cancellationToken))
        {
            throw new RunRequestException($"A run with id {run.Id} exists already.");
        }

        await orchestrations.StartAsync(run.Id, cancellationToken);
        return run;
    }

    /// <summary>
    /// Starts the run with the id the caller derived from its input (an uploaded blob's name and
    /// ETag, say), so a redelivered event starts it once. When the run exists already it is
    /// returned as stored, with <c>Created</c> false, and its orchestration started unless the run has
    /// ended or one is running: a crash between creating the run and starting it must not leave it asleep.
    /// </summary>
    public async Task<(RunRecord Run, bool Created)> StartOnceAsync(string runId, RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var run = NewRun(runId, request, time.GetUtcNow());
        if (await store.TryCreateRunAsync(run, cancellationToken))
        {
            await orchestrations.StartAsync(run.Id, cancellationToken);
            return (run, true);
        }

        var existing = (await store.GetRunAsync(runId, cancellationToken))?.Value ?? throw new RunNotFoundException(runId);
        if (!existing.Status.IsTerminal())
        {
            await orchestrations.StartAsync(runId, cancellationToken);
        }

        return (existing, false);
    }

    /// <summary>
    /// Appends text (an uploaded data file, say) to the run's attached context, which the agents
    /// search as literature from their next step. <paramref name="source"/> names the text and its
    /// version: text from a source already attached is not appended again. Refused when the run has
    /// ended or the context would pass <see cref="ResearchGoal.MaxContextLength"/>.
    /// </summary>
    public async Task<(RunRecord Run, bool Appended)> AttachContextAsync(string runId, string source, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RunRequestException($"{source} has no text to attach.");
        }

        var header = $"[Attached: {source.ReplaceLineEndings(" ")}]";
        var appended = false;
        var run = await store.MutateRunAsync(runId, r =>
        {
            appended = false;
            if (r.Status.IsTerminal())
            {
                throw new RunRequestException($"Run {runId} has ended ({r.Status.ToString().ToLowerInvariant()}); it takes no new context.");
            }

            var current = r.Goal.AttachedContext ?? "";
            if (current.Contains(header, StringComparison.Ordinal))
            {
                return r;
            }

            var combined = (current.Length == 0 ? "" : current.TrimEnd() + "\n\n") + header + "\n\n" + text.Trim();
            if (combined.Length > ResearchGoal.MaxContextLength)
            {
                throw new RunRequestException(
                    $"Run {runId}'s attached context would be {combined.Length} characters long with {source}; the limit is {ResearchGoal.MaxContextLength}.");
            }

            appended = true;
            return r with { Goal = r.Goal with { AttachedContext = combined }, UpdatedAt = time.GetUtcNow() };
        }, cancellationToken);
        return (run, appended);
    }

    /// <summary>A citation check against everything retrieved for the run so far and its attached context.</summary>
    private async Task<CitationChecker> CitationCheckerAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var retrieved = await store.ListLiteratureAsync(run.Id, cancellationToken);
        return new CitationChecker([.. retrieved.Select(r => r.Article), .. new AttachedContextLiterature(run.Goal.AttachedContext).Passages]);
    }

    private RunRecord NewRun(string id, RunRequest request, DateTimeOffset now)
    {
        // Every run has every budget: the server default where the request gave none, never past the server maximum.
        request = request with { Budget = rules.WithDefaults(request.Budget) };
        var problems = rules.Validate(request);
        if (problems.Count > 0)
        {
            throw new RunRequestException(string.Join(" ", problems));
        }

        return new RunRecord
        {
            Id = id,
            Goal = request.Goal,
            Budget = request.Budget,
            Seed = request.Seed,
            ModelDescription = models.Description,
            Simulated = models.IsSimulated,
            CreatedAt = now,
            UpdatedAt = now,
            Scanning = request.Scan,
            Literature = request.Literature,
        };
    }

    public Task<RunRecord> PauseAsync(string runId, CancellationToken cancellationToken = default) =>
        ChangeAsync(runId, run => run.Status switch
        {
            RunStatus.Pending or RunStatus.Running => run with { Status = RunStatus.Paused },
            RunStatus.Paused => run,
            _ => throw new RunRequestException($"Run {runId} is {run.Status.ToString().ToLowerInvariant()} and cannot be paused."),
        }, wake: false, cancellationToken);

    /// <summary>Resumes a paused run: its orchestration wakes the round's pending tasks again.</summary>
    public Task<RunRecord> ResumeAsync(string runId, CancellationToken cancellationToken = default) =>
        ChangeAsync(runId, r => r.Status switch
        {
            RunStatus.Paused => r with { Status = RunStatus.Running },
            RunStatus.Pending or RunStatus.Running => r,
            _ => throw new RunRequestException($"Run {runId} is {r.Status.ToString().ToLowerInvariant()} and cannot be resumed."),
        }, wake: true, cancellationToken);

    /// <summary>
    /// Asks the run to stop: once its current round has ended, the supervisor writes the overview of
    /// what exists and ends it. A paused run is resumed to do so.
    /// </summary>
    public Task<RunRecord> StopAsync(string runId, CancellationToken cancellationToken = default) =>
        ChangeAsync(runId, r => r.Status.IsTerminal()
            ? throw new RunRequestException($"Run {runId} has already ended ({r.Status.ToString().ToLowerInvariant()}).")
            : r with { StopRequested = true, Status = RunStatus.Running }, wake: true, cancellationToken);

    /// <summary>
    /// Turns scheduled literature scans on or off for a run, in any state: a scan looks only at
    /// runs that have ended, and only at papers newer than its last look (or the run's start).
    /// </summary>
    public Task<RunRecord> SetScanningAsync(string runId, bool scanning, CancellationToken cancellationToken = default) =>
        ChangeAsync(runId, run => run.Scanning == scanning ? run : run with { Scanning = scanning }, wake: false, cancellationToken);

    public Task<RunRecord> AddFeedbackAsync(string runId, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RunRequestException("Feedback text is empty.");
        }

        if (rules.FeedbackProblem([], text) is { } problem)
        {
            throw new RunLimitException(problem);
        }

        return ChangeAsync(runId, run => run.Status.IsTerminal()
            ? throw new RunRequestException($"Run {runId} has ended; feedback can no longer change it.")
            : rules.FeedbackProblem(run.Feedback, text) is { } limit
                ? throw new RunLimitException(limit)
                : run with { Feedback = [.. run.Feedback, new ScientistFeedback(text.Trim(), time.GetUtcNow())] }, wake: false, cancellationToken);
    }

    /// <summary>The scientist's own proposal: reviewed and ranked like any other.</summary>
    public async Task<Proposal> AddProposalAsync(string runId, Proposal draft, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(draft.Title) || string.IsNullOrWhiteSpace(draft.Statement))
        {
            throw new RunRequestException("A proposal needs a title and a statement.");
        }

        var run = await RequireActiveAsync(runId, cancellationToken);

        // The scientist's text is shown like the agents' text, so its references are checked the same way.
        var checker = await CitationCheckerAsync(run, cancellationToken);
        var proposal = draft with
        {
            Title = checker.Clean(draft.Title, "title"),
            Statement = checker.Clean(draft.Statement, "statement"),
            Background = checker.Clean(draft.Background, "background"),
            UnmetNeed = checker.Clean(draft.UnmetNeed, "unmet need"),
            ProposedSolution = checker.Clean(draft.ProposedSolution, "proposed solution"),
            Goals = checker.Clean(draft.Goals, "goals"),
            TestableHypotheses = checker.Clean(draft.TestableHypotheses, "testable hypotheses"),
            Reasoning = checker.Clean(draft.Reasoning, "reasoning"),
            StudySteps = checker.Clean(draft.StudySteps, "study steps"),
        };
        proposal = proposal with
        {
            Articles = checker.Articles,
            RemovedCitations = checker.Removed,
            Id = $"S-{Guid.NewGuid().ToString("N")[..8]}",
            RunId = runId,
            TaskId = "",
            Round = run.Round,
            Origin = ProposalOrigin.Scientist,
            Status = ProposalStatus.Active,
            CreatedAt = time.GetUtcNow(),
        };
        await store.SaveProposalAsync(proposal, cancellationToken);
        return proposal;
    }

    /// <summary>The scientist's review of a proposal: the ranking judges read it with the agents' reviews.</summary>
    public async Task<Review> AddReviewAsync(string runId, string proposalId, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RunRequestException("Review text is empty.");
        }

        var run = await RequireActiveAsync(runId, cancellationToken);
        _ = await store.GetProposalAsync(runId, proposalId, cancellationToken)
            ?? throw new RunRequestException($"Run {runId} has no proposal '{proposalId}'.");
        var checker = await CitationCheckerAsync(run, cancellationToken);
        var review = new Review
        {
            Id = $"scientist-{Guid.NewGuid().ToString("N")[..8]}",
            RunId = runId,
            ProposalId = proposalId,
            Kind = ReviewKind.Scientist,
            Round = run.Round,
            Verdict = ReviewVerdict.Pass,
            Scores = new ReviewScores(3, 3, 3, 3, 3),
            Summary = checker.Clean(text.Trim(), "review"),
            CreatedAt = time.GetUtcNow(),
        };
        review = review with { Articles = checker.Articles, RemovedCitations = checker.Removed };
        await store.SaveReviewAsync(review, cancellationToken);
        return review;
    }

    private async Task<RunRecord> RequireActiveAsync(string runId, CancellationToken cancellationToken)
    {
        var run = (await store.GetRunAsync(runId, cancellationToken))?.Value ?? throw new RunNotFoundException(runId);
        return run.Status.IsTerminal() || run.Finalizing
            ? throw new RunRequestException($"Run {runId} has ended ({run.Status.ToString().ToLowerInvariant()}); it takes no new input.")
            : run;
    }

    private async Task<RunRecord> ChangeAsync(string runId, Func<RunRecord, RunRecord> change, bool wake, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var run = await store.MutateRunAsync(runId, r =>
        {
            var changed = change(r);
            return ReferenceEquals(changed, r) ? r : changed with { UpdatedAt = now };
        }, cancellationToken);
        if (wake)
        {
            await orchestrations.RaiseAsync(runId, RunEvent.Changed(), cancellationToken);
        }

        return run;
    }
}
