using CoScientist.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CoScientist.Functions.Hosting;

/// <summary>
/// Wraps every function invocation: when an HTTP function fails with a failure that has a defined answer
/// (<see cref="ApiFailureAnswers"/>, e.g. the run's ETag retries ran out), writes that answer instead of letting
/// the Functions host turn it into an empty 500, so the app answers as <c>cosci serve</c> does. Any other
/// failure, and every queue or timer function, passes through untouched: the host retries and poisons those.
/// </summary>
public sealed class ApiFailureMiddleware(ILogger<ApiFailureMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return InvokeAsync(context.GetHttpContext(), () => next(context));
    }

    /// <summary>Runs <paramref name="invocation"/>, answering a mapped failure of an HTTP invocation (<paramref name="http"/> not null).</summary>
    public async Task InvokeAsync(HttpContext? http, Func<Task> invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        try
        {
            await invocation();
        }
        catch (Exception ex) when (http is not null
            && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested
            && ApiFailureAnswers.For(ex, http.Request, logger) is { } answer)
        {
            // ASP.NET Core integration: the worker proxies this HttpContext's response to the caller.
            http.Response.Clear();
            await answer.ExecuteAsync(http);
        }
    }
}
