using CoScientist.Core.Literature;

namespace CoScientist.Literature;

/// <summary>
/// A literature API refused a request or answered with something that is not a usable result:
/// an error body (NCBI <c>&lt;ERROR&gt;</c>, an arXiv error feed, a JSON error object, an HTML or
/// plain-text error page), a timeout, an unreachable host, or a body that does not parse. The
/// message is one line: source, the API's own words and the HTTP status, never a secret.
/// </summary>
public sealed class LiteratureSourceException : Exception
{
    public LiteratureSourceException(string sourceName, string apiMessage, int? statusCode = null, Exception? innerException = null)
        : base(Format(sourceName, apiMessage, statusCode), innerException)
    {
        SourceName = sourceName;
        ApiMessage = apiMessage;
        StatusCode = statusCode;
    }

    public LiteratureSourceException()
        : this("literature", "the source failed.")
    {
    }

    public LiteratureSourceException(string message)
        : this("literature", message)
    {
    }

    public LiteratureSourceException(string message, Exception innerException)
        : this("literature", message, null, innerException)
    {
    }

    /// <summary>One of <see cref="SourceNames"/>, or <c>literature</c> for the combined search.</summary>
    public string SourceName { get; }

    /// <summary>What the API said (or what was wrong with its answer), without the source prefix.</summary>
    public string ApiMessage { get; }

    /// <summary>HTTP status of the last answer; null when none came (timeout, unreachable host).</summary>
    public int? StatusCode { get; }

    /// <summary>Throttling, timeouts, server errors and unreachable hosts: trying later may work.</summary>
    public bool IsTransient => StatusCode is null or 408 or 429 or >= 500;

    private static string Format(string sourceName, string apiMessage, int? statusCode)
    {
        var message = apiMessage.ReplaceLineEndings(" ").Trim();
        return statusCode is { } status ? $"{sourceName}: {message} (HTTP {status})" : $"{sourceName}: {message}";
    }
}
