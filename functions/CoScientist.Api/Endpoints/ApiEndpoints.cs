using CoScientist.Api.Contracts;
using CoScientist.Core.MetaReviews;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// Maps every route to its handler method, with the metadata the OpenAPI document is generated
/// from. Nothing else happens here: the logic is in the handler classes, which an Azure Functions
/// trigger calls the same way.
/// </summary>
public static class ApiEndpoints
{
    private const string JsonType = "application/json";

    public static RouteGroupBuilder MapCoScientistApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(ApiRoutes.Prefix);

        api.MapPost(ApiRoutes.Runs, ([FromServices] RunsApi h, HttpRequest request, CancellationToken ct) => h.CreateRunAsync(request, ct))
            .WithName("CreateRun").WithTags("Runs")
            .WithSummary("Start a run")
            .WithDescription("Queues a run on the goal and answers at once with its id; poll statusUrl (also in Location). "
                + "model, when given, must name the server's provider: a server has one.")
            .Accepts<CreateRunRequest>(JsonType)
            .Produces<RunCreatedResponse>(StatusCodes.Status202Accepted)
            .BodyProblems();

        api.MapGet(ApiRoutes.Runs, ([FromServices] RunsApi h, HttpRequest request, [FromQuery] string? top, [FromQuery] string? continuation, CancellationToken ct) =>
                h.ListRunsAsync(request, top, continuation, ct))
            .WithName("ListRuns").WithTags("Runs")
            .WithSummary("List runs, newest first")
            .WithDescription("top: runs per page (1 to Api:MaxPageSize, default Api:DefaultPageSize). continuation: the token of the previous page.")
            .Produces<RunListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet(ApiRoutes.Run, ([FromServices] RunsApi h, HttpRequest request, string runId, CancellationToken ct) => h.GetRunAsync(request, runId, ct))
            .WithName("GetRun").WithTags("Runs")
            .WithSummary("A run's status, statistics, cost, round and counts")
            .Produces<RunStatusResponse>()
            .RunProblems();

        api.MapPost(ApiRoutes.Pause, ([FromServices] RunsApi h, HttpRequest request, string runId, CancellationToken ct) => h.PauseRunAsync(request, runId, ct))
            .WithName("PauseRun").WithTags("Runs")
            .WithSummary("Pause a pending or running run")
            .Produces<RunStatusResponse>()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost(ApiRoutes.Resume, ([FromServices] RunsApi h, HttpRequest request, string runId, CancellationToken ct) => h.ResumeRunAsync(request, runId, ct))
            .WithName("ResumeRun").WithTags("Runs")
            .WithSummary("Resume a paused run")
            .Produces<RunStatusResponse>()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost(ApiRoutes.Stop, ([FromServices] RunsApi h, HttpRequest request, string runId, CancellationToken ct) => h.StopRunAsync(request, runId, ct))
            .WithName("StopRun").WithTags("Runs")
            .WithSummary("Stop a run: it writes the overview of what exists and ends as stopped")
            .Produces<RunStatusResponse>()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost(ApiRoutes.Feedback, ([FromServices] RunsApi h, HttpRequest request, string runId, CancellationToken ct) => h.AddFeedbackAsync(request, runId, ct))
            .WithName("AddFeedback").WithTags("Scientist")
            .WithSummary("Add feedback (a constraint or preference) the agents see from the next round")
            .Accepts<FeedbackRequest>(JsonType)
            .Produces<FeedbackAcceptedResponse>(StatusCodes.Status202Accepted)
            .BodyProblems()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet(ApiRoutes.Proposals, ([FromServices] ProposalsApi h, HttpRequest request, string runId, [FromQuery] string? top, CancellationToken ct) =>
                h.GetLeaderboardAsync(request, runId, top, ct))
            .WithName("GetLeaderboard").WithTags("Proposals")
            .WithSummary("The leaderboard: active proposals by Elo, then rejected and duplicate ones")
            .WithDescription("top: entries at most (1 to 1000).")
            .Produces<LeaderboardResponse>()
            .RunProblems();

        api.MapPost(ApiRoutes.Proposals, ([FromServices] ProposalsApi h, HttpRequest request, string runId, CancellationToken ct) => h.AddProposalAsync(request, runId, ct))
            .WithName("AddProposal").WithTags("Scientist")
            .WithSummary("Add the scientist's own proposal; it is reviewed and ranked like any other")
            .Accepts<AddProposalRequest>(JsonType)
            .Produces<ProposalCreatedResponse>(StatusCodes.Status201Created)
            .BodyProblems()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet(ApiRoutes.Proposal, ([FromServices] ProposalsApi h, HttpRequest request, string runId, string proposalId, CancellationToken ct) =>
                h.GetProposalAsync(request, runId, proposalId, ct))
            .WithName("GetProposal").WithTags("Proposals")
            .WithSummary("A proposal with its reviews, matches (ratings before and after) and lineage")
            .Produces<ProposalDetailResponse>()
            .RunProblems();

        api.MapGet(ApiRoutes.SpecificAims, ([FromServices] ProposalsApi h, HttpRequest request, string runId, string proposalId, CancellationToken ct) =>
                h.GetSpecificAimsAsync(request, runId, proposalId, ct))
            .WithName("GetSpecificAims").WithTags("Proposals")
            .WithSummary("The proposal's NIH Specific Aims page; written on demand (and stored) when the run has none for it")
            .Produces<SpecificAimsResponse>()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        api.MapPost(ApiRoutes.Reviews, ([FromServices] ProposalsApi h, HttpRequest request, string runId, CancellationToken ct) => h.AddReviewAsync(request, runId, ct))
            .WithName("AddReview").WithTags("Scientist")
            .WithSummary("Add the scientist's review of a proposal; the ranking judges read it")
            .Accepts<AddReviewRequest>(JsonType)
            .Produces<ReviewCreatedResponse>(StatusCodes.Status201Created)
            .BodyProblems()
            .RunProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet(ApiRoutes.Overview, ([FromServices] OverviewApi h, HttpRequest request, string runId, CancellationToken ct) => h.GetOverviewAsync(request, runId, ct))
            .WithName("GetOverview").WithTags("Results")
            .WithSummary("The research overview: Markdown (default), HTML (Accept: text/html) or JSON (Accept: application/json)")
            // The Markdown and HTML representations are added to the 200 response by ApiDocument.
            .Produces<ResearchOverview>(StatusCodes.Status200OK, OverviewApi.Json)
            .RunProblems()
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet(ApiRoutes.OpenApiDocument, ([FromServices] OpenApiDocumentApi h, CancellationToken ct) => h.GetDocumentAsync(ct))
            .WithName("GetOpenApiDocument").WithTags("Meta")
            .WithSummary("This OpenAPI document")
            .Produces(StatusCodes.Status200OK, contentType: JsonType);

        api.MapWorkbenchEndpoints();
        return api;
    }

    // Problems every endpoint with a JSON body can answer with.
    internal static RouteHandlerBuilder BodyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    // Problems every endpoint under /runs/{runId} can answer with: a malformed id, an unknown run or proposal.
    internal static RouteHandlerBuilder RunProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
