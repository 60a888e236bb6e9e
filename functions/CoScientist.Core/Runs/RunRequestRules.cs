using System.Globalization;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Runs;

/// <summary>A run request as a front end received it, before any check: every field may be missing or wrong.</summary>
/// <param name="Goal">The research goal.</param>
/// <param name="Preferences">Preferences (an item may be blank: that is reported).</param>
/// <param name="Constraints">Constraints (an item may be blank: that is reported).</param>
/// <param name="MaxProposals">Proposals the agents create; null for the server default.</param>
/// <param name="MaxMatches">Tournament matches at most; null for about five per proposal.</param>
/// <param name="BudgetUsd">Cost in US dollars at most; null for the server default.</param>
/// <param name="MaxTokens">Tokens at most; null for the server default.</param>
/// <param name="MaxMinutes">Minutes at most; null for the server default.</param>
/// <param name="Seed">The seed; null for 1.</param>
/// <param name="AttachedContext">Text the agents search as literature (a context file, a goal file's body).</param>
/// <param name="Scan">Whether scheduled literature scans keep the run current.</param>
/// <param name="Literature">Whether the agents search the host's literature sources; off, only the attached context.</param>
public sealed record RunRequestInput(
    string? Goal,
    IReadOnlyList<string?>? Preferences = null,
    IReadOnlyList<string?>? Constraints = null,
    int? MaxProposals = null,
    int? MaxMatches = null,
    decimal? BudgetUsd = null,
    long? MaxTokens = null,
    double? MaxMinutes = null,
    int? Seed = null,
    string? AttachedContext = null,
    bool Scan = false,
    bool Literature = true);

/// <summary>One thing wrong with a run request. <paramref name="Field"/> is the request's JSON field name (<c>goal</c>, <c>maxMatches</c>, ...).</summary>
public sealed record RunRequestProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>A request that a server-wide limit (<see cref="RunLimitsOptions"/>) refuses; the message names the limit.</summary>
public sealed class RunLimitException(string message) : RunRequestException(message)
{
    public RunLimitException()
        : this("A run limit was passed.")
    {
    }

    public RunLimitException(string message, Exception innerException)
        : this(message + " " + innerException?.Message)
    {
    }
}

/// <summary>
/// The one set of run-request rules, applied by every front end (CLI, HTTP API, goal-file uploads)
/// and again by <see cref="RunService"/> for any caller that builds a <see cref="RunRequest"/> itself:
/// text limits, budget ranges, the server defaults a run gets for every budget it does not give,
/// and the server maximums no run may pass. Messages name the limit and its setting.
/// </summary>
public sealed class RunRequestRules(IOptions<RunLimitsOptions> options)
{
    public const int DefaultSeed = 1;

    public RunLimitsOptions Limits { get; } = options.Value;

