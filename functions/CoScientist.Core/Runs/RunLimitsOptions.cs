namespace CoScientist.Core.Runs;

/// <summary>
/// The server-wide rules for run requests, from the <c>RunLimits</c> configuration section: how
/// long a goal and its lists may be, the budget a run gets when it asks for none, the most any
/// run may ask for, and how much feedback a run takes. One set for every way a run starts (CLI,
/// HTTP API, goal-file uploads); <see cref="RunRequestRules"/> applies it.
/// </summary>
public sealed class RunLimitsOptions
{
    public const string SectionName = "RunLimits";

    public int MaxGoalCharacters { get; set; } = 4_000;

    /// <summary>Preferences, and constraints, at most per run request.</summary>
    public int MaxListItems { get; set; } = 20;

    public int MaxItemCharacters { get; set; } = 1_000;

    public int DefaultMaxProposals { get; set; } = 24;

    public int MaxProposals { get; set; } = RunBudget.ProposalLimit;

    /// <summary>Matches at most: a request may ask for fewer, never more. Without a request a run plays about five per proposal.</summary>
    public int MaxMatches { get; set; } = 5_000;

    public long DefaultMaxTokens { get; set; } = 20_000_000;

    public long MaxTokens { get; set; } = 200_000_000;

    public decimal DefaultBudgetUsd { get; set; } = 10m;

    public decimal MaxBudgetUsd { get; set; } = 1_000m;

    public double DefaultMaxMinutes { get; set; } = 24 * 60;

    public double MaxMinutes { get; set; } = 7 * 24 * 60;

    /// <summary>Feedback items a run takes in all; more are refused, naming this limit.</summary>
    public int MaxFeedbackItems { get; set; } = 50;

    public int MaxFeedbackCharacters { get; set; } = 4_000;

    /// <summary>Characters of feedback a run takes in all.</summary>
    public int MaxFeedbackTotalCharacters { get; set; } = 50_000;

    /// <summary>One line per problem, naming the key; empty when usable.</summary>
    public IEnumerable<string> Validate()
    {
        static string Key(string name) => $"{SectionName}:{name}";

        if (MaxGoalCharacters is < 1 or > ResearchGoal.MaxTextLength)
        {
            yield return $"{Key(nameof(MaxGoalCharacters))} must be between 1 and {ResearchGoal.MaxTextLength} (got {MaxGoalCharacters}).";
        }

        if (MaxListItems < 0 || MaxItemCharacters < 1)
        {
            yield return $"{Key(nameof(MaxListItems))} must not be negative and {Key(nameof(MaxItemCharacters))} must be positive (got {MaxListItems}, {MaxItemCharacters}).";
        }

        if (MaxProposals is < 2 or > RunBudget.ProposalLimit)
        {
            yield return $"{Key(nameof(MaxProposals))} must be between 2 and {RunBudget.ProposalLimit} (got {MaxProposals}).";
        }

        if (DefaultMaxProposals < 2 || DefaultMaxProposals > MaxProposals)
        {
            yield return $"{Key(nameof(DefaultMaxProposals))} must be between 2 and {Key(nameof(MaxProposals))} ({MaxProposals}) (got {DefaultMaxProposals}).";
        }

        if (MaxMatches < 1)
        {
            yield return $"{Key(nameof(MaxMatches))} must be positive (got {MaxMatches}).";
        }

        if (DefaultMaxTokens < 1 || DefaultMaxTokens > MaxTokens)
        {
            yield return $"{Key(nameof(DefaultMaxTokens))} must be positive and at most {Key(nameof(MaxTokens))} ({MaxTokens}) (got {DefaultMaxTokens}).";
        }

        if (DefaultBudgetUsd <= 0 || DefaultBudgetUsd > MaxBudgetUsd)
        {
            yield return $"{Key(nameof(DefaultBudgetUsd))} must be more than 0 and at most {Key(nameof(MaxBudgetUsd))} ({MaxBudgetUsd}) (got {DefaultBudgetUsd}).";
        }

        if (DefaultMaxMinutes <= 0 || DefaultMaxMinutes > MaxMinutes)
        {
            yield return $"{Key(nameof(DefaultMaxMinutes))} must be more than 0 and at most {Key(nameof(MaxMinutes))} ({MaxMinutes}) (got {DefaultMaxMinutes}).";
        }

        if (MaxFeedbackItems < 0 || MaxFeedbackCharacters < 1 || MaxFeedbackTotalCharacters < MaxFeedbackCharacters)
        {
            yield return $"{Key(nameof(MaxFeedbackItems))} must not be negative, {Key(nameof(MaxFeedbackCharacters))} must be positive and at most {Key(nameof(MaxFeedbackTotalCharacters))} (got {MaxFeedbackItems}, {MaxFeedbackCharacters}, {MaxFeedbackTotalCharacters}).";
        }
    }
}
