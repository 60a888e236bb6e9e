using CoScientist.Api.Contracts;
using CoScientist.Api.Estimates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// The endpoints the workbench page needs beyond the core API (estimates, rating history, lineage and
/// clusters, set-aside proposals, citations, favourites, downloads), mapped into the same <c>/api</c>
/// group with the same problems and OpenAPI metadata; and the page itself, at the site root.
/// </summary>
public static class WorkbenchEndpoints
{
    private const string JsonType = "application/json";

    internal static IServiceCollection AddWorkbenchHandlers(this IServiceCollection services)
    {
        services.TryAddSingleton<EstimatesApi>();
        services.TryAddSingleton<RunInsightsApi>();
        services.TryAddSingleton<DownloadsApi>();
        services.TryAddSingleton<WorkbenchPage>();
        return services;
    }

    internal static RouteGroupBuilder MapWorkbenchEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost(ApiRoutes.Estimates, ([FromServices] EstimatesApi h, HttpRequest request, CancellationToken ct) => h.EstimateRunAsync(request, ct))
            .WithName("EstimateRun").WithTags("Runs")
            .WithSummary("Estimate the calls, tokens and cost of a run before starting it")
            .WithDescription("The body is that of CreateRun, with the same rules. The estimate is measured on a simulated rehearsal in memory "
                + "with the same goal, budgets and seed and priced at the server's models; nothing is sent to a real model or stored.")
            .Accepts<CreateRunRequest>(JsonType)
            .Produces<EstimateResponse>()
            .BodyProblems();

        api.MapGet(ApiRoutes.Ratings, ([FromServices] RunInsightsApi h, HttpRequest request, string runId, CancellationToken ct) => h.GetRatingHistoryAsync(request, runId, ct))
            .WithName("GetRatingHistory").WithTags("Proposals")
            .WithSummary("Elo over time: every match in the order it was rated, with both proposals' ratings before and after")
            .Produces<RatingHistoryResponse>()
            .RunProblems();

        api.MapGet(ApiRoutes.Lineage, ([FromServices] RunInsightsApi h, HttpRequest request, string runId, CancellationToken ct) => h.GetLineageAsync(request, runId, ct))
            .WithName("GetLineage").WithTags("Proposals")
            .WithSummary("The lineage of evolved proposals (parent → child, with the strategy) and the latest proximity clusters")
            .Produces<LineageResponse>()
            .RunProblems();

        api.MapGet(ApiRoutes.SetAside, ([FromServices] RunInsightsApi h, HttpRequest request, string runId, CancellationToken ct) => h.GetSetAsideAsync(request, runId, ct))
            .WithName("GetSetAside").WithTags("Proposals")
            .WithSummary("Every proposal the run set aside (rejected, near-duplicate, unsafe), with the reason and the review or proximity evidence")
            .WithDescription("An unsafe proposal's title and text stay withheld, as in the exports.")
            .Produces<SetAsideResponse>()
            .RunProblems();

        api.MapGet(ApiRoutes.Citations, ([FromServices] RunInsightsApi h, HttpRequest request, string runId, string proposalId, CancellationToken ct) =>
                h.GetCitationsAsync(request, runId, proposalId, ct))
            .WithName("GetCitations").WithTags("Proposals")
            .WithSummary("The articles a proposal cites (with what the run retrieved about them) and the citations the check removed")
            .Produces<CitationsResponse>()
            .RunProblems();

        api.MapGet(ApiRoutes.Favourites, ([FromServices] RunInsightsApi h, HttpRequest request, string runId, CancellationToken ct) => h.GetFavouritesAsync(request, runId, ct))
            .WithName("GetFavourites").WithTags("Scientist")
            .WithSummary("The proposals the scientist marked as favourites")
            .Produces<FavouritesResponse>()
            .RunProblems();

        api.MapPost(ApiRoutes.Favourites, ([FromServices] RunInsightsApi h, HttpRequest request, string runId, CancellationToken ct) => h.SetFavouriteAsync(request, runId, ct))
            .WithName("SetFavourite").WithTags("Scientist")
            .WithSummary("Mark or unmark a proposal as a favourite; the scientist's own note, taken in any state of the run")
            .Accepts<FavouriteRequest>(JsonType)
            .Produces<FavouritesResponse>()
            .BodyProblems()
            .RunProblems();

        api.MapGet(ApiRoutes.Download, ([FromServices] DownloadsApi h, HttpRequest request, string runId, string file, CancellationToken ct) =>
                h.GetDownloadAsync(request, runId, file, ct))
            .WithName("GetDownload").WithTags("Results")
            .WithSummary("The run's results as a file: run.json, results.md (overview and proposals), citations.bib or citations.ris")
            .Produces(StatusCodes.Status200OK, contentType: JsonType)
            .RunProblems();

        return api;
    }

    /// <summary>The page's name as an endpoint and as a function (<c>GetWorkbench</c>), at the site root under both hosts.</summary>
    public const string PageEndpointName = "GetWorkbench";

    /// <summary>
    /// For <c>cosci serve</c>: the workbench at <c>/</c>, each of its files at its own path. Only the
    /// embedded files are mapped, so nothing else on disk can be reached and unknown paths stay 404.
    /// (The Functions app serves the same files through one catch-all, <see cref="ApiRoutes.WorkbenchPage"/>.)
    /// </summary>
    public static IEndpointRouteBuilder MapWorkbench(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", ([FromServices] WorkbenchPage h, HttpRequest request) => h.Get(request, null)).WithName(PageEndpointName).ExcludeFromDescription();
        foreach (var path in Workbench.WorkbenchAssets.Paths)
        {
            endpoints.MapGet("/" + path, ([FromServices] WorkbenchPage h, HttpRequest request) => h.Get(request, path)).ExcludeFromDescription();
        }

        return endpoints;
    }
}
