namespace CoScientist.Literature;

/// <summary>An article found by a literature source, as the agents read it.</summary>
public sealed record Article(
    string Id,
    string Title,
    string Abstract,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Url,
    string Source,
    string? Doi = null);
