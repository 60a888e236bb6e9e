using CoScientist.Api.Contracts;
using CoScientist.Core.Runs;

namespace CoScientist.Api.Validation;

/// <summary>
/// Turns a <see cref="CreateRunRequest"/> into the engine's <see cref="RunRequest"/> with the
/// server's one set of run-request rules (<see cref="RunRequestRules"/>, configured by
/// <c>RunLimits</c>), plus the one check only the API has: <c>model</c> must name this server's provider.
/// </summary>
public static class RunRequestValidator
{
    public static (RunRequest? Request, FieldErrors Errors) Validate(CreateRunRequest body, ServerModel server, RunRequestRules rules)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new FieldErrors();
        var (request, problems) = rules.Check(new RunRequestInput(
            body.Goal, body.Preferences, body.Constraints, body.MaxProposals, body.MaxMatches, body.BudgetUsd, body.MaxTokens, body.MaxMinutes, body.Seed, Literature: body.Literature ?? true));
        foreach (var problem in problems)
        {
            errors.Add(problem.Field, problem.Message);
        }

        if (body.Model is not null && server.ProblemWith(body.Model) is { } modelProblem)
        {
            errors.Add("model", modelProblem);
        }

        return errors.Any ? (null, errors) : (request, errors);
    }
}
