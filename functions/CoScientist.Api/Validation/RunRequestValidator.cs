using CoScientist.Api.Contracts;
using CoScientist.Core.Runs;

namespace CoScientist.Api.Validation;

/// <summary>Checks a <see cref="CreateRunRequest"/> field by field and turns it into the engine's <see cref="RunRequest"/>.</summary>
public static class RunRequestValidator
{
    public static (RunRequest? Request, FieldErrors Errors) Validate(CreateRunRequest body, ServerModel server)
    {
        var errors = new FieldErrors();
        errors.RequiredText("goal", body.Goal, CreateRunRequest.MaxGoalLength);
        errors.TextList("preferences", body.Preferences, CreateRunRequest.MaxListItems, CreateRunRequest.MaxItemLength);
        errors.TextList("constraints", body.Constraints, CreateRunRequest.MaxListItems, CreateRunRequest.MaxItemLength);
        errors.Range("maxProposals", body.MaxProposals, 2, RunBudget.ProposalLimit);
        errors.Range("maxMatches", body.MaxMatches, 1, CreateRunRequest.MaxMatchesLimit);
        if (body.BudgetUsd is { } usd && (usd <= 0 || usd > CreateRunRequest.MaxBudgetUsd))
        {
            errors.Add("budgetUsd", $"must be more than 0 and at most {CreateRunRequest.MaxBudgetUsd} (got {usd}).");
        }

        if (body.MaxTokens is <= 0)
        {
            errors.Add("maxTokens", $"must be positive (got {body.MaxTokens}).");
        }

        if (body.MaxMinutes is { } minutes && (minutes <= 0 || minutes > CreateRunRequest.MaxMinutesLimit))
        {
            errors.Add("maxMinutes", $"must be more than 0 and at most {CreateRunRequest.MaxMinutesLimit} (got {minutes}).");
        }

        if (body.Model is not null && ModelProblem(body.Model, server) is { } modelProblem)
        {
            errors.Add("model", modelProblem);
        }

        if (errors.Any)
        {
            return (null, errors);
        }

        var goal = new ResearchGoal(
            body.Goal!.Trim(),
            [.. (body.Preferences ?? []).Select(p => p!.Trim())],
            [.. (body.Constraints ?? []).Select(c => c!.Trim())]);
        var budget = new RunBudget(
            body.MaxProposals ?? CreateRunRequest.DefaultMaxProposals,
            body.MaxMatches,
            body.MaxTokens,
            body.BudgetUsd,
            body.MaxMinutes is { } m ? TimeSpan.FromMinutes(m) : null);

        // The engine's own rules, in case they are stricter than the API's (they are not today).
        foreach (var problem in goal.Validate().Concat(budget.Validate()))
        {
            errors.Add("body", problem);
        }

        return errors.Any ? (null, errors) : (new RunRequest(goal, budget, body.Seed ?? CreateRunRequest.DefaultSeed), errors);
    }

    /// <summary>
    /// A server has one provider (Llm:Provider). <c>model</c> may name it, to make sure a run goes
    /// where the client expects; naming another is refused rather than silently ignored.
    /// </summary>
    private static string? ModelProblem(string model, ServerModel server)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return "must not be empty (omit it to use the server's provider).";
        }

        var wanted = ServerModel.Normalize(model);
        if (wanted is null)
        {
            return $"unknown model '{model}': choose {string.Join(", ", ServerModel.Providers)}.";
        }

        return wanted == server.Provider
            ? null
            : $"this server runs every run on the '{server.Provider}' provider, so '{wanted}' cannot be chosen per run; omit model, or use a server configured with Llm:Provider={wanted}.";
    }
}
