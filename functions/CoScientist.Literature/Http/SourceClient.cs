using CoScientist.Core.Literature;
using System.Net;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Http;

/// <summary>An API's answer, read in full.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="MediaType">Content type without parameters, if the answer named one.</param>
/// <param name="Body">The body as text.</param>
/// <param name="Attempts">How many attempts the answer took (retries included).</param>
/// <param name="RetryAfter">The wait the answer asked for, if any.</param>
public sealed record SourceResponse(int Status, string? MediaType, string Body, int Attempts, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Status is >= 200 and <= 299;
}

/// <summary>
/// What the five API clients share: the request path (gate, retries, timeout in the handler),
/// turning transport failures and error answers into <see cref="LiteratureSourceException"/>,
/// and the result limit.
/// </summary>
public abstract class SourceClient : ILiteratureClient
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    protected SourceClient(HttpClient http, IOptions<LiteratureOptions> options, TimeProvider time, string name)
    {
        _http = http;
        _time = time;
        Name = name;
        Options = options.Value;
        Settings = Options.Resolve(name);
    }

    public string Name { get; }

    protected LiteratureOptions Options { get; }

    protected SourceSettings Settings { get; }

    public abstract Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default);

    public abstract Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>How many results to ask for: what the caller wants, within <see cref="LiteratureOptions.MaxResultsPerSource"/>.</summary>
    protected int Limit(int maxResults) => Math.Min(maxResults, Options.MaxResultsPerSource);

    /// <summary>GETs <paramref name="relativeUri"/> under the source's base URL and reads the whole answer.</summary>
    /// <exception cref="LiteratureSourceException">No answer: timeout after the retries, or the host could not be reached.</exception>
    protected async Task<SourceResponse> SendAsync(string relativeUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Settings.BaseUri, relativeUri));
        var attempts = new AttemptCounter();
        request.Options.Set(AttemptCounter.Key, attempts);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if ((int)response.StatusCode is >= 300 and <= 399)
            {
                // Not followed (the handler does not), and its page is not echoed: it may come from anywhere.
                var to = response.Headers.Location is { } location
                    ? UrlText.WithoutSecrets(location.IsAbsoluteUri ? location.ToString() : new Uri(request.RequestUri!, location).ToString())
                    : "an address it did not give";
                throw new LiteratureSourceException(Name, $"redirected to {to}; redirects are not followed (set {LiteratureOptions.SectionName}:{Name}:BaseUrl to the address that answers)", (int)response.StatusCode);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new SourceResponse(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                body,
                Math.Max(1, attempts.Count),
                PoliteHttpHandler.RetryAfterOf(response, _time));
        }
        catch (AnswerTooLargeException ex)
        {
            throw new LiteratureSourceException(Name, ex.Message, ex.Status, ex);
        }
        catch (TimeoutException ex)
        {
            throw new LiteratureSourceException(Name, $"{ex.Message} ({Tries(attempts.Count)})", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new LiteratureSourceException(Name, $"could not reach {Settings.BaseUri.Authority}: {ex.Message} ({Tries(attempts.Count)})", (int?)ex.StatusCode, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout (when a host sets one shorter than ours).
            throw new LiteratureSourceException(Name, $"no answer from {Settings.BaseUri.Authority} in time", null, ex);
        }
    }

    /// <summary>The exception for an answer that is not a success: the API's own message, status and attempts.</summary>
    protected LiteratureSourceException Failure(SourceResponse response)
    {
        var message = ErrorBodies.Describe(response.Body, response.MediaType);
        if (response.RetryAfter is { } wait && wait > Options.MaxRetryAfterSeconds * TimeSpan.FromSeconds(1)
            && PoliteHttpHandler.IsTransient((HttpStatusCode)response.Status))
        {
            message += $"; asked to retry after {wait.TotalSeconds:0} s, longer than {LiteratureOptions.SectionName}:MaxRetryAfterSeconds ({Options.MaxRetryAfterSeconds:0.###} s)";
        }
        else if (response.Attempts > 1)
        {
            message += $" ({Tries(response.Attempts)})";
        }

        return new LiteratureSourceException(Name, message, response.Status);
    }

    /// <summary>The exception for a success answer whose body is not what the API sends (an HTML page, another format).</summary>
    protected LiteratureSourceException Unusable(string what) => new(Name, $"unusable answer: {what}");

    private static string Tries(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";
}
