using CoScientist.Core.Literature;

namespace CoScientist.Literature.Configuration;

/// <summary>
/// Settings of the literature sources, section <c>Literature</c>: shared retry and timeout
/// settings, then one subsection per source named <c>pubmed</c>, <c>arxiv</c>, <c>europepmc</c>,
/// <c>openalex</c> or <c>crossref</c> (keys are case-insensitive, so <c>Literature__PubMed__BaseUrl</c>
/// works as an environment variable).
/// </summary>
public sealed class LiteratureOptions
{
    public const string SectionName = "Literature";

    /// <summary>Names the product to the APIs, as their etiquette asks; the contact address is appended when one is set.</summary>
    public const string DefaultUserAgent = "CoScientist/1.0 (cosci; AI co-scientist literature search)";

    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Contact address for every source that asks for one (NCBI <c>email</c>, Crossref and OpenAlex <c>mailto</c>), unless the source sets its own.</summary>
    public string? Email { get; set; }

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and network errors.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; it doubles with each retry unless the answer says Retry-After.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>The longest Retry-After honoured; an answer asking for longer fails at once instead of stalling a run.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Time one attempt may take, from sending to the last byte (the gate's wait is not counted).</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Largest result count asked of one source for one query, whatever a caller wants.</summary>
    public int MaxResultsPerSource { get; set; } = 100;

    public PubMedOptions PubMed { get; set; } = new();

    public ArxivOptions Arxiv { get; set; } = new();

    public EuropePmcOptions EuropePmc { get; set; } = new();

    public OpenAlexOptions OpenAlex { get; set; } = new();

    public CrossrefOptions Crossref { get; set; } = new();

    /// <summary>The subsection of <paramref name="source"/> (one of <see cref="SourceNames"/>).</summary>
    public SourceOptions For(string source) => SourceNames.Normalize(source) switch
    {
        SourceNames.PubMed => PubMed,
        SourceNames.Arxiv => Arxiv,
        SourceNames.EuropePmc => EuropePmc,
        SourceNames.OpenAlex => OpenAlex,
        SourceNames.Crossref => Crossref,
        _ => throw new ArgumentException($"'{source}' is not a literature source: use {string.Join(", ", SourceNames.All)}.", nameof(source)),
    };

    /// <summary>The effective settings of <paramref name="source"/>: defaults filled in, the etiquette of its API applied.</summary>
    public SourceSettings Resolve(string source)
    {
        var name = SourceNames.Normalize(source) ?? throw new ArgumentException($"'{source}' is not a literature source.", nameof(source));
        var options = For(name);
        var contact = options.ContactOverride ?? Blank(options.Email) ?? Blank(Email);
        var (defaultInterval, defaultConcurrency) = options.DefaultEtiquette(contact);
        var interval = options.RequestsPerSecond is { } perSecond && perSecond > 0 ? TimeSpan.FromSeconds(1 / perSecond) : defaultInterval;
        return new SourceSettings(
            name,
            BaseUri(options),
            interval,
            options.MaxConcurrency ?? defaultConcurrency,
            TimeSpan.FromSeconds(options.TimeoutSeconds ?? TimeoutSeconds),
            contact,
            options.ApiKeyValue);
    }

    internal static Uri BaseUri(SourceOptions options)
    {
        var text = Blank(options.BaseUrl) ?? options.DefaultBaseUrl;
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>What every source has: whether it is used, where it is, how fast it may be asked.</summary>
public abstract class SourceOptions
{
    /// <summary>Whether the combined search asks this source (the CLI can still name it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The API's base URL; the public endpoint when unset.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Contact address sent to the source, overriding <see cref="LiteratureOptions.Email"/>.</summary>
    public string? Email { get; set; }

    /// <summary>Overrides the source's default rate (NCBI 3/s or 10/s with a key, arXiv 1 per 3 s, ...).</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>Overrides how many requests to the source may be in flight at once.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Overrides <see cref="LiteratureOptions.TimeoutSeconds"/> for this source.</summary>
    public double? TimeoutSeconds { get; set; }

    internal abstract string DefaultBaseUrl { get; }

    internal virtual string? ContactOverride => null;

    internal virtual string? ApiKeyValue => null;

    /// <summary>Least time between request starts and most requests in flight, as the API's usage policy asks.</summary>
    internal abstract (TimeSpan Interval, int MaxConcurrency) DefaultEtiquette(string? contact);
}

/// <summary>NCBI E-utilities (esearch + efetch).</summary>
public sealed class PubMedOptions : SourceOptions
{
    public const string PublicBaseUrl = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/";

    /// <summary>NCBI API key: raises the allowed rate from 3 to 10 requests per second.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The <c>tool</c> parameter NCBI asks every caller to send (no spaces).</summary>
    public string Tool { get; set; } = "cosci";

    internal override string DefaultBaseUrl => PublicBaseUrl;

    internal override string? ApiKeyValue => LiteratureOptions.Blank(ApiKey);

    internal override (TimeSpan Interval, int MaxConcurrency) DefaultEtiquette(string? contact) =>
        (TimeSpan.FromSeconds(1.0 / (ApiKeyValue is null ? 3 : 10)), 3);
}

/// <summary>The arXiv Atom API.</summary>
public sealed class ArxivOptions : SourceOptions
{
    public const string PublicBaseUrl = "https://export.arxiv.org/api/";

    internal override string DefaultBaseUrl => PublicBaseUrl;

    // arXiv's terms: no more than one request every three seconds, on a single connection.
    internal override (TimeSpan Interval, int MaxConcurrency) DefaultEtiquette(string? contact) => (TimeSpan.FromSeconds(3), 1);
}

/// <summary>The Europe PMC REST API.</summary>
public sealed class EuropePmcOptions : SourceOptions
{
    public const string PublicBaseUrl = "https://www.ebi.ac.uk/europepmc/webservices/rest/";

    /// <summary>Fetch the full text (fullTextXML) of results Europe PMC marks open access.</summary>
    public bool FullText { get; set; } = true;

    /// <summary>Most characters of full text kept per article (abstract first, then the body).</summary>
    public int FullTextMaxCharacters { get; set; } = 8000;

    internal override string DefaultBaseUrl => PublicBaseUrl;

    internal override (TimeSpan Interval, int MaxConcurrency) DefaultEtiquette(string? contact) => (TimeSpan.FromSeconds(1.0 / 5), 3);
}

/// <summary>The OpenAlex works API.</summary>
public sealed class OpenAlexOptions : SourceOptions
{
    public const string PublicBaseUrl = "https://api.openalex.org/";

    /// <summary>OpenAlex API key (the <c>api_key</c> parameter).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Contact address for the <c>mailto</c> parameter; same as <see cref="SourceOptions.Email"/>.</summary>
    public string? Mailto { get; set; }

    internal override string DefaultBaseUrl => PublicBaseUrl;

    internal override string? ContactOverride => LiteratureOptions.Blank(Mailto);

    internal override string? ApiKeyValue => LiteratureOptions.Blank(ApiKey);

    // OpenAlex allows 10 requests per second.
    internal override (TimeSpan Interval, int MaxConcurrency) DefaultEtiquette(string? contact) => (TimeSpan.FromSeconds(1.0 / 10), 5);
}

/// <summary>The Crossref REST API.</summary>
public sealed class CrossrefOptions : SourceOptions
{
    public const string PublicBaseUrl = "https://api.crossref.org/";

    /// <summary>Contact address for the <c>mailto</c> parameter (the "polite pool"); same as <see cref="SourceOptions.Email"/>.</summary>
    public string? Mailto { get; set; }

    internal override string DefaultBaseUrl => PublicBaseUrl;

    internal override string? ContactOverride => LiteratureOptions.Blank(Mailto);

    // Crossref's public pool allows 5 requests/s with 1 in flight; the polite pool (mailto) 10/s with 3.
    internal override (TimeSpan Interval, int MaxConcurrency) DefaultEtiquette(string? contact) =>
        contact is null ? (TimeSpan.FromSeconds(1.0 / 5), 1) : (TimeSpan.FromSeconds(1.0 / 10), 3);
}

/// <summary>The effective settings of one source.</summary>
/// <param name="Name">One of <see cref="SourceNames"/>.</param>
/// <param name="BaseUri">Base URL, ending in a slash.</param>
/// <param name="Interval">Least time between request starts.</param>
/// <param name="MaxConcurrency">Most requests in flight.</param>
/// <param name="Timeout">Time one attempt may take.</param>
/// <param name="Contact">Contact address sent as <c>email</c> or <c>mailto</c>, if any.</param>
/// <param name="ApiKey">API key, if any.</param>
public sealed record SourceSettings(string Name, Uri BaseUri, TimeSpan Interval, int MaxConcurrency, TimeSpan Timeout, string? Contact, string? ApiKey);