    /// <summary>The request to start, with every budget set (the server default where none was asked), or the problems, all of them.</summary>
    public (RunRequest? Request, IReadOnlyList<RunRequestProblem> Problems) Check(RunRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<RunRequestProblem>();
        void Add(string field, string message) => problems.Add(new RunRequestProblem(field, message));

        if (input.Goal is null)
        {
            Add("goal", "is required.");
        }
        else
        {
            Text("goal", input.Goal, Limits.MaxGoalCharacters, nameof(RunLimitsOptions.MaxGoalCharacters), Add);
        }

        TextList("preferences", input.Preferences, Add);
        TextList("constraints", input.Constraints, Add);
        Range("maxProposals", input.MaxProposals, 2, Limits.MaxProposals, nameof(RunLimitsOptions.MaxProposals), Add);
        Range("maxMatches", input.MaxMatches, 1, Limits.MaxMatches, nameof(RunLimitsOptions.MaxMatches), Add);
        if (input.BudgetUsd is { } usd && (usd <= 0 || usd > Limits.MaxBudgetUsd))
        {
            Add("budgetUsd", $"must be more than 0 and at most {Format(Limits.MaxBudgetUsd)} (got {Format(usd)}).{OverMaximum(usd > Limits.MaxBudgetUsd, nameof(RunLimitsOptions.MaxBudgetUsd))}");
        }

        if (input.MaxTokens is <= 0)
        {
            Add("maxTokens", $"must be positive (got {input.MaxTokens}).");
        }
        else if (input.MaxTokens > Limits.MaxTokens)
        {
            Add("maxTokens", $"must be at most {Limits.MaxTokens} (got {input.MaxTokens}).{OverMaximum(true, nameof(RunLimitsOptions.MaxTokens))}");
        }

        if (input.MaxMinutes is { } minutes && (minutes <= 0 || minutes > Limits.MaxMinutes || double.IsNaN(minutes)))
        {
            Add("maxMinutes", $"must be more than 0 and at most {Format(Limits.MaxMinutes)} (got {Format(minutes)}).{OverMaximum(minutes > Limits.MaxMinutes, nameof(RunLimitsOptions.MaxMinutes))}");
        }

        if (input.AttachedContext is { Length: > ResearchGoal.MaxContextLength } context)
        {
            Add("context", $"is {context.Length} characters long; the limit is {ResearchGoal.MaxContextLength}.");
        }

        if (input.Scan && !input.Literature)
        {
            // A scan searches the literature sources for the run, which literature off forbids.
            Add("literature", "is off, so the run cannot also ask for scheduled literature scans.");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var goal = new ResearchGoal(
            input.Goal!.Trim(),
            [.. (input.Preferences ?? []).Select(p => p!.Trim())],
            [.. (input.Constraints ?? []).Select(c => c!.Trim())],
            input.AttachedContext);
        var budget = new RunBudget(
            input.MaxProposals ?? Limits.DefaultMaxProposals,
            input.MaxMatches,
            input.MaxTokens,
            input.BudgetUsd,
            input.MaxMinutes is { } m ? TimeSpan.FromMinutes(m) : null);
        return (new RunRequest(goal, WithDefaults(budget), input.Seed ?? DefaultSeed, input.Scan, input.Literature), problems);
    }

    /// <summary>The budget with the server default for every limit it leaves open, and matches capped at the server maximum.</summary>
    public RunBudget WithDefaults(RunBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return budget with
        {
            MaxMatches = Math.Min(budget.EffectiveMaxMatches, Limits.MaxMatches),
            MaxTokens = budget.MaxTokens ?? Limits.DefaultMaxTokens,
            MaxCostUsd = budget.MaxCostUsd ?? Limits.DefaultBudgetUsd,
            MaxWallTime = budget.MaxWallTime ?? TimeSpan.FromMinutes(Limits.DefaultMaxMinutes),
        };
    }

    /// <summary>
    /// Problems with a request built by a caller rather than <see cref="Check"/>: the goal's own
    /// rules, and any budget past the server maximum. <see cref="RunService"/> refuses such a run.
    /// </summary>
    public IReadOnlyList<RunRequestProblem> Validate(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Goal.Validate().Select(p => new RunRequestProblem("goal", p)).ToList();
        var budget = request.Budget;
        void Add(string field, string message) => problems.Add(new RunRequestProblem(field, message));
        if (request.Goal.Text.Length > Limits.MaxGoalCharacters && request.Goal.Text.Length <= ResearchGoal.MaxTextLength)
        {
            Text("goal", request.Goal.Text, Limits.MaxGoalCharacters, nameof(RunLimitsOptions.MaxGoalCharacters), Add);
        }

        Range("maxProposals", budget.MaxProposals, 2, Limits.MaxProposals, nameof(RunLimitsOptions.MaxProposals), Add);
        Range("maxMatches", budget.MaxMatches, 1, Limits.MaxMatches, nameof(RunLimitsOptions.MaxMatches), Add);
        if (budget.MaxTokens is { } tokens && (tokens <= 0 || tokens > Limits.MaxTokens))
        {
            Add("maxTokens", $"must be between 1 and {Limits.MaxTokens} (got {tokens}).{OverMaximum(tokens > Limits.MaxTokens, nameof(RunLimitsOptions.MaxTokens))}");
        }

        if (budget.MaxCostUsd is { } usd && (usd <= 0 || usd > Limits.MaxBudgetUsd))
        {
            Add("budgetUsd", $"must be more than 0 and at most {Format(Limits.MaxBudgetUsd)} (got {Format(usd)}).{OverMaximum(usd > Limits.MaxBudgetUsd, nameof(RunLimitsOptions.MaxBudgetUsd))}");
        }

        if (budget.MaxWallTime is { } wall && (wall <= TimeSpan.Zero || wall.TotalMinutes > Limits.MaxMinutes))
        {
            Add("maxMinutes", $"must be more than 0 and at most {Format(Limits.MaxMinutes)} (got {Format(wall.TotalMinutes)}).{OverMaximum(wall.TotalMinutes > Limits.MaxMinutes, nameof(RunLimitsOptions.MaxMinutes))}");
        }

        return problems;
    }

    /// <summary>Why a run cannot take this feedback (its text, or the run's feedback limits), or null when it can.</summary>
    public string? FeedbackProblem(IReadOnlyList<ScientistFeedback> existing, string text)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Feedback text is empty.";
        }

