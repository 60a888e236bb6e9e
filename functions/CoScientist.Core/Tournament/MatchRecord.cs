namespace CoScientist.Core.Tournament;

public enum MatchFormat
{
    SingleTurn,
    Debate,
}

/// <summary>One turn of a ranking debate.</summary>
public sealed record DebateTurn(string Speaker, string Text);

/// <summary>
/// One entry of the append-only match log. Ratings are not stored here: they are replayed from
/// the log in (round, id) order, so any cached Elo can be checked against the log.
/// </summary>
public sealed record MatchRecord
{
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public required int Round { get; init; }

    public required string ProposalA { get; init; }

    public required string ProposalB { get; init; }

    public required string WinnerId { get; init; }

    public required MatchFormat Format { get; init; }

    public required string Rationale { get; init; }

    public IReadOnlyList<DebateTurn> Transcript { get; init; } = [];

    public bool Simulated { get; init; }

    /// <summary>
    /// The single-turn judge was asked in both presentation orders (two calls), so its position
    /// bias cancels out. <see cref="WinnerId"/> is then the side both verdicts chose.
    /// </summary>
    public bool BothOrders { get; init; }

    /// <summary>
    /// The two presentation orders gave opposite verdicts: the match counts half a win to each
    /// side (<see cref="WinnerId"/> is then only the first proposal, for the record's shape).
    /// </summary>
    public bool Draw { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string LoserId => WinnerId == ProposalA ? ProposalB : ProposalA;
}
