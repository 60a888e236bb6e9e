namespace CoScientist.Api.Endpoints;

/// <summary>
/// Every route of the API, relative to <see cref="Prefix"/>. Azure Functions' default route prefix is
/// also <c>api</c>, so an HTTP trigger's <c>Route</c> takes these constants as they are.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api";

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

    /// <summary>The workbench page's files under the Functions app (<c>/api/workbench/…</c>); <c>cosci serve</c> serves them at <c>/</c>.</summary>
    public const string Workbench = "workbench/{*path}";
}
