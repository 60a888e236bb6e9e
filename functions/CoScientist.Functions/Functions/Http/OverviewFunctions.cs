using CoScientist.Api.Endpoints;
using CoScientist.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CoScientist.Functions.Functions.Http;

/// <summary>The research overview and the OpenAPI document: handed to <see cref="OverviewApi"/> and <see cref="OpenApiDocumentApi"/>.</summary>
public sealed class OverviewFunctions(OverviewApi overview, OpenApiDocumentApi openApi)
{
    [Function("GetOverview")]
    public async Task<IActionResult> GetOverview(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Overview)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await overview.GetOverviewAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("GetOpenApiDocument")]
    public async Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.OpenApiDocument)] HttpRequest request,
        CancellationToken cancellationToken) =>
        (await openApi.GetDocumentAsync(cancellationToken)).ToActionResult();
}
