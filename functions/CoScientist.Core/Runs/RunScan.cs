namespace CoScientist.Core.Runs;

/// <summary>A leading proposal a literature scan has re-reviewed, with the new articles that bear on it.</summary>
public sealed record ScanReview(string ProposalId, IReadOnlyList<string> ArticleIds);

/// <summary>
/// One literature scan that found new papers for a run and re-opened it for a scan round. The
/// supervisor plans that round (re-reviews, new proposals) once, marks it with
/// <see cref="PlannedRound"/>, and then goes on as usual to a new overview.
/// </summary>
public sealed record RunScan
{
    public required string Id { get; init; }

    /// <summary>When the scan ran.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The cut-off: papers newer than this (the previous scan, or the run's start) counted as new.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>Ids of the new articles, as stored in the literature table.</summary>
    public IReadOnlyList<string> ArticleIds { get; init; } = [];

    /// <summary>The leading proposals the new articles bear on: each gets a new full review with them.</summary>
    public IReadOnlyList<ScanReview> Reviews { get; init; } = [];

    /// <summary>New articles that bear on none of the leaders: a direction the run has not explored.</summary>
    public IReadOnlyList<string> DirectionArticleIds { get; init; } = [];

    /// <summary>Proposals Generation writes from the new direction in the scan round.</summary>
    public int NewProposals { get; init; }

    /// <summary>The round the supervisor planned for this scan; null until it has.</summary>
    public int? PlannedRound { get; init; }
}
