using CoScientist.Core.Literature;

namespace CoScientist.Literature.Search;

/// <summary>
/// The engine's literature port filled with the real sources: every run (and every literature
/// scan) gets a <see cref="LiteratureSearch"/> of its own, so caches are per run while the rate
/// gates underneath stay the process's.
/// </summary>
public sealed class LiteratureSearchFactory(LiteratureSources sources) : ILiteratureSourceFactory
{
    public IReadOnlyList<string> Sources => sources.Enabled;

    public ILiteratureSource Create() => sources.CreateSearch();
}
