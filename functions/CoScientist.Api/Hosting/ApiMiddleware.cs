using CoScientist.Api.Endpoints;
using CoScientist.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoScientist.Api.Hosting;

/// <summary>
/// What <c>cosci serve</c> puts in front of the endpoints: for every path, the checks against browsers
/// used as a relay (<see cref="LocalRequestCheck"/>); for paths under <c>/api</c>, the API key,
/// problem details for routes that do not exist or methods they do not take, and a 500 problem
/// (details in the log only) for an unexpected failure. The Functions app has its own host for these.
/// </summary>
internal sealed class ApiMiddleware(RequestDelegate next, ApiKeyCheck keys, LocalRequestCheck local, ILogger<ApiMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (local.Check(context) is { } forbidden)
        {
            await forbidden.ExecuteAsync(context);
            return;
        }

        if (!context.Request.Path.StartsWithSegments(ApiRoutes.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (keys.Check(context.Request) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
            && ApiFailureAnswers.For(ex, context.Request, logger) is { } answer)
        {
            // The same answer the Functions app gives (ApiFailureAnswers).
            context.Response.Clear();
            await answer.ExecuteAsync(context);
            return;
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            ApiLog.Unhandled(logger, ex, context.Request.Method, context.Request.Path.Value ?? "", context.TraceIdentifier);
            if (context.Response.HasStarted)
            {
                throw;
            }

            context.Response.Clear();
            await ApiProblems.Internal(context.TraceIdentifier).ExecuteAsync(context);
            return;
        }

        // Routing answers an unknown path or method, or a body type an endpoint does not accept, with an
        // empty 404, 405 or 415: give it a body that says so.
        if (!context.Response.HasStarted && string.IsNullOrEmpty(context.Response.ContentType))
        {
            var path = context.Request.Path.Value ?? "";
            var problem = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ApiProblems.RouteNotFound(path),
                StatusCodes.Status405MethodNotAllowed => ApiProblems.MethodNotAllowed(context.Request.Method, path),
                StatusCodes.Status415UnsupportedMediaType => ApiProblems.UnsupportedMediaType(context.Request.ContentType),
                _ => null,
            };
            if (problem is not null)
            {
                await problem.ExecuteAsync(context);
            }
        }
    }
}

/// <summary>Puts <see cref="ApiMiddleware"/> first in the pipeline of a host that registered the API.</summary>
internal sealed class ApiStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ApiMiddleware>();
        next(app);
    };
}
