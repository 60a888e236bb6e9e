namespace CoScientist.Core.Literature;

/// <summary>
/// An article retrieved for a run, stored in the <c>literature</c> table (partition: the run, row:
/// <see cref="ArticleKeys.RowKey"/> of the article's id). The first retrieval is kept, so the row
/// is the same however many steps, retries or scans find the article again. The citation check
/// and the exports read these rows: they are exactly what the run's agents were given.
/// </summary>
public sealed record RetrievedArticle
{
    public required string RunId { get; init; }

    public required Article Article { get; init; }

    /// <summary>The task that first retrieved it, or the literature scan that found it.</summary>
    public required string FoundBy { get; init; }

    /// <summary>
    /// The round it belongs to: agents of later rounds may cite it even if their own search did not
    /// return it (an evolved proposal keeps its parent's references). Scans record the run's last
    /// round, so the scan round that follows sees what they found.
    /// </summary>
    public int Round { get; init; }

    public DateTimeOffset RetrievedAt { get; init; }

    /// <summary>The query that found it, when one did.</summary>
    public string? Query { get; init; }

    /// <summary>Set when a literature scan found it after the run: the scan's id.</summary>
    public string? ScanId { get; init; }

    /// <summary>For scan finds: the leading proposals it bears on (shared key terms).</summary>
    public IReadOnlyList<string> BearsOn { get; init; } = [];
}
