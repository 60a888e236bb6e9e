using CoScientist.Core.Literature;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CoScientist.Literature.Http;

/// <summary>Retry settings shared by all sources.</summary>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="BaseDelay">First backoff; doubles per retry.</param>
/// <param name="MaxRetryAfter">Longest Retry-After honoured; a longer one ends the retries at once.</param>
public sealed record RetrySettings(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxRetryAfter);

/// <summary>
/// Every request to one source goes through here: retries with exponential backoff on 429, 5xx,
/// timeouts and network errors (Retry-After honoured), and, for each attempt, the source's
/// <see cref="RateGate"/> and a per-attempt timeout. All waiting is on <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class PoliteHttpHandler : DelegatingHandler
{
    private readonly string _source;
    private readonly RateGate _gate;
    private readonly TimeSpan _timeout;
    private readonly RetrySettings _retry;
    private readonly long _maxAnswerBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public PoliteHttpHandler(string source, RateGate gate, TimeSpan timeout, RetrySettings retry, long maxAnswerBytes, TimeProvider time, ILogger logger)
    {
        _source = source;
        _gate = gate;
        _timeout = timeout;
        _retry = retry;
        _maxAnswerBytes = maxAnswerBytes;
        _time = time;
        _logger = logger;
        _pipeline = BuildPipeline();
    }

    /// <summary>The wait an answer asks for (Retry-After as seconds or as a date), or null.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    /// <summary>Statuses worth another try: throttling, timeouts and the server's transient failures.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(token => SendOnceAsync(request, token), cancellationToken);

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        if (_retry.MaxRetries == 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,

                // Deterministic backoff: the gate already spreads callers of a source apart.
                UseJitter = false,
                Delay = _retry.BaseDelay,
                MaxDelay = _retry.MaxRetryAfter > TimeSpan.FromMinutes(1) ? _retry.MaxRetryAfter : TimeSpan.FromMinutes(1),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Result, _time)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } result ? $"HTTP {(int)result.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "failure";
                    LogRetry(_logger, _source, reason, args.RetryDelay.TotalSeconds, args.AttemptNumber + 1, _retry.MaxRetries);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException;
        }

        var response = outcome.Result!;
        if (!IsTransient(response.StatusCode))
        {
            return false;
        }

        // A wait longer than allowed is not waited out: the caller gets the answer and its Retry-After.
        return RetryAfterOf(response, _time) is not { } wait || wait <= _retry.MaxRetryAfter;
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(AttemptCounter.Key, out var attempts);
        using var lease = await _gate.AcquireAsync(cancellationToken);
        attempts?.Increment();
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token);

            // Read the body inside the gate and the timeout: the slot is held until the answer is in.
            response.Content = await BufferAsync(response.Content, _maxAnswerBytes, (int)response.StatusCode, linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutException($"no answer within {_timeout.TotalSeconds:0.###} s", ex);
        }
        catch
        {
            response?.Dispose();
            throw;
        }

        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && RetryAfterOf(response, _time) is { } wait)
        {
            // Everyone asking this source waits, not just this caller; never longer than we would retry.
            _gate.PauseUntil(_time.GetUtcNow() + (wait < _retry.MaxRetryAfter ? wait : _retry.MaxRetryAfter));
        }

        LogAnswer(_logger, _source, request.RequestUri?.AbsolutePath ?? "", (int)response.StatusCode);
        return response;
    }

    /// <summary>
    /// The whole body, read from the decompressed stream and stopped as soon as it passes the limit;
    /// HttpClient's own buffer limit applies only once the body is in, which a gzip bomb never lets happen.
    /// </summary>
    private static async Task<HttpContent> BufferAsync(HttpContent content, long limit, int status, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new AnswerTooLargeException(limit, status);
        }

        using var buffer = new MemoryStream();
        await using (var stream = await content.ReadAsStreamAsync(cancellationToken))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new AnswerTooLargeException(limit, status);
                }

                buffer.Write(chunk, 0, read);
            }
        }

        var copy = new ByteArrayContent(buffer.ToArray());
        foreach (var header in content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        content.Dispose();
        return copy;
    }

    // The path only: query strings carry api_key and contact addresses.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source}: GET {Path} answered {Status}")]
    private static partial void LogAnswer(ILogger logger, string source, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: {Reason}; retrying in {DelaySeconds:0.###} s (retry {Retry} of {MaxRetries})")]
    private static partial void LogRetry(ILogger logger, string source, string reason, double delaySeconds, int retry, int maxRetries);
}
