using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CoScientist.Api.Hosting;

/// <summary>
/// For Azure Functions HTTP triggers (ASP.NET Core integration), which return <see cref="IActionResult"/>
/// rather than <see cref="IResult"/>: wraps a handler's answer so that it is written exactly as
/// <c>cosci serve</c> writes it.
/// </summary>
public static class FunctionsResults
{
    public static IActionResult ToActionResult(this IResult result) => new ResultAction(result);

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
