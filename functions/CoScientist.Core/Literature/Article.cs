namespace CoScientist.Core.Literature;

/// <summary>An article found by a literature source, as the agents read it.</summary>
/// <param name="Published">The publication date when the source gives one; literature scans then
/// judge "newer than the last scan" by the day rather than by <paramref name="Year"/>.</param>
public sealed record Article(
    string Id,
    string Title,
    string Abstract,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Url,
    string Source,
    string? Doi = null,
    DateOnly? Published = null);
