using System.Net;
using CoScientist.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoScientist.Api.Hosting;

/// <summary>
/// What <c>cosci serve</c> checks before the API key, against browsers used as a relay. A web page
/// the scientist visits can make their browser send requests to this server: a cross-site form post
/// (no key header possible, so only a key-less server is exposed) or a DNS-rebound name that points
/// at 127.0.0.1. So a server without a key answers only requests from this machine that name it by
/// a loopback host; and no server accepts a state-changing request that a browser says comes from
/// another site.
/// </summary>
public sealed class LocalRequestCheck(ApiKeyCheck keys, ILogger<LocalRequestCheck> logger)
{
    /// <summary>A 403 problem when the request must be refused; null when it may proceed.</summary>
    public IResult? Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        string? refusal = null;
        if (!keys.Required)
        {
            if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                refusal = "This server has no API key, so it answers only this machine; set Api__ApiKey to serve others.";
            }
            else if (!request.Host.HasValue || !ApiServer.IsLoopback(request.Host.Host))
            {
                // DNS rebinding: an attacker's name that resolves to 127.0.0.1 arrives with that name as Host.
                refusal = $"This server has no API key, so it answers only requests addressed to localhost or a loopback address, not '{Shorten(request.Host.Value)}'.";
            }
        }

        if (refusal is null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method))
        {
            refusal = CrossSite(request);
        }

        if (refusal is null)
        {
            return null;
        }

        ApiLog.RequestRefused(logger, request.Method, request.Path.Value ?? "", refusal);
        return ApiProblems.Problem(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "The request is refused.", refusal);
    }

    /// <summary>Why a state-changing request comes from another site by what the browser says, or null.</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (origin.Count > 0)
        {
            var value = origin.ToString();
            var own = $"{request.Scheme}://{request.Host.Value}";
            if (!string.Equals(value, own, StringComparison.OrdinalIgnoreCase))
            {
                return $"A browser sent this {request.Method} from another site (Origin '{Shorten(value)}'); it changes state, so only this server's own pages or non-browser clients may send it.";
            }

            return null;
        }

        // Browsers without Origin on a form post still say where it came from here.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase)
            ? $"A browser sent this {request.Method} from another site (Sec-Fetch-Site '{Shorten(site)}'); it changes state, so it is refused."
            : null;
    }

    private static string Shorten(string? text)
    {
        // Echoed in the answer: printable ASCII only, short.
        var safe = new string([.. (text ?? "").Take(100).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return safe;
    }
}
