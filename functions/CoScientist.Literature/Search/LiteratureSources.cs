using CoScientist.Core.Literature;
using CoScientist.Literature.Arxiv;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Crossref;
using CoScientist.Literature.EuropePmc;
using CoScientist.Literature.OpenAlex;
using CoScientist.Literature.PubMed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Search;

/// <summary>The registered sources by name, and the factory of per-run <see cref="LiteratureSearch"/> instances.</summary>
public sealed class LiteratureSources(IServiceProvider services, IOptions<LiteratureOptions> options)
{
    /// <summary>The sources the combined search asks (<c>Literature:&lt;source&gt;:Enabled</c>).</summary>
    public IReadOnlyList<string> Enabled => [.. SourceNames.All.Where(n => options.Value.For(n).Enabled)];

    /// <summary>The client of <paramref name="name"/>, enabled or not (in any letter case).</summary>
    /// <exception cref="ArgumentException">No source has that name.</exception>
    public ILiteratureClient Get(string name) => SourceNames.Normalize(name) switch
    {
        SourceNames.PubMed => services.GetRequiredService<PubMedClient>(),
        SourceNames.Arxiv => services.GetRequiredService<ArxivClient>(),
        SourceNames.EuropePmc => services.GetRequiredService<EuropePmcClient>(),
        SourceNames.OpenAlex => services.GetRequiredService<OpenAlexClient>(),
        SourceNames.Crossref => services.GetRequiredService<CrossrefClient>(),
        _ => throw new ArgumentException($"'{name}' is not a literature source: use {string.Join(", ", SourceNames.All)}.", nameof(name)),
    };

    /// <summary>A new combined search over the enabled sources, with an empty cache: one per run.</summary>
    public LiteratureSearch CreateSearch() =>
        new(Enabled.Select(Get), services.GetService<ILogger<LiteratureSearch>>());
}
