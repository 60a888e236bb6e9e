namespace CoScientist.Core.Literature;

/// <summary>
/// The literature port the Generation and Reflection agents search. Real scholarly APIs plug in
/// here; offline, the run's attached context is the only source.
/// </summary>
public interface ILiteratureSource
{
    Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default);
}

/// <summary>A source with nothing in it: runs without literature access still work, ungrounded.</summary>
public sealed class NoLiterature : ILiteratureSource
{
    public static readonly NoLiterature Instance = new();

    public Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Article>>([]);
}
