using CoScientist.Api.Contracts;
using CoScientist.Core.Runs;

namespace CoScientist.Api.Estimates;

/// <summary>
/// What a run would spend before it is started (<c>POST /api/estimates</c>). The host supplies it: measuring
/// needs a rehearsal of the whole pipeline in memory, which only a host composes.
/// </summary>
public interface IRunEstimator
{
    Task<EstimateResponse> EstimateAsync(RunRequest request, CancellationToken cancellationToken);
}
