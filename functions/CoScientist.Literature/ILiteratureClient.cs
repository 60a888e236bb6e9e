using CoScientist.Core.Literature;

namespace CoScientist.Literature;

/// <summary>One scholarly API: search by text, or fetch one article by the source's own id, PMID, arXiv id or DOI.</summary>
public interface ILiteratureClient : ILiteratureSource
{
    /// <summary>One of <see cref="SourceNames"/>.</summary>
    string Name { get; }

    /// <summary>
    /// The article with this id, or null when the source has no such record. Ids may carry the
    /// prefixes the clients hand out (<c>pmid:</c>, <c>arxiv:</c>, <c>doi:</c>, <c>openalex:</c>,
    /// <c>pmcid:</c>) or be bare.
    /// </summary>
    /// <exception cref="ArgumentException">The id is not one this source can look up.</exception>
    /// <exception cref="LiteratureSourceException">The source answered with an error or an unusable body.</exception>
    Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default);
}
