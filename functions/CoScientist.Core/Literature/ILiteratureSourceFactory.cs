namespace CoScientist.Core.Literature;

/// <summary>
/// Makes the literature source a run searches besides its attached context. The host fills this
/// port (the CLI and the Functions app with the real scholarly APIs when literature is enabled);
/// the core's default serves the registered <see cref="ILiteratureSource"/>, which is
/// <see cref="NoLiterature"/> unless the host registered another.
/// </summary>
public interface ILiteratureSourceFactory
{
    /// <summary>Names of the sources searched, for messages and reports; empty when there are none.</summary>
    IReadOnlyList<string> Sources { get; }

    /// <summary>
    /// A source with a cache of its own: one per run, or one per literature scan (shared by every
    /// run it scans). Rate limits are the sources' business and hold across all instances.
    /// </summary>
    ILiteratureSource Create();
}

/// <summary>Hands out one shared source: the default, over the registered <see cref="ILiteratureSource"/>.</summary>
public sealed class SingleLiteratureSourceFactory(ILiteratureSource source) : ILiteratureSourceFactory
{
    public IReadOnlyList<string> Sources { get; } = source is NoLiterature ? [] : [source.GetType().Name];

    public ILiteratureSource Create() => source;
}
