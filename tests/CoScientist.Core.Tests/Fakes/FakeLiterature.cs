using CoScientist.Core.Literature;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>A literature source with fixed articles per query (or the same for every query), recording the queries.</summary>
public sealed class FakeLiterature : ILiteratureSource
{
    private readonly Dictionary<string, IReadOnlyList<Article>> _byQuery = new(StringComparer.Ordinal);
    private readonly List<string> _queries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<Article> ForAnyQuery { get; set; } = [];

    public IReadOnlyList<string> Queries
    {
        get
        {
            lock (_gate)
            {
                return [.. _queries];
            }
        }
    }

    public static Article Article(string id, string title = "", string abstractText = "An abstract.") =>
        new(id, title.Length == 0 ? $"Title of {id}" : title, abstractText, ["A. Author"], 2021, $"https://example.org/{id}", "fake");

    public FakeLiterature With(string query, params Article[] articles)
    {
        _byQuery[query] = articles;
        return this;
    }

    public Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _queries.Add(query);
        }

        var found = _byQuery.TryGetValue(query, out var articles) ? articles : ForAnyQuery;
        return Task.FromResult<IReadOnlyList<Article>>([.. found.Take(maxResults)]);
    }
}
