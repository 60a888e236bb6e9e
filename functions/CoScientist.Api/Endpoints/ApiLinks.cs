using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// URLs the API hands out, relative to the host (RFC 9110 allows a relative Location) so they stay
/// right behind a proxy or on a Functions app whatever its host name.
/// </summary>
public static class ApiLinks
{
    public static string Run(HttpRequest request, string runId) => Base(request) + "/runs/" + Uri.EscapeDataString(runId);

    public static string Proposals(HttpRequest request, string runId) => Run(request, runId) + "/proposals";

    public static string Proposal(HttpRequest request, string runId, string proposalId) =>
        Proposals(request, runId) + "/" + Uri.EscapeDataString(proposalId);

    public static string SpecificAims(HttpRequest request, string runId, string proposalId) => Proposal(request, runId, proposalId) + "/aims";

    public static string Overview(HttpRequest request, string runId) => Run(request, runId) + "/overview";

    private static string Base(HttpRequest request) => request.PathBase.Value + ApiRoutes.Prefix;
}
