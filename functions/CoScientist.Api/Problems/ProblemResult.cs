using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CoScientist.Api.Problems;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> with the API's own JSON options, whatever
/// the host configured (ASP.NET Core's ProblemHttpResult would use the host's).
/// </summary>
public sealed class ProblemResult(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public const string MediaType = "application/problem+json";

    public ProblemDetails Value => problem;

    object? IValueHttpResult.Value => problem;

    public int? StatusCode => problem.Status;

    public string ContentType => MediaType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        problem.Instance ??= httpContext.Request.PathBase + httpContext.Request.Path;
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        httpContext.Response.ContentType = MediaType;
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, problem, problem.GetType(), ApiJson.Response, httpContext.RequestAborted);
    }
}
