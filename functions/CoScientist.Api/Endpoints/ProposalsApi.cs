using CoScientist.Core.Agents;
using CoScientist.Core.Agents.MetaReviewer;
using CoScientist.Api.Contracts;
using CoScientist.Api.Problems;
using CoScientist.Api.Validation;
using CoScientist.Core.Determinism;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Results;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// Proposals: the leaderboard, one proposal with its reviews, matches and lineage, Specific Aims
/// pages, and the scientist's own proposals and reviews.
/// </summary>
public sealed class ProposalsApi(
    RunService runs,
    RunStore store,
    MetaReviewAgent metaReview,
    IOptions<ApiOptions> apiOptions,
    IOptions<SupervisorOptions> supervisorOptions,
    TimeProvider time,
    ILogger<ProposalsApi> logger)
{
    /// <summary>Largest <c>top</c> of the leaderboard.</summary>
    public const int MaxTop = 1000;

    private readonly ApiOptions _options = apiOptions.Value;

    /// <summary><c>GET /api/runs/{runId}/proposals?top=N</c>: the leaderboard.</summary>
    public async Task<IResult> GetLeaderboardAsync(HttpRequest request, string runId, string? top, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var count = Query.Int(errors, "top", top, 1, MaxTop);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await SnapshotAsync(runId, cancellationToken) is not { } snapshot)
        {
            return ApiProblems.RunNotFound(runId);
        }

        var entries = Views.Leaderboard(request, snapshot, RunExport.From(snapshot, null, []));
        return ApiResults.Json(new LeaderboardResponse(runId, snapshot.Run.Status, entries.Count, [.. entries.Take(count ?? MaxTop)]));
    }

    /// <summary><c>GET /api/runs/{runId}/proposals/{proposalId}</c>: the proposal with its reviews, matches and lineage.</summary>
    public async Task<IResult> GetProposalAsync(HttpRequest request, string runId, string proposalId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("runId", runId), ("proposalId", proposalId)) is { } invalid)
        {
            return invalid;
        }

        if (await SnapshotAsync(runId, cancellationToken) is not { } snapshot)
        {
            return ApiProblems.RunNotFound(runId);
        }

        if (snapshot.Proposal(proposalId) is null)
        {
            return ApiProblems.ProposalNotFound(runId, proposalId);
        }

        var aims = await store.GetDocumentAsync<SpecificAimsPage>(runId, RunStore.AimsPrefix + proposalId, cancellationToken);
        return ApiResults.Json(Views.Detail(request, snapshot, RunExport.From(snapshot, null, []), proposalId, aims is not null));
    }

    /// <summary>
    /// <c>POST /api/runs/{runId}/proposals</c>: the scientist's own proposal, 201. It is reviewed
    /// and enters the tournament like the agents' proposals.
    /// </summary>
    public async Task<IResult> AddProposalAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync<AddProposalRequest>(request, _options.MaxRequestBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var errors = new FieldErrors();
        errors.RequiredText("title", draft.Title, AddProposalRequest.MaxTitleLength);
        errors.RequiredText("statement", draft.Statement, AddProposalRequest.MaxStatementLength);
        errors.Text("background", draft.Background, AddProposalRequest.MaxSectionLength);
        errors.Text("unmetNeed", draft.UnmetNeed, AddProposalRequest.MaxSectionLength);
        errors.Text("proposedSolution", draft.ProposedSolution, AddProposalRequest.MaxSectionLength);
        errors.Text("reasoning", draft.Reasoning, AddProposalRequest.MaxSectionLength);
        errors.TextList("goals", draft.Goals, AddProposalRequest.MaxListItems, AddProposalRequest.MaxItemLength);
        errors.TextList("testableHypotheses", draft.TestableHypotheses, AddProposalRequest.MaxListItems, AddProposalRequest.MaxItemLength);
        errors.TextList("studySteps", draft.StudySteps, AddProposalRequest.MaxListItems, AddProposalRequest.MaxItemLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        Proposal proposal;
        try
        {
            proposal = await runs.AddProposalAsync(runId, ToProposal(runId, draft), cancellationToken);
        }
        catch (RunNotFoundException)
        {
            return ApiProblems.RunNotFound(runId);
        }
        catch (RunRequestException ex)
        {
            return await EndedAsync(runId, ex.Message, cancellationToken);
        }

        ApiLog.ProposalAdded(logger, runId, proposal.Id);
        var url = ApiLinks.Proposal(request, runId, proposal.Id);
        return ApiResults.Json(
            new ProposalCreatedResponse(runId, proposal.Id, proposal.Title, proposal.Round, Standing.PendingReview, url),
            StatusCodes.Status201Created,
            url);
    }

    /// <summary><c>POST /api/runs/{runId}/reviews</c>: the scientist's review of a proposal, 201; the ranking judges read it.</summary>
    public async Task<IResult> AddReviewAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync<AddReviewRequest>(request, _options.MaxRequestBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var review = body.Value!;
        var errors = new FieldErrors();
        if (review.ProposalId is null)
        {
            errors.Add("proposalId", "is required.");
        }
        else if (!Ids.IsValid(review.ProposalId))
        {
            errors.Add("proposalId", $"is not a proposal id: 1 to {Ids.MaxLength} ASCII letters, digits, '-', '_' or '.'.");
        }

        errors.RequiredText("text", review.Text, AddReviewRequest.MaxTextLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Existence first, so a review of an unknown proposal is a 404 whatever state the run is in.
        if (await store.GetRunAsync(runId, cancellationToken) is null)
        {
            return ApiProblems.RunNotFound(runId);
        }

        if (await store.GetProposalAsync(runId, review.ProposalId!, cancellationToken) is null)
        {
            return ApiProblems.ProposalNotFound(runId, review.ProposalId!);
        }

        try
        {
            var saved = await runs.AddReviewAsync(runId, review.ProposalId!, review.Text!, cancellationToken);
            ApiLog.ReviewAdded(logger, runId, saved.ProposalId, saved.Id);
            var url = ApiLinks.Proposal(request, runId, saved.ProposalId);
            return ApiResults.Json(
                new ReviewCreatedResponse(runId, saved.Id, saved.ProposalId, saved.Kind, saved.Round, saved.Summary, saved.CreatedAt, url),
                StatusCodes.Status201Created,
                url);
        }
        catch (RunNotFoundException)
        {
            return ApiProblems.RunNotFound(runId);
        }
        catch (RunRequestException ex)
        {
            return await EndedAsync(runId, ex.Message, cancellationToken);
        }
    }

    /// <summary>
    /// <c>GET /api/runs/{runId}/proposals/{proposalId}/aims</c>: the proposal's NIH Specific Aims page.
    /// The overview step writes pages for the top proposals; for any other, the Meta-review agent
    /// writes one now, as the overview step would, and it is stored and its cost counted with the run's.
    /// </summary>
    public async Task<IResult> GetSpecificAimsAsync(HttpRequest request, string runId, string proposalId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("runId", runId), ("proposalId", proposalId)) is { } invalid)
        {
            return invalid;
        }

        if (await SnapshotAsync(runId, cancellationToken) is not { } snapshot)
        {
            return ApiProblems.RunNotFound(runId);
        }

        if (snapshot.Proposal(proposalId) is not { } proposal)
        {
            return ApiProblems.ProposalNotFound(runId, proposalId);
        }

        if (!proposal.IsShown)
        {
            return ApiProblems.Conflict(ProblemTypes.ProposalWithheld, "The proposal is withheld.",
                $"Proposal '{proposalId}' was judged unsafe; no Specific Aims page is written for it.", runId, RunsApi.StatusName(snapshot.Run.Status));
        }

        var documentName = RunStore.AimsPrefix + proposalId;
        if (await store.GetDocumentAsync<SpecificAimsPage>(runId, documentName, cancellationToken) is { } stored)
        {
            return ApiResults.Json(new SpecificAimsResponse(runId, proposalId, false, stored, MarkdownReport.SpecificAims(stored)));
        }

        // Keyed like a task, so its model calls are seeded like any step and its usage lands in the run's totals.
        var taskId = "aims-" + proposalId;
        var now = time.GetUtcNow();
        var meter = new UsageMeter(StableHash.Combine(snapshot.Run.Seed, StableHash.Of(taskId)));
        var context = new AgentContext(snapshot.Run, snapshot.LatestMetaReview, taskId, snapshot.Run.Round, now, meter);
        SpecificAimsPage page;
        try
        {
            page = await metaReview.SpecificAimsAsync(context, proposal, snapshot.Reviews, cancellationToken);
        }
        catch (ModelAnswerException ex)
        {
            ApiLog.AimsFailed(logger, runId, proposalId, ex.Message);
            return ApiProblems.ModelFailed($"The Specific Aims page for '{proposalId}' could not be written: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ApiLog.AimsFailed(logger, runId, proposalId, ex.Message);
            return ApiProblems.ModelFailed($"The Specific Aims page for '{proposalId}' could not be written: the model call failed ({ex.GetType().Name}).");
        }

        await store.SaveDocumentAsync(runId, documentName, page, cancellationToken);
        await RecordUsageAsync(runId, taskId, snapshot.Run.Round, now, meter.Total, cancellationToken);
        ApiLog.AimsGenerated(logger, runId, proposalId, meter.Total.Calls, meter.Total.CostUsd);
        return ApiResults.Json(new SpecificAimsResponse(runId, proposalId, true, page, MarkdownReport.SpecificAims(page)));
    }

    /// <summary>
    /// Stores the page's usage as a finished meta-review task outside any round: the run's statistics
    /// and budget sum task usage, and the supervisor never schedules or re-issues a task it did not plan.
    /// </summary>
    private async Task RecordUsageAsync(string runId, string taskId, int round, DateTimeOffset at, StepUsage usage, CancellationToken cancellationToken)
    {
        var task = new AgentTask
        {
            Id = taskId,
            RunId = runId,
            Kind = TaskKind.Overview,
            Round = round,
            Status = AgentTaskStatus.Completed,
            Attempts = 1,
            CreatedAt = at,
            CompletedAt = time.GetUtcNow(),
            Usage = usage,
        };
        if (!await store.TryAddTaskAsync(task, cancellationToken) && await store.GetTaskAsync(runId, taskId, cancellationToken) is { } existing)
        {
            // A page written again (after its document was lost, or by a concurrent request) adds to what the first spent.
            try
            {
                await store.UpdateTaskAsync(existing.Value with { Usage = existing.Value.Usage.Add(usage), Attempts = existing.Value.Attempts + 1 }, existing.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Both writers raced on the same record; losing one page's usage figure is preferable to failing the answer.
            }
        }
    }

    private async Task<RunSnapshot?> SnapshotAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await RunSnapshot.LoadAsync(store, runId, supervisorOptions.Value.KFactor, cancellationToken);
        }
        catch (RunNotFoundException)
        {
            return null;
        }
    }

    private async Task<IResult> EndedAsync(string runId, string detail, CancellationToken cancellationToken)
    {
        var current = (await store.GetRunAsync(runId, cancellationToken))?.Value.Status;
        return ApiProblems.Conflict(ProblemTypes.RunEnded, "The run takes no more input.", detail, runId, RunsApi.StatusName(current));
    }

    private static Proposal ToProposal(string runId, AddProposalRequest draft) => new()
    {
        // Id, task, round, origin and time are set by RunService.
        Id = "",
        RunId = runId,
        TaskId = "",
        Round = 0,
        Origin = ProposalOrigin.Scientist,
        Title = draft.Title!.Trim(),
        Statement = draft.Statement!.Trim(),
        Background = draft.Background?.Trim() ?? "",
        UnmetNeed = draft.UnmetNeed?.Trim() ?? "",
        ProposedSolution = draft.ProposedSolution?.Trim() ?? "",
        Goals = Trimmed(draft.Goals),
        TestableHypotheses = Trimmed(draft.TestableHypotheses),
        Reasoning = draft.Reasoning?.Trim() ?? "",
        StudySteps = Trimmed(draft.StudySteps),
    };

    private static IReadOnlyList<string> Trimmed(IReadOnlyList<string?>? items) => [.. (items ?? []).Select(i => i!.Trim())];
}
