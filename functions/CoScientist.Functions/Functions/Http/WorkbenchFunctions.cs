using CoScientist.Api.Endpoints;
using CoScientist.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CoScientist.Functions.Functions.Http;

/// <summary>
/// The workbench's endpoints: each function hands the request to its handler, as the other HTTP
/// functions do; and the page itself at the site root (<c>/</c>, <c>/app.js</c>, …), as <c>cosci serve</c>
/// serves it, anonymous because it holds no data (it asks for the key before reading any). host.json's
/// empty route prefix puts it there; the API's functions keep <c>/api/…</c> through <see cref="ApiRoutes.FromSiteRoot"/>.
/// </summary>
public sealed class WorkbenchFunctions(EstimatesApi estimates, RunInsightsApi insights, DownloadsApi downloads, WorkbenchPage page)
{
    [Function("EstimateRun")]
    public async Task<IActionResult> EstimateRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Estimates)] HttpRequest request,
        CancellationToken cancellationToken) =>
        (await estimates.EstimateRunAsync(request, cancellationToken)).ToActionResult();

    [Function("GetRatingHistory")]
    public async Task<IActionResult> GetRatingHistory(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Ratings)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await insights.GetRatingHistoryAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("GetLineage")]
    public async Task<IActionResult> GetLineage(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Lineage)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await insights.GetLineageAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("GetSetAside")]
    public async Task<IActionResult> GetSetAside(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.SetAside)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await insights.GetSetAsideAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("GetCitations")]
    public async Task<IActionResult> GetCitations(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Citations)] HttpRequest request,
        string runId,
        string proposalId,
        CancellationToken cancellationToken) =>
        (await insights.GetCitationsAsync(request, runId, proposalId, cancellationToken)).ToActionResult();

    [Function("GetFavourites")]
    public async Task<IActionResult> GetFavourites(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Favourites)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await insights.GetFavouritesAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("SetFavourite")]
    public async Task<IActionResult> SetFavourite(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Favourites)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await insights.SetFavouriteAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("GetDownload")]
    public async Task<IActionResult> GetDownload(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Download)] HttpRequest request,
        string runId,
        string file,
        CancellationToken cancellationToken) =>
        (await downloads.GetDownloadAsync(request, runId, file, cancellationToken)).ToActionResult();

    [Function(WorkbenchEndpoints.PageEndpointName)]
    public IActionResult GetWorkbench(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.WorkbenchPage)] HttpRequest request,
        string? path) =>
        page.Get(request, path).ToActionResult();
}
