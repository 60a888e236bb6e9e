using CoScientist.Api.Problems;
using CoScientist.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoScientist.Api.Hosting;

/// <summary>
/// The answers both hosts give to a failure that a handler lets through and that has a defined answer, so
/// <c>cosci serve</c> (<see cref="ApiMiddleware"/>) and the Functions app (its worker middleware) answer alike.
/// </summary>
public static class ApiFailureAnswers
{
    /// <summary>What a client is told to wait before sending a refused change again.</summary>
    public const int BusyRetryAfterSeconds = 1;

    /// <summary>
    /// The answer to <paramref name="exception"/>, logged, when it has one: the run's ETag retries ran out under
    /// a burst of writers (nothing was written, so a retry is safe) is a 503 with <c>Retry-After</c>. Null for
    /// any other failure, which each host reports as its own unexpected failure.
    /// </summary>
    public static IResult? For(Exception exception, HttpRequest request, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        if (exception is not ConcurrencyConflictException)
        {
            return null;
        }

        ApiLog.RunBusy(logger, request.Method, request.Path.Value ?? "");
        return ApiProblems.Busy(BusyRetryAfterSeconds);
    }
}
