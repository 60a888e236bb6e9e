using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CoScientist.Api.Problems;

/// <summary>The API's RFC 7807 answers, one factory per problem, each naming the specific reason.</summary>
public static class ApiProblems
{
    private static readonly string[] UnknownFieldMessage = ["is not a field of this request."];

    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors)
    {
        var detail = string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        return new ProblemResult(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
        {
            Type = ProblemTypes.Validation,
            Title = "The request is invalid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail,
        });
    }

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static IResult MalformedJson(string detail, long? line, long? position) =>
        Problem(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The request body is not valid JSON.", detail, new()
        {
            ["line"] = line,
            ["position"] = position,
        });

    public static IResult UnknownFields(IReadOnlyList<string> fields, IEnumerable<string> known)
    {
        var errors = fields.ToDictionary(f => f, _ => UnknownFieldMessage, StringComparer.Ordinal);
        return new ProblemResult(new HttpValidationProblemDetails(errors)
        {
            Type = ProblemTypes.UnknownFields,
            Title = "The request has unknown fields.",
            Status = StatusCodes.Status400BadRequest,
            Detail = $"Unknown field(s): {string.Join(", ", fields)}. Known fields (case-sensitive): {string.Join(", ", known)}.",
        });
    }

    public static IResult UnsupportedMediaType(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The request body must be JSON.",
            contentType is null
                ? "The request has no Content-Type header; send the body as application/json."
                : $"Content-Type '{contentType}' is not supported; send the body as application/json (UTF-8).");

    public static IResult PayloadTooLarge(long limit, long? length) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large.",
            length is { } n
                ? $"The request body is {n} bytes; the limit is {limit} bytes."
                : $"The request body is longer than the limit of {limit} bytes.",
            new() { ["limitBytes"] = limit });

    public static IResult NotAcceptable(string accept, IEnumerable<string> offered) =>
        Problem(StatusCodes.Status406NotAcceptable, ProblemTypes.NotAcceptable, "None of the accepted media types can be produced.",
            $"Accept '{accept}' matches nothing this resource offers ({string.Join(", ", offered)}).");

    public static IResult Unauthorized(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "An API key is required.", detail);

    public static IResult RunNotFound(string runId) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.RunNotFound, "The run does not exist.", $"No run with id '{runId}'.", new() { ["runId"] = runId });

    public static IResult ProposalNotFound(string runId, string proposalId) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.ProposalNotFound, "The proposal does not exist.",
            $"Run '{runId}' has no proposal with id '{proposalId}'.", new() { ["runId"] = runId, ["proposalId"] = proposalId });

    public static IResult RouteNotFound(string path) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.RouteNotFound, "No such resource.", $"Nothing is served at '{path}'; see /api/openapi.json.");

    public static IResult MethodNotAllowed(string method, string path) =>
        Problem(StatusCodes.Status405MethodNotAllowed, ProblemTypes.MethodNotAllowed, "The method is not allowed here.", $"{method} is not supported on '{path}'; see /api/openapi.json.");

    /// <summary>The run is in a state that does not allow the request (ended, finalizing, or a transition it cannot make).</summary>
    public static IResult Conflict(string type, string title, string detail, string runId, string? status = null) =>
        Problem(StatusCodes.Status409Conflict, type, title, detail, new() { ["runId"] = runId, ["runStatus"] = status });

    public static IResult ModelFailed(string detail) =>
        Problem(StatusCodes.Status502BadGateway, ProblemTypes.ModelFailed, "The model could not do the work.", detail);

    /// <summary>Too many writers changed the run at once and this one did not get its turn: nothing was changed; try again.</summary>
    public static IResult Busy(int retryAfterSeconds) =>
        new RetryAfterResult(
            Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Busy, "The run is busy.",
                $"Too many changes to the run arrived at once; this one was not made. Send it again after {retryAfterSeconds} s.",
                new() { ["retryAfterSeconds"] = retryAfterSeconds }),
            retryAfterSeconds);

    public static IResult Internal(string? traceId) =>
        Problem(StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "The server failed.",
            "An unexpected error occurred; the server log has the details (look for the trace id).",
            new() { ["traceId"] = traceId ?? Activity.Current?.Id });

    public static IResult Problem(int status, string type, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail };
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        return new ProblemResult(problem);
    }

    /// <summary>A problem with a <c>Retry-After</c> header.</summary>
    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