        var length = text.Trim().Length;
        if (length > Limits.MaxFeedbackCharacters)
        {
            return $"Feedback is {length} characters long; the limit is {Limits.MaxFeedbackCharacters} ({RunLimitsOptions.SectionName}:{nameof(RunLimitsOptions.MaxFeedbackCharacters)}).";
        }

        if (existing.Count >= Limits.MaxFeedbackItems)
        {
            return $"This run has {existing.Count} feedback items, the most a run takes ({RunLimitsOptions.SectionName}:{nameof(RunLimitsOptions.MaxFeedbackItems)} = {Limits.MaxFeedbackItems}).";
        }

        var total = existing.Sum(f => f.Text.Length) + length;
        return total > Limits.MaxFeedbackTotalCharacters
            ? $"This feedback would bring the run's feedback to {total} characters; a run takes at most {Limits.MaxFeedbackTotalCharacters} ({RunLimitsOptions.SectionName}:{nameof(RunLimitsOptions.MaxFeedbackTotalCharacters)})."
            : null;
    }

    private void TextList(string field, IReadOnlyList<string?>? values, Action<string, string> add)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > Limits.MaxListItems)
        {
            add(field, $"has {values.Count} items; the limit is {Limits.MaxListItems}. It is set by {RunLimitsOptions.SectionName}:{nameof(RunLimitsOptions.MaxListItems)}.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrWhiteSpace(value))
            {
                add(field, $"item {i} must not be empty.");
            }
            else if (value.Length > Limits.MaxItemCharacters)
            {
                add(field, $"item {i} is {value.Length} characters long; the limit is {Limits.MaxItemCharacters}. It is set by {RunLimitsOptions.SectionName}:{nameof(RunLimitsOptions.MaxItemCharacters)}.");
            }
        }
    }

    private static void Text(string field, string value, int maxLength, string key, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            add(field, "must not be empty.");
        }
        else if (value.Length > maxLength)
        {
            add(field, $"is {value.Length} characters long; the limit is {maxLength}. It is set by {RunLimitsOptions.SectionName}:{key}.");
        }
    }

    private static void Range(string field, int? value, int min, int max, string key, Action<string, string> add)
    {
        if (value is { } v && (v < min || v > max))
        {
            add(field, $"must be between {min} and {max} (got {v}).{OverMaximum(v > max, key)}");
        }
    }

    private static string OverMaximum(bool over, string key) =>
        over ? $" That is more than this server's maximum, set by {RunLimitsOptions.SectionName}:{key}." : "";

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
