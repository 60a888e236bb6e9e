namespace CoScientist.Api.Endpoints;

/// <summary>
/// Every route of the API, relative to <see cref="Prefix"/>. The Functions app routes from the site
/// root (host.json <c>routePrefix</c> is empty, so the workbench page can be at <c>/</c>): an HTTP
/// trigger's <c>Route</c> is <see cref="FromSiteRoot"/> + one of these, and the API's URLs are the same
/// under both hosts.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api";

    /// <summary><see cref="Prefix"/> as a route written from the site root, for the Functions app's triggers.</summary>
    public const string FromSiteRoot = "api/";

    public const string Runs = "runs";
    public const string Run = "runs/{runId}";
    public const string Pause = "runs/{runId}/pause";
    public const string Resume = "runs/{runId}/resume";
    public const string Stop = "runs/{runId}/stop";
    public const string Feedback = "runs/{runId}/feedback";
    public const string Reviews = "runs/{runId}/reviews";
    public const string Overview = "runs/{runId}/overview";
    public const string Proposals = "runs/{runId}/proposals";
    public const string Proposal = "runs/{runId}/proposals/{proposalId}";
    public const string SpecificAims = "runs/{runId}/proposals/{proposalId}/aims";
    public const string OpenApiDocument = "openapi.json";

    // What the workbench page reads and does beyond the endpoints above (WorkbenchEndpoints).
    public const string Estimates = "estimates";
    public const string Ratings = "runs/{runId}/ratings";
    public const string Lineage = "runs/{runId}/lineage";
    public const string SetAside = "runs/{runId}/set-aside";
    public const string Favourites = "runs/{runId}/favourites";
    public const string Citations = "runs/{runId}/proposals/{proposalId}/citations";
    public const string Download = "runs/{runId}/downloads/{file}";

    /// <summary>
    /// The workbench page's files from the site root, for the Functions app: <c>/</c> is the page, <c>/app.js</c>
    /// its script. Literal routes take precedence over this catch-all, so the API's routes are unaffected;
    /// <c>cosci serve</c> maps each file on its own (<see cref="WorkbenchEndpoints.MapWorkbench"/>).
    /// </summary>
    public const string WorkbenchPage = "{*path}";
}
