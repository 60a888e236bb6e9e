using CoScientist.Api.Endpoints;
using CoScientist.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CoScientist.Functions.Functions.Http;

/// <summary>The proposals endpoints of the HTTP API: each function hands the request to <see cref="ProposalsApi"/>.</summary>
public sealed class ProposalsFunctions(ProposalsApi proposals)
{
    [Function("GetLeaderboard")]
    public async Task<IActionResult> GetLeaderboard(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Proposals)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await proposals.GetLeaderboardAsync(request, runId, request.Query["top"], cancellationToken)).ToActionResult();

    [Function("AddProposal")]
    public async Task<IActionResult> AddProposal(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Proposals)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await proposals.AddProposalAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("GetProposal")]
    public async Task<IActionResult> GetProposal(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Proposal)] HttpRequest request,
        string runId,
        string proposalId,
        CancellationToken cancellationToken) =>
        (await proposals.GetProposalAsync(request, runId, proposalId, cancellationToken)).ToActionResult();

    [Function("GetSpecificAims")]
    public async Task<IActionResult> GetSpecificAims(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.SpecificAims)] HttpRequest request,
        string runId,
        string proposalId,
        CancellationToken cancellationToken) =>
        (await proposals.GetSpecificAimsAsync(request, runId, proposalId, cancellationToken)).ToActionResult();

    [Function("AddReview")]
    public async Task<IActionResult> AddReview(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Reviews)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await proposals.AddReviewAsync(request, runId, cancellationToken)).ToActionResult();
}
