namespace CoScientist.Core.Runs;

/// <summary>The limits of one run. The supervisor stops scheduling work before any of them is passed.</summary>
/// <param name="MaxProposals">Proposals the agents create (generated and evolved; the scientist's own are extra).</param>
/// <param name="MaxMatches">Tournament matches at most.</param>
/// <param name="MaxTokens">Input plus output tokens at most; null for no limit.</param>
/// <param name="MaxCostUsd">Cost in US dollars at most; null for no limit.</param>
/// <param name="MaxWallTime">Elapsed time at most; null for no limit.</param>
public sealed record RunBudget(
    int MaxProposals = 24,
    int? MaxMatches = null,
    long? MaxTokens = null,
    decimal? MaxCostUsd = null,
    TimeSpan? MaxWallTime = null)
{
    public const int ProposalLimit = 500;

    /// <summary>Matches allowed when none is given: enough for every proposal to play about five.</summary>
    public int EffectiveMaxMatches => MaxMatches ?? Math.Max(20, MaxProposals * 5);

    public IEnumerable<string> Validate()
    {
        if (MaxProposals is < 2 or > ProposalLimit)
        {
            yield return $"max proposals must be between 2 and {ProposalLimit} (got {MaxProposals}).";
        }

        if (MaxMatches is <= 0)
        {
            yield return $"max matches must be positive (got {MaxMatches}).";
        }

        if (MaxTokens is <= 0)
        {
            yield return $"the token budget must be positive (got {MaxTokens}).";
        }

        if (MaxCostUsd is <= 0)
        {
            yield return $"the budget in USD must be positive (got {MaxCostUsd}).";
        }

        if (MaxWallTime is { } wall && wall <= TimeSpan.Zero)
        {
            yield return $"the time budget must be positive (got {wall}).";
        }
    }
}
