using CoScientist.Core.Literature;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Configuration;

/// <summary>Checks <see cref="LiteratureOptions"/> and names the exact configuration key of each problem, never a key's secret value.</summary>
public sealed class LiteratureOptionsValidator : IValidateOptions<LiteratureOptions>
{
    public const int MaxRetriesLimit = 10;
    public const int MaxConcurrencyLimit = 16;
    public const double MaxRequestsPerSecond = 50;

    /// <summary>NCBI's limit without an API key.</summary>
    public const double NcbiRequestsPerSecondWithoutKey = 3;

    public ValidateOptionsResult Validate(string? name, LiteratureOptions options)
    {
        var problems = Validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>One line per problem; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Validate(LiteratureOptions options)
    {
        var problems = new List<string>();
        const string Section = LiteratureOptions.SectionName;

        using var probe = new HttpRequestMessage();
        if (string.IsNullOrWhiteSpace(options.UserAgent) || !probe.Headers.UserAgent.TryParseAdd(options.UserAgent))
        {
            problems.Add($"{Section}:UserAgent must be a valid User-Agent header value such as 'CoScientist/1.0 (contact)'.");
        }

        CheckEmail(problems, $"{Section}:Email", options.Email);
        if (options.MaxRetries is < 0 or > MaxRetriesLimit)
        {
            problems.Add($"{Section}:MaxRetries must be between 0 and {MaxRetriesLimit} (got {options.MaxRetries}).");
        }

        CheckRange(problems, $"{Section}:RetryBaseDelaySeconds", options.RetryBaseDelaySeconds, 0.001, 60);
        CheckRange(problems, $"{Section}:MaxRetryAfterSeconds", options.MaxRetryAfterSeconds, 0, 3600);
        CheckRange(problems, $"{Section}:TimeoutSeconds", options.TimeoutSeconds, 0.001, 600);
        if (options.MaxResultsPerSource is < 1 or > 1000)
        {
            problems.Add($"{Section}:MaxResultsPerSource must be between 1 and 1000 (got {options.MaxResultsPerSource}).");
        }

        foreach (var source in SourceNames.All)
        {
            CheckSource(problems, $"{Section}:{source}", options.For(source));
        }

        if (options.PubMed.Tool is not { Length: > 0 } tool || tool.Any(char.IsWhiteSpace))
        {
            problems.Add($"{Section}:pubmed:Tool must be a non-empty name without spaces, as NCBI asks (got '{options.PubMed.Tool}').");
        }

        if (options.PubMed.ApiKey is null or "" && options.PubMed.RequestsPerSecond > NcbiRequestsPerSecondWithoutKey)
        {
            problems.Add($"{Section}:pubmed:RequestsPerSecond may not exceed {NcbiRequestsPerSecondWithoutKey} without {Section}:pubmed:ApiKey (NCBI's limit).");
        }

        if (options.Arxiv.MaxConcurrency is > 1)
        {
            problems.Add($"{Section}:arxiv:MaxConcurrency must be 1: arXiv asks for a single connection.");
        }

        CheckEmail(problems, $"{Section}:openalex:Mailto", options.OpenAlex.Mailto);
        CheckEmail(problems, $"{Section}:crossref:Mailto", options.Crossref.Mailto);
        if (options.EuropePmc.FullTextMaxCharacters is < 500 or > 1_000_000)
        {
            problems.Add($"{Section}:europepmc:FullTextMaxCharacters must be between 500 and 1000000 (got {options.EuropePmc.FullTextMaxCharacters}).");
        }

        return problems;
    }

    private static void CheckSource(List<string> problems, string key, SourceOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add($"{key}:BaseUrl must be an absolute http or https URL (got '{Http.UrlText.WithoutSecrets(options.BaseUrl)}').");
        }

        CheckEmail(problems, $"{key}:Email", options.Email);
        if (options.RequestsPerSecond is { } perSecond && (double.IsNaN(perSecond) || perSecond <= 0 || perSecond > MaxRequestsPerSecond))
        {
            problems.Add($"{key}:RequestsPerSecond must be above 0 and at most {MaxRequestsPerSecond} (got {perSecond}).");
        }

        if (options.MaxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            problems.Add($"{key}:MaxConcurrency must be between 1 and {MaxConcurrencyLimit} (got {options.MaxConcurrency}).");
        }

        if (options.TimeoutSeconds is { } timeout)
        {
            CheckRange(problems, $"{key}:TimeoutSeconds", timeout, 0.001, 600);
        }
    }

    private static void CheckRange(List<string> problems, string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            problems.Add($"{key} must be between {min} and {max} (got {value}).");
        }
    }

    private static void CheckEmail(List<string> problems, string key, string? email)
    {
        if (!string.IsNullOrWhiteSpace(email) && (email.Trim().Any(char.IsWhiteSpace) || email.Trim() is not [_, .., _] || !email.Contains('@', StringComparison.Ordinal)))
        {
            problems.Add($"{key} must be an email address (got '{email}').");
        }
    }
}
