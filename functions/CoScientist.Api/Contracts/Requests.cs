using System.ComponentModel;

namespace CoScientist.Api.Contracts;

/// <summary>Body of <c>POST /api/runs</c>. Every field but <c>goal</c> is optional.</summary>
public sealed record CreateRunRequest(
    [property: Description("The research goal, in plain language (1 to 4000 characters).")] string? Goal,
    [property: Description("Preferences, e.g. 'favour approved drugs' (at most 20, each up to 1000 characters).")] IReadOnlyList<string?>? Preferences = null,
    [property: Description("Constraints, e.g. 'no animal studies' (at most 20, each up to 1000 characters).")] IReadOnlyList<string?>? Constraints = null,
    [property: Description("Proposals the agents create, generated plus evolved (2 to the server's RunLimits:MaxProposals, 500 by default; default RunLimits:DefaultMaxProposals, 24).")] int? MaxProposals = null,
    [property: Description("Tournament matches at most (1 to the server's RunLimits:MaxMatches, 5000 by default; default 5 per proposal).")] int? MaxMatches = null,
    [property: Description("Stop before spending more than this many US dollars (more than 0, at most the server's RunLimits:MaxBudgetUsd, 1000 by default; default RunLimits:DefaultBudgetUsd, 10).")] decimal? BudgetUsd = null,
    [property: Description("Stop before using more tokens than this (positive, at most the server's RunLimits:MaxTokens; default RunLimits:DefaultMaxTokens).")] long? MaxTokens = null,
    [property: Description("Stop after this many minutes (more than 0, at most the server's RunLimits:MaxMinutes, 10080 by default; default RunLimits:DefaultMaxMinutes, 1440).")] double? MaxMinutes = null,
    [property: Description("simulated, azure-openai or openai. Optional: it must name the provider this server is configured with (see GET /api/runs responses' model); a server has one provider.")] string? Model = null,
    [property: Description("Seed: the same seed gives the same simulated run (any 32-bit integer; default 1).")] int? Seed = null,
    [property: Description("Whether the agents search the literature sources the server is configured with (Literature settings; default true). false: they read only the run's attached context and no request goes to a literature source for this run.")] bool? Literature = null)
{
    public const int MaxGoalLength = 4_000;
    public const int MaxListItems = 20;
    public const int MaxItemLength = 1_000;
    public const decimal MaxBudgetUsd = 100_000m;
    public const double MaxMinutesLimit = 7 * 24 * 60;
    public const int MaxMatchesLimit = 100_000;
    public const int DefaultMaxProposals = 24;
    public const int DefaultSeed = 1;
}

/// <summary>Body of <c>POST /api/runs/{runId}/proposals</c>: the scientist's own proposal. <c>title</c> and <c>statement</c> are required.</summary>
public sealed record AddProposalRequest(
    [property: Description("Title (up to 300 characters).")] string? Title,
    [property: Description("The hypothesis in two or three sentences (up to 4000 characters).")] string? Statement,
    string? Background = null,
    string? UnmetNeed = null,
    string? ProposedSolution = null,
    IReadOnlyList<string?>? Goals = null,
    IReadOnlyList<string?>? TestableHypotheses = null,
    string? Reasoning = null,
    IReadOnlyList<string?>? StudySteps = null)
{
    public const int MaxTitleLength = 300;
    public const int MaxStatementLength = 4_000;
    public const int MaxSectionLength = 8_000;
    public const int MaxListItems = 20;
    public const int MaxItemLength = 1_000;
}

/// <summary>Body of <c>POST /api/runs/{runId}/reviews</c>: the scientist's review of a proposal.</summary>
public sealed record AddReviewRequest(
    [property: Description("The proposal reviewed.")] string? ProposalId,
    [property: Description("The review (up to 8000 characters).")] string? Text)
{
    public const int MaxTextLength = 8_000;
}

/// <summary>Body of <c>POST /api/runs/{runId}/feedback</c>: a constraint or preference the agents see from the next round.</summary>
public sealed record FeedbackRequest(
    [property: Description("The feedback (up to 4000 characters).")] string? Text)
{
    public const int MaxTextLength = 4_000;
}
