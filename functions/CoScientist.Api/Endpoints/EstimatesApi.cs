using CoScientist.Api.Contracts;
using CoScientist.Api.Estimates;
using CoScientist.Api.Problems;
using CoScientist.Api.Validation;
using CoScientist.Core.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// <c>POST /api/estimates</c>: the calls, tokens and cost a run with this body would spend, before
/// the scientist starts it. The body and its rules are those of <c>POST /api/runs</c>.
/// </summary>
public sealed class EstimatesApi(IRunEstimator estimator, ServerModel model, RunRequestRules rules, IOptions<ApiOptions> apiOptions, ILogger<EstimatesApi> logger)
{
    public async Task<IResult> EstimateRunAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateRunRequest>(request, apiOptions.Value.MaxRequestBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (runRequest, errors) = RunRequestValidator.Validate(body.Value!, model, rules);
        if (runRequest is null)
        {
            return errors.ToProblem();
        }

        EstimateResponse estimate;
        try
        {
            estimate = await estimator.EstimateAsync(runRequest, cancellationToken);
        }
        catch (RunRequestException ex)
        {
            return ApiProblems.Validation("body", ex.Message);
        }

        WorkbenchLog.Estimated(logger, estimate.Calls, estimate.TotalTokens, estimate.CostUsd, runRequest.Budget.MaxProposals);
        return ApiResults.Json(estimate with { Model = model.Description });
    }
}
